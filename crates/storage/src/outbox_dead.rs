//! The dead-letter list: notices that could not be delivered after their retries, which an
//! administrator reads and may put back in the queue, and the "unreachable" hint on a person's
//! page.

use crate::Store;
use crate::codec::ts;
use crate::error::{Result, db};
use crate::outbox::{OUTBOX_COLS, OutboxRow, outbox_row};
use chrono::{DateTime, Utc};
use tandem_domain::{PersonId, SchemeId};

impl Store {
    /// Dead notices to the people of `scheme`, the most recent failure first (at most
    /// `limit`). A notice to a bare address carries no scheme and is not listed: whoever runs
    /// the installation reads those in the log, by id.
    pub async fn dead_notices(&self, scheme: SchemeId, limit: u64) -> Result<Vec<OutboxRow>> {
        let cols: Vec<String> = OUTBOX_COLS
            .split(',')
            .map(|c| format!("o.{}", c.trim()))
            .collect();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM outbox o JOIN people p ON p.id = o.person_id \
             WHERE o.state = 'dead' AND p.scheme_id = $1 \
             ORDER BY o.finished_at DESC, o.id DESC LIMIT $2",
            cols.join(", ")
        )))
        .bind(scheme.to_string())
        .bind(crate::codec::i64_from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(outbox_row).collect()
    }

    /// One notice by id, in any state.
    pub async fn notice(&self, id: &str) -> Result<Option<OutboxRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OUTBOX_COLS} FROM outbox WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(outbox_row).transpose()
    }

    /// Puts a dead notice back in the queue, due at `now`, with its attempts counted afresh
    /// (the cause was presumably fixed: a full round of retries is its due). Returns whether it
    /// was dead: a notice retried already, or never dead, is left alone, so two administrators
    /// pressing "Try again" at once queue it once.
    pub async fn retry_dead_notice(&self, id: &str, now: DateTime<Utc>) -> Result<bool> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<bool> = async {
            let done = sqlx::query(
                "UPDATE outbox SET state = 'queued', due_at = $2, attempts = 0, finished_at = NULL, \
                 lease_owner = NULL, lease_until = NULL WHERE id = $1 AND state = 'dead'",
            )
            .bind(id)
            .bind(ts(now))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            Ok(done.rows_affected() == 1)
        }
        .await;
        let out = out?;
        if !out {
            // Nothing changed: nothing to audit either.
            self.discard_staged();
            return Ok(out);
        }
        self.commit(tx).await.map_err(crate::error::db)?;
        Ok(out)
    }

    /// The person's most recent notice whose delivery ended (sent or dead): when it is dead,
    /// the last attempt to reach them failed.
    pub async fn latest_delivery(&self, person: PersonId) -> Result<Option<OutboxRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OUTBOX_COLS} FROM outbox WHERE person_id = $1 AND state IN ('sent', 'dead') \
             AND finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1"
        )))
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(outbox_row).transpose()
    }
}
