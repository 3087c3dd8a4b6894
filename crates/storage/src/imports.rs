//! Import previews waiting for confirmation: the parsed file of an upload whose every row was
//! valid, kept until its uploader confirms it or it expires. Kept in the database rather than in
//! one process's memory so that any `serve` instance behind a load balancer can commit it.

use crate::Store;
use crate::codec::{text, ts};
use crate::error::{Result, db};
use chrono::{DateTime, Utc};
use tandem_domain::{Organisation, PersonId};

impl Store {
    /// Keeps a preview under `id_hash` for `person` until `expires_at`, replacing any preview of
    /// theirs that is still waiting: one per person, so repeated uploads cannot pile files up.
    /// `rows` is opaque to the store (the use case's JSON).
    pub async fn keep_import_preview(
        &self,
        id_hash: &str,
        person: PersonId,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        rows: &str,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM import_previews WHERE person_id = $1")
            .bind(person.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO import_previews (id_hash, person_id, created_at, expires_at, rows) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(person.to_string())
        .bind(ts(created_at))
        .bind(ts(expires_at))
        .bind(rows)
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::error::db_or_conflict(e, crate::UniqueField::Id))?;
        self.commit(tx).await.map_err(db)
    }

    /// Takes the preview `id_hash` of `person` out of the store if it has not expired at `now`:
    /// whoever takes it first has it, so a preview is committed at most once even when two
    /// confirmations race on two instances. Someone else's or an expired preview is `None`.
    pub async fn take_import_preview(
        &self,
        id_hash: &str,
        person: PersonId,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let row = sqlx::query(
            "DELETE FROM import_previews WHERE id_hash = $1 AND person_id = $2 AND expires_at > $3 \
             RETURNING rows",
        )
        .bind(id_hash)
        .bind(person.to_string())
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(|r| text(r, "rows")).transpose()
    }

    /// Deletes previews that expired by `now`; returns how many.
    pub async fn delete_expired_import_previews(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM import_previews WHERE expires_at <= $1")
            .bind(ts(now))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    /// Adds the organisations of an organisations import in one transaction: all or none. A
    /// name already taken in the scheme (ignoring case; someone added it since the preview) fails
    /// the whole import with `Conflict { field: Name }`.
    pub async fn create_organisations(&self, organisations: &[Organisation]) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        for o in organisations {
            sqlx::query(
                "INSERT INTO organisations (id, scheme_id, name, name_key, kind, country) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(o.id.to_string())
            .bind(o.scheme_id.to_string())
            .bind(o.name.as_str())
            .bind(crate::codec::key(&o.name))
            .bind(o.kind.code())
            .bind(o.country.code())
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::error::db_or_conflict(e, crate::UniqueField::Name))?;
        }
        self.commit(tx).await.map_err(db)
    }
}
