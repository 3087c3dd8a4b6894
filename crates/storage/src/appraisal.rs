//! Storage of goals tied to appraisal: a goal's citation (two columns of `growth_goals`, read by
//! the goal queries through [`citation_from`]) and the summaries mentees share with their line
//! managers (`appraisal_summaries`).
//!
//! Every change of a summary's state is one conditional UPDATE, so two requests at once cannot
//! both count: a link opens once; a withdrawal and an opening race and exactly one wins. Only a
//! link's SHA-256 is stored, never the token.

use crate::Store;
use crate::codec::{opt_text, parse_date, parse_ts, parsed, text, ts};
use crate::error::{Result, StoreError, corrupt, db, db_or_conflict};
use crate::{JsonRows, UniqueField};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use tandem_domain::appraisal::{
    AppraisalCitation, AppraisalKind, AppraisalSummary, SummaryId, SummaryStatus,
};
use tandem_domain::{PersonId, RelationshipId};

/// A goal's citation from its row (`appraisal_kind`, `appraisal_on`; both NULL for none).
pub(crate) fn citation_from(row: &AnyRow) -> Result<Option<AppraisalCitation>> {
    match (
        opt_text(row, "appraisal_kind")?,
        opt_text(row, "appraisal_on")?,
    ) {
        (None, None) => Ok(None),
        (Some(k), Some(d)) => Ok(Some(AppraisalCitation {
            kind: AppraisalKind::from_code(&k)
                .ok_or_else(|| corrupt(format!("appraisal_kind {k:?}")))?,
            held_on: parse_date(&d)?,
        })),
        _ => Err(corrupt("appraisal citation half set".to_owned())),
    }
}

const SUMMARY_COLUMNS: &str = "id, relationship_id, person_id, manager_id, body, status, \
     created_at, sent_at, expires_at, opened_at, withdrawn_at";

fn opt_ts(row: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>> {
    opt_text(row, col)?.map(|s| parse_ts(&s)).transpose()
}

fn summary_from(row: &AnyRow) -> Result<AppraisalSummary> {
    let status = text(row, "status")?;
    Ok(AppraisalSummary {
        id: parsed(row, "id")?,
        relationship_id: parsed(row, "relationship_id")?,
        person_id: parsed(row, "person_id")?,
        manager_id: parsed(row, "manager_id")?,
        text: text(row, "body")?,
        status: SummaryStatus::from_code(&status)
            .ok_or_else(|| corrupt(format!("summary status {status:?}")))?,
        created_at: parse_ts(&text(row, "created_at")?)?,
        sent_at: opt_ts(row, "sent_at")?,
        expires_at: opt_ts(row, "expires_at")?,
        opened_at: opt_ts(row, "opened_at")?,
        withdrawn_at: opt_ts(row, "withdrawn_at")?,
    })
}

impl Store {
    /// The mentee's summary of a relationship, if they shared one.
    pub async fn appraisal_summary_of(
        &self,
        relationship: RelationshipId,
        person: PersonId,
    ) -> Result<Option<AppraisalSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM appraisal_summaries \
             WHERE relationship_id = $1 AND person_id = $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(relationship.to_string())
            .bind(person.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(summary_from).transpose()
    }

    pub async fn get_appraisal_summary(&self, id: SummaryId) -> Result<AppraisalSummary> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM appraisal_summaries WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        summary_from(&row)
    }

    /// The summary behind a manager's link (by the token's hash), if any.
    pub async fn appraisal_summary_by_link(
        &self,
        token_hash: &str,
    ) -> Result<Option<AppraisalSummary>> {
        let sql =
            format!("SELECT {SUMMARY_COLUMNS} FROM appraisal_summaries WHERE token_hash = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(summary_from).transpose()
    }

    /// Shares a summary: a new row, or the withdrawn one of the same mentee and relationship
    /// replaced (its old link forgotten). `Refused(StatusChanged)` when one is already shared
    /// and not withdrawn; nothing changes then.
    pub async fn share_appraisal_summary(&self, s: &AppraisalSummary) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let out: Result<()> = async {
            let replaced = sqlx::query(
                "UPDATE appraisal_summaries SET id = $1, manager_id = $4, body = $5, status = $6, \
                 created_at = $7, token_hash = NULL, sent_at = NULL, expires_at = NULL, \
                 opened_at = NULL, withdrawn_at = NULL \
                 WHERE relationship_id = $2 AND person_id = $3 AND status = 'withdrawn'",
            )
            .bind(s.id.to_string())
            .bind(s.relationship_id.to_string())
            .bind(s.person_id.to_string())
            .bind(s.manager_id.to_string())
            .bind(s.text.as_str())
            .bind(s.status.code())
            .bind(ts(s.created_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            if replaced == 1 {
                return Ok(());
            }
            sqlx::query(
                "INSERT INTO appraisal_summaries (id, relationship_id, person_id, manager_id, \
                 body, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(s.id.to_string())
            .bind(s.relationship_id.to_string())
            .bind(s.person_id.to_string())
            .bind(s.manager_id.to_string())
            .bind(s.text.as_str())
            .bind(s.status.code())
            .bind(ts(s.created_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| match db_or_conflict(e, UniqueField::Id) {
                StoreError::Conflict { .. } => StoreError::Refused(crate::Clash::StatusChanged),
                other => other,
            })?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(db)
    }

    /// Records the link e-mailed for a summary still shared and unopened (its hash, when sent
    /// and until when it works); a newer link replaces an older one. `Ok(false)` when the summary
    /// was withdrawn or opened meanwhile: no link is made.
    pub async fn set_appraisal_summary_link(
        &self,
        id: SummaryId,
        token_hash: &str,
        sent_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "UPDATE appraisal_summaries SET token_hash = $2, sent_at = $3, expires_at = $4 \
             WHERE id = $1 AND status = 'sent'",
        )
        .bind(id.to_string())
        .bind(token_hash)
        .bind(ts(sent_at))
        .bind(ts(expires_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        self.commit(tx).await.map_err(db)?;
        Ok(done == 1)
    }

    /// Opens a summary through its link: shared, not withdrawn, unexpired at `now`; marks it
    /// opened. `None` when the link is unknown or no longer usable (nothing changes).
    pub async fn open_appraisal_summary(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<AppraisalSummary>> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "UPDATE appraisal_summaries SET status = 'opened', opened_at = $2 \
             WHERE token_hash = $1 AND status = 'sent' AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(ts(now))
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if done != 1 {
            tx.rollback().await.map_err(db)?;
            return Ok(None);
        }
        self.commit(tx).await.map_err(db)?;
        self.appraisal_summary_by_link(token_hash).await
    }

    /// Withdraws the mentee's summary while it is unopened. `Refused(StatusChanged)` when it was
    /// opened (or withdrawn) meanwhile; `NotFound` when there is none.
    pub async fn withdraw_appraisal_summary(
        &self,
        relationship: RelationshipId,
        person: PersonId,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let out: Result<()> = async {
            let done = sqlx::query(
                "UPDATE appraisal_summaries SET status = 'withdrawn', withdrawn_at = $3 \
                 WHERE relationship_id = $1 AND person_id = $2 AND status = 'sent'",
            )
            .bind(relationship.to_string())
            .bind(person.to_string())
            .bind(ts(now))
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            if done == 1 {
                Ok(())
            } else {
                Err(StoreError::Refused(crate::Clash::StatusChanged))
            }
        }
        .await;
        out?;
        self.commit(tx).await.map_err(db)
    }

    /// Subject access: the summaries the person shared (never the link's hash) and, so that a
    /// manager can see what reached them, the summaries shared with them.
    pub async fn rights_appraisal(
        &self,
        person: PersonId,
    ) -> Result<[(&'static str, JsonRows); 2]> {
        Ok([
            (
                "appraisal_summaries",
                self.rows_of(
                    "SELECT id, relationship_id, manager_id, body, status, created_at, sent_at, \
                     expires_at, opened_at, withdrawn_at FROM appraisal_summaries \
                     WHERE person_id = $1 ORDER BY created_at, id",
                    person,
                )
                .await?,
            ),
            (
                "appraisal_summaries_received",
                self.rows_of(
                    "SELECT id, relationship_id, person_id, status, sent_at, opened_at \
                     FROM appraisal_summaries WHERE manager_id = $1 ORDER BY created_at, id",
                    person,
                )
                .await?,
            ),
        ])
    }
}
