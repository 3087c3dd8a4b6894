//! The durable outbox: notices written in the same transaction as the change that causes them.
//!
//! A use case that changes data and must tell someone about it *stages* its notices on a
//! [`Store`] handle ([`Store::staged`]) and calls the write method on that handle. Every
//! transactional write method ends with [`Store::commit`], which inserts the staged notices in
//! the same transaction before committing: the change and its notices are kept or lost together,
//! so a crash can never leave an approved application whose applicant is never told (or a notice
//! about a change that was rolled back). After the write, [`Store::ensure_flushed`] checks that
//! the method really took the notices; a write method without a transaction would otherwise drop
//! them silently, and a test of the use case catches that as an error.
//!
//! Each notice carries a unique deduplication key, so the same cause (a retried request, the
//! scheduler ticking on several instances at once) yields one row: inserts are
//! `ON CONFLICT (dedup_key) DO NOTHING` on both backends.

use crate::codec::ts;
use crate::error::{Result, StoreError, db};
use crate::{AuditEntry, Store};
use chrono::{DateTime, Utc};
use sqlx::Any;
use std::sync::{Arc, Mutex};
use tandem_domain::PersonId;
use uuid::Uuid;

/// Who a notice is for: a person (their address, language, preferences and erasure are read at
/// delivery), or a bare address for someone without a record yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeTo {
    Person(PersonId),
    Address(String),
}

/// A notice to be queued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNotice {
    /// The stable kind code, e.g. `session.reminder` (see `tandem_app::notify::NoticeKind`).
    pub kind: String,
    /// Unique per cause: a second notice with the same key is not queued.
    pub dedup_key: String,
    pub to: NoticeTo,
    /// JSON: the ids and facts the kind's renderer needs.
    pub payload: String,
    /// Not delivered before this time.
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// What a staged [`Store`] handle writes with its next commit: notices (see [`Store::staged`])
/// and audit entries (see [`Store::audited`]).
#[derive(Debug, Default)]
pub(crate) struct Pending {
    pub(crate) notices: Vec<NewNotice>,
    pub(crate) audit: Vec<AuditEntry>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.notices.is_empty() && self.audit.is_empty()
    }
}

/// Notices and audit entries staged on a [`Store`] handle, waiting for its next commit.
pub(crate) type Staged = Arc<Mutex<Pending>>;

impl Store {
    /// A handle on the same database whose next transactional write also queues `notices`, in
    /// the same transaction. Call [`Store::ensure_flushed`] on it afterwards.
    /// Notices staged on a handle that already has some (or audit entries) join them.
    pub fn staged(&self, notices: Vec<NewNotice>) -> Store {
        let handle = self.pending_handle();
        if let Some(staged) = &handle.staged {
            lock(staged).notices.extend(notices);
        }
        handle
    }

    /// A handle on the same database whose next transactional write also appends `entry` to the
    /// audit log, in the same transaction (so the change and its entry are kept or lost
    /// together). Combines with [`Store::staged`] in either order. Call
    /// [`Store::ensure_flushed`] on it afterwards: a write method without a transaction would
    /// otherwise drop the entry, and that check turns the mistake into an error.
    pub fn audited(&self, entry: AuditEntry) -> Store {
        let handle = self.pending_handle();
        if let Some(staged) = &handle.staged {
            lock(staged).audit.push(entry);
        }
        handle
    }

    /// This handle if it already stages something, else a new staging handle.
    fn pending_handle(&self) -> Store {
        Store {
            pool: self.pool.clone(),
            backend: self.backend,
            staged: Some(
                self.staged
                    .clone()
                    .unwrap_or_else(|| Arc::new(Mutex::new(Pending::default()))),
            ),
        }
    }

    /// Drops what this handle stages, for a write that found nothing to change (so that a
    /// refused or empty change writes no audit entry).
    pub(crate) fn discard_staged(&self) {
        if let Some(staged) = &self.staged {
            *lock(staged) = Pending::default();
        }
    }

    /// Checks that a staged handle's notices and audit entries were written by the write it was
    /// used for.
    pub fn ensure_flushed(&self) -> Result<()> {
        let Some(staged) = &self.staged else {
            return Ok(());
        };
        let pending = lock(staged);
        if pending.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Invalid(format!(
                "{} staged notice(s) and {} audit entr(y/ies) were not written: the write has no transaction",
                pending.notices.len(),
                pending.audit.len()
            )))
        }
    }

    /// Commits `tx` after inserting this handle's staged notices and audit entries into it.
    /// Every transactional write method ends here instead of calling `tx.commit()` itself.
    pub(crate) async fn commit(
        &self,
        mut tx: sqlx::Transaction<'_, Any>,
    ) -> std::result::Result<(), sqlx::Error> {
        let pending = match &self.staged {
            Some(staged) => std::mem::take(&mut *lock(staged)),
            None => Pending::default(),
        };
        let written = async {
            for n in &pending.notices {
                insert_notice(&mut tx, n).await?;
            }
            for e in &pending.audit {
                crate::audit::append_in(&mut tx, e).await?;
            }
            tx.commit().await
        }
        .await;
        match written {
            Ok(()) => Ok(()),
            Err(e) => {
                // Put them back: the caller sees the error, and a retry on this handle stages
                // them again rather than losing them.
                if let Some(staged) = &self.staged {
                    let mut back = lock(staged);
                    back.notices.extend(pending.notices);
                    back.audit.extend(pending.audit);
                }
                Err(e)
            }
        }
    }

    /// Queues notices outside any other change (the scheduler): each in its own statement,
    /// skipping keys already queued. Returns how many were new.
    pub async fn enqueue(&self, notices: &[NewNotice]) -> Result<u64> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let mut added = 0;
        for n in notices {
            added += insert_notice(&mut tx, n).await.map_err(db)?;
        }
        self.commit(tx).await.map_err(db)?;
        Ok(added)
    }
}

fn lock(staged: &Staged) -> std::sync::MutexGuard<'_, Pending> {
    staged.lock().unwrap_or_else(|p| p.into_inner())
}

/// Inserts one notice unless its key is queued already; returns 1 if it was new.
pub(crate) async fn insert_notice(
    tx: &mut sqlx::Transaction<'_, Any>,
    n: &NewNotice,
) -> std::result::Result<u64, sqlx::Error> {
    let (person, address) = match &n.to {
        NoticeTo::Person(p) => (Some(p.to_string()), None),
        NoticeTo::Address(a) => (None, Some(a.clone())),
    };
    let done = sqlx::query(
        "INSERT INTO outbox (id, kind, dedup_key, person_id, address, payload, due_at, state, attempts, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8) ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(n.kind.as_str())
    .bind(n.dedup_key.as_str())
    .bind(person)
    .bind(address)
    .bind(n.payload.as_str())
    .bind(ts(n.due_at))
    .bind(ts(n.created_at))
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// A row of the outbox, as workers and pages read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: String,
    pub kind: String,
    pub dedup_key: String,
    pub to: NoticeTo,
    pub payload: String,
    pub due_at: DateTime<Utc>,
    pub state: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

pub(crate) const OUTBOX_COLS: &str = "id, kind, dedup_key, person_id, address, payload, due_at, state, attempts, \
                           last_error, created_at, finished_at";

pub(crate) fn outbox_row(r: &sqlx::any::AnyRow) -> Result<OutboxRow> {
    use crate::codec::{int, opt_parsed, opt_text, parse_ts, text, u32_from};
    let person: Option<PersonId> = opt_parsed(r, "person_id")?;
    let to = match (person, opt_text(r, "address")?) {
        (Some(p), _) => NoticeTo::Person(p),
        (None, Some(a)) => NoticeTo::Address(a),
        (None, None) => return Err(StoreError::Invalid("outbox row without recipient".into())),
    };
    Ok(OutboxRow {
        id: text(r, "id")?,
        kind: text(r, "kind")?,
        dedup_key: text(r, "dedup_key")?,
        to,
        payload: text(r, "payload")?,
        due_at: parse_ts(&text(r, "due_at")?)?,
        state: text(r, "state")?,
        attempts: u32_from(int(r, "attempts")?, "attempts")?,
        last_error: opt_text(r, "last_error")?,
        created_at: parse_ts(&text(r, "created_at")?)?,
        finished_at: opt_text(r, "finished_at")?
            .map(|t| parse_ts(&t))
            .transpose()?,
    })
}

impl Store {
    /// Queued notices due at `now`, oldest due first (at most `limit`).
    pub async fn due_notices(&self, now: DateTime<Utc>, limit: u64) -> Result<Vec<OutboxRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OUTBOX_COLS} FROM outbox WHERE state = 'queued' AND due_at <= $1 \
             ORDER BY due_at, id LIMIT $2"
        )))
        .bind(ts(now))
        .bind(crate::codec::i64_from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(outbox_row).collect()
    }

    /// Every notice whose dedup key starts with `prefix` (tests and pages look up what one cause
    /// queued), oldest first.
    pub async fn notices_with_key_prefix(&self, prefix: &str) -> Result<Vec<OutboxRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OUTBOX_COLS} FROM outbox WHERE dedup_key LIKE $1 ESCAPE '\\' ORDER BY created_at, id"
        )))
        .bind(format!("{}%", crate::codec::like_escape(prefix)))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(outbox_row).collect()
    }

    /// Records the end of a notice's delivery: `state` is `sent`, `dead`, `dropped` or `digest`.
    pub async fn finish_notice(
        &self,
        id: &str,
        state: &str,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = $2, last_error = $3, finished_at = $4, attempts = attempts + 1, \
             lease_owner = NULL, lease_until = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(state)
        .bind(error)
        .bind(ts(at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }
}

/// How many rows of the outbox are in each state (operations pages, tests, benchmarks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub queued: u64,
    pub sent: u64,
    pub dead: u64,
    pub dropped: u64,
    pub digest: u64,
}

impl Store {
    /// Claims up to `limit` due notices for `owner` until `now + lease`: queued rows that are due
    /// and not leased by anyone (or whose lease ran out: their worker died or hung). Each claim
    /// counts as an attempt, so a notice that kills its worker every time still ends up dead
    /// rather than being retried forever.
    ///
    /// On PostgreSQL the inner `SELECT … FOR UPDATE SKIP LOCKED` lets workers on several
    /// instances claim at the same moment without waiting on, or taking, each other's rows. On
    /// SQLite the database has one writer at a time, so the single `UPDATE … RETURNING` is
    /// already atomic.
    pub async fn claim_notices(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: u64,
    ) -> Result<Vec<OutboxRow>> {
        let lock = match self.backend {
            crate::Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            crate::Backend::Sqlite => "",
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE state = 'queued' AND due_at <= $3 \
             AND (lease_until IS NULL OR lease_until < $3) ORDER BY due_at, id LIMIT $4{lock}) \
             RETURNING {OUTBOX_COLS}"
        )))
        .bind(owner)
        .bind(ts(now + lease))
        .bind(ts(now))
        .bind(crate::codec::i64_from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut rows = rows.iter().map(outbox_row).collect::<Result<Vec<_>>>()?;
        rows.sort_by(|a, b| (a.due_at, &a.id).cmp(&(b.due_at, &b.id)));
        Ok(rows)
    }

    /// Records the outcome of a claimed notice (`sent`, `dead`, `dropped` or `digest`), only if
    /// `owner` still holds its lease. Returns false when it does not: the lease ran out and
    /// another worker claimed the row, whose outcome must not be overwritten.
    pub async fn finish_claimed(
        &self,
        id: &str,
        owner: &str,
        state: &str,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET state = $3, last_error = $4, finished_at = $5, \
             lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2",
        )
        .bind(id)
        .bind(owner)
        .bind(state)
        .bind(error)
        .bind(ts(at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(done.rows_affected() == 1)
    }

    /// Puts a claimed notice back in the queue after a failed attempt, due again at `next` with
    /// the reason kept, only if `owner` still holds its lease (see [`Store::finish_claimed`]).
    pub async fn retry_claimed(
        &self,
        id: &str,
        owner: &str,
        error: &str,
        next: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET due_at = $3, last_error = $4, lease_owner = NULL, lease_until = NULL \
             WHERE id = $1 AND lease_owner = $2 AND state = 'queued'",
        )
        .bind(id)
        .bind(owner)
        .bind(ts(next))
        .bind(error)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(done.rows_affected() == 1)
    }

    /// Hands claimed notices back untried (a worker shutting down): their lease and the attempt
    /// their claim counted are undone, so any worker may take them at once.
    pub async fn release_claimed(&self, ids: &[&str], owner: &str) -> Result<()> {
        for id in ids {
            sqlx::query(
                "UPDATE outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1 \
                 WHERE id = $1 AND lease_owner = $2 AND state = 'queued'",
            )
            .bind(*id)
            .bind(owner)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        }
        Ok(())
    }

    /// How many notices are in each state.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts> {
        use crate::codec::{int, text};
        let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let mut counts = OutboxCounts::default();
        for r in &rows {
            let n = u64::try_from(int(r, "n")?).unwrap_or(0);
            match text(r, "state")?.as_str() {
                "queued" => counts.queued = n,
                "sent" => counts.sent = n,
                "dead" => counts.dead = n,
                "dropped" => counts.dropped = n,
                "digest" => counts.digest = n,
                other => return Err(StoreError::Invalid(format!("outbox state {other:?}"))),
            }
        }
        Ok(counts)
    }
}
