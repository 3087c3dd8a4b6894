//! The append-only audit log.

use crate::codec::{opt_parsed, parse_ts, text, ts};
use crate::error::{Result, db};
use crate::records::AuditEntry;
use crate::{Store, codec};
use uuid::Uuid;

impl Store {
    /// Appends one entry. Entries are never changed or removed by the application.
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<()> {
        sqlx::query("INSERT INTO audit_log (id, at, actor_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)")
            // Time-ordered ids break ties between entries written in the same instant.
            .bind(Uuid::now_v7().to_string())
            .bind(ts(e.at))
            .bind(e.actor.map(|a| a.to_string()))
            .bind(e.action.as_str())
            .bind(e.subject.as_str())
            .bind(e.detail.as_str())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// The newest `limit` entries, newest first.
    pub async fn list_audit(&self, limit: u64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor_id, action, subject, detail FROM audit_log ORDER BY at DESC, id DESC LIMIT $1",
        )
        .bind(codec::i64_from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: parse_ts(&text(r, "at")?)?,
                    actor: opt_parsed(r, "actor_id")?,
                    action: text(r, "action")?,
                    subject: text(r, "subject")?,
                    detail: text(r, "detail")?,
                })
            })
            .collect()
    }
}
