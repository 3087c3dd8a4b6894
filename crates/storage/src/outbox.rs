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

use crate::Store;
use crate::codec::ts;
use crate::error::{Result, StoreError, db};
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

/// Notices staged on a [`Store`] handle, waiting for its next commit.
pub(crate) type Staged = Arc<Mutex<Vec<NewNotice>>>;

impl Store {
    /// A handle on the same database whose next transactional write also queues `notices`, in
    /// the same transaction. Call [`Store::ensure_flushed`] on it afterwards.
    pub fn staged(&self, notices: Vec<NewNotice>) -> Store {
        Store {
            pool: self.pool.clone(),
            backend: self.backend,
            staged: Some(Arc::new(Mutex::new(notices))),
        }
    }

    /// Checks that a staged handle's notices were written by the write it was used for.
    pub fn ensure_flushed(&self) -> Result<()> {
        let Some(staged) = &self.staged else {
            return Ok(());
        };
        let left = staged.lock().unwrap_or_else(|p| p.into_inner()).len();
        if left == 0 {
            Ok(())
        } else {
            Err(StoreError::Invalid(format!(
                "{left} staged notice(s) were not written: the write has no transaction"
            )))
        }
    }

    /// Commits `tx` after inserting this handle's staged notices into it. Every transactional
    /// write method ends here instead of calling `tx.commit()` itself.
    pub(crate) async fn commit(
        &self,
        mut tx: sqlx::Transaction<'_, Any>,
    ) -> std::result::Result<(), sqlx::Error> {
        let notices = match &self.staged {
            Some(staged) => std::mem::take(&mut *staged.lock().unwrap_or_else(|p| p.into_inner())),
            None => Vec::new(),
        };
        for n in &notices {
            insert_notice(&mut tx, n).await?;
        }
        match tx.commit().await {
            Ok(()) => Ok(()),
            Err(e) => {
                // Put them back: the caller sees the error, and a retry on this handle stages
                // them again rather than losing them.
                if let Some(staged) = &self.staged {
                    staged
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .extend(notices);
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
        tx.commit().await.map_err(db)?;
        Ok(added)
    }
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
