//! The append-only, hash-chained audit log.
//!
//! **Same transaction.** An audited change stages its [`AuditEntry`] on a store handle
//! ([`Store::audited`]) and makes its write on that handle; the write's transaction appends the
//! entry just before it commits (see `outbox.rs`, `Store::commit`). The change and its entry are
//! kept or lost together. [`Store::append_audit`] is only for events that change nothing else
//! (a refused request, an export): the entry is then its own transaction.
//!
//! **Chain.** Entry `n` (its `seq`, 1, 2, 3, … without gaps) stores the hash of entry `n - 1`
//! (`prev_hash`; [`GENESIS`] for the first) and its own hash: SHA-256 over the canonical
//! encoding in [`entry_hash`] of seq, id, at, actor, action, subject, detail and prev_hash, in
//! that order, each field as a presence byte, a big-endian u64 length and its UTF-8 bytes.
//! Altering, removing or inserting any entry breaks every hash after it, and the one-row
//! `audit_head` (the last seq and hash) reveals entries cut off the end. The payload holds ids
//! and codes only, so erasing a person never needs to touch the log (which it could not without
//! breaking the chain).
//!
//! **Serialised appends.** Every append first writes the head row (inserting it the first time),
//! then reads it back through `UPDATE … RETURNING`: PostgreSQL's row lock makes a concurrent
//! appender wait for this transaction and then see its head; SQLite takes its single write lock
//! at that first write, so a deferred transaction never reads a stale head.
//!
//! **Append-only.** No update or delete path exists here; after the migrations,
//! [`Store::migrate`] installs triggers (SQLite and PostgreSQL) that refuse UPDATE and DELETE on
//! `audit_log`. The only exception is the one-off chaining of entries written before migration
//! 0024 (their hash columns are NULL): `chain_unchained` fills those in once, on the first start.
//! `TRUNCATE` (PostgreSQL) and dropping the triggers remain possible for the database owner;
//! `tandem audit verify` detects what they would do to the chain.

use crate::codec::{opt_parsed, parse_ts, text, ts};
use crate::error::{Result, db};
use crate::records::AuditEntry;
use crate::{Backend, Store, codec};
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use tandem_domain::PersonId;
use uuid::Uuid;

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Rows read per query while chaining or verifying (bounded memory on a long log).
const BATCH: i64 = 1000;

/// The SHA-256 (hex) of one entry's canonical encoding (see the module docs). `at` is the
/// stored text (fixed-width RFC 3339), so a verifier recomputes it from the row as stored.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    seq: i64,
    id: &str,
    at: &str,
    actor: Option<&str>,
    action: &str,
    subject: &str,
    detail: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(b"tandem-audit-v1");
    let seq = seq.to_string();
    for field in [
        Some(seq.as_str()),
        Some(id),
        Some(at),
        actor,
        Some(action),
        Some(subject),
        Some(detail),
        Some(prev_hash),
    ] {
        match field {
            None => h.update([0u8]),
            Some(f) => {
                h.update([1u8]);
                h.update((f.len() as u64).to_be_bytes());
                h.update(f.as_bytes());
            }
        }
    }
    hex::encode(h.finalize())
}

/// Appends `e` to the chain inside `tx` (see the module docs for how appends are serialised).
pub(crate) async fn append_in(
    tx: &mut AnyConnection,
    e: &AuditEntry,
) -> std::result::Result<(), sqlx::Error> {
    let (seq, prev) = take_head(tx).await?;
    let id = Uuid::now_v7().to_string();
    let at = ts(e.at);
    let actor = e.actor.map(|a| a.to_string());
    let hash = entry_hash(
        seq,
        &id,
        &at,
        actor.as_deref(),
        &e.action,
        &e.subject,
        &e.detail,
        &prev,
    );
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, action, subject, detail, seq, prev_hash, entry_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(at)
    .bind(actor)
    .bind(e.action.as_str())
    .bind(e.subject.as_str())
    .bind(e.detail.as_str())
    .bind(seq)
    .bind(prev)
    .bind(hash.as_str())
    .execute(&mut *tx)
    .await?;
    set_head_hash(tx, &hash).await
}

/// Locks the head (writing it first) and returns the next seq and the previous entry's hash.
async fn take_head(tx: &mut AnyConnection) -> std::result::Result<(i64, String), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_head (id, seq, entry_hash) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING",
    )
    .bind(GENESIS)
    .execute(&mut *tx)
    .await?;
    let row =
        sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, entry_hash")
            .fetch_one(&mut *tx)
            .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

async fn set_head_hash(tx: &mut AnyConnection, hash: &str) -> std::result::Result<(), sqlx::Error> {
    sqlx::query("UPDATE audit_head SET entry_hash = $1 WHERE id = 1")
        .bind(hash)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// One stored entry with its place in the chain (for the log page and the API).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    pub id: String,
    pub at: DateTime<Utc>,
    pub actor: Option<PersonId>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// What the log page filters on; every field is optional and they combine with AND.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// An exact action code, e.g. `person.update`.
    pub action: Option<String>,
    pub actor: Option<PersonId>,
    /// An exact subject (an id or code).
    pub subject: Option<String>,
    /// From this day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this day (UTC), inclusive.
    pub to: Option<NaiveDate>,
}

/// Why `tandem audit verify` rejects the log.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuditProblem {
    #[error("the entry was never chained (no hash)")]
    Unchained,
    #[error("its sequence number is {found}, expected {expected}")]
    Sequence { expected: i64, found: i64 },
    #[error("its previous hash does not match the entry before it")]
    PreviousHash,
    #[error("its hash does not match its contents")]
    EntryHash,
    #[error(
        "the chain's head says {head_seq} entries ending in another hash: entries were removed or the head altered"
    )]
    Head { head_seq: i64 },
}

/// The first broken place in the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditBreak {
    /// The entry's id (empty when the head itself is wrong).
    pub id: String,
    /// 1-based position in chain order.
    pub position: u64,
    pub problem: AuditProblem,
}

/// The outcome of walking the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditCheck {
    /// Entries checked before the first break (all of them when intact).
    pub entries: u64,
    pub broken: Option<AuditBreak>,
}

pub(crate) fn row_of(r: &sqlx::any::AnyRow) -> Result<AuditRow> {
    Ok(AuditRow {
        seq: r.try_get("seq").map_err(db)?,
        id: text(r, "id")?,
        at: parse_ts(&text(r, "at")?)?,
        actor: opt_parsed(r, "actor_id")?,
        action: text(r, "action")?,
        subject: text(r, "subject")?,
        detail: text(r, "detail")?,
    })
}

impl Store {
    /// Appends one entry on its own, for an event that changes nothing else (a refusal, an
    /// export, a failed sign-in). A change is audited with [`Store::audited`] instead, so that
    /// its entry is written in its transaction.
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        append_in(&mut tx, e).await.map_err(db)?;
        self.commit(tx).await.map_err(db)
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

    /// One page of the log, newest first: at most `limit` entries matching `filter` with a seq
    /// below `before` (keyset pagination: the next page passes the last row's seq, so no page
    /// costs more than its own rows and an index walk).
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRow>> {
        // Only fixed fragments go into the text; every value is bound.
        let mut conditions = vec!["seq IS NOT NULL".to_string()];
        let mut binds: Vec<String> = Vec::new();
        let mut bind = |cond: &str, value: String, binds: &mut Vec<String>| {
            binds.push(value);
            conditions.push(cond.replace('?', &format!("${}", binds.len())));
        };
        if let Some(a) = &filter.action {
            bind("action = ?", a.clone(), &mut binds);
        }
        if let Some(a) = filter.actor {
            bind("actor_id = ?", a.to_string(), &mut binds);
        }
        if let Some(s) = &filter.subject {
            bind("subject = ?", s.clone(), &mut binds);
        }
        if let Some(d) = filter.from {
            bind(
                "at >= ?",
                ts(d.and_time(chrono::NaiveTime::MIN).and_utc()),
                &mut binds,
            );
        }
        if let Some(d) = filter.to.and_then(|d| d.succ_opt()) {
            bind(
                "at < ?",
                ts(d.and_time(chrono::NaiveTime::MIN).and_utc()),
                &mut binds,
            );
        }
        let mut sql = format!(
            "SELECT seq, id, at, actor_id, action, subject, detail FROM audit_log WHERE {}",
            conditions.join(" AND ")
        );
        if before.is_some() {
            sql.push_str(&format!(" AND seq < ${}", binds.len() + 1));
        }
        sql.push_str(&format!(" ORDER BY seq DESC LIMIT {}", limit.min(500)));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        if let Some(b) = before {
            q = q.bind(b);
        }
        let rows = q.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter().map(row_of).collect()
    }

    /// Walks the whole chain in order and reports the first break (see the module docs).
    pub async fn verify_audit(&self) -> Result<AuditCheck> {
        let unchained: Option<String> = sqlx::query_scalar(
            "SELECT id FROM audit_log WHERE entry_hash IS NULL ORDER BY at, id LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let mut prev = GENESIS.to_string();
        let mut expected: i64 = 1;
        let mut position: u64 = 0;
        loop {
            let rows = sqlx::query(
                "SELECT seq, id, at, actor_id, action, subject, detail, prev_hash, entry_hash \
                 FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
            )
            .bind(expected)
            .bind(BATCH)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
            let done = (rows.len() as i64) < BATCH;
            for r in &rows {
                position += 1;
                let seq: i64 = r.try_get("seq").map_err(db)?;
                let id = text(r, "id")?;
                let broken = |problem| {
                    Ok(AuditCheck {
                        entries: position - 1,
                        broken: Some(AuditBreak {
                            id: id.clone(),
                            position,
                            problem,
                        }),
                    })
                };
                if seq != expected {
                    return broken(AuditProblem::Sequence {
                        expected,
                        found: seq,
                    });
                }
                let stored_prev: Option<String> = r.try_get("prev_hash").map_err(db)?;
                if stored_prev.as_deref() != Some(prev.as_str()) {
                    return broken(AuditProblem::PreviousHash);
                }
                let actor: Option<String> = r.try_get("actor_id").map_err(db)?;
                let computed = entry_hash(
                    seq,
                    &id,
                    &text(r, "at")?,
                    actor.as_deref(),
                    &text(r, "action")?,
                    &text(r, "subject")?,
                    &text(r, "detail")?,
                    &prev,
                );
                let stored: Option<String> = r.try_get("entry_hash").map_err(db)?;
                if stored.as_deref() != Some(computed.as_str()) {
                    return broken(AuditProblem::EntryHash);
                }
                prev = computed;
                expected += 1;
            }
            if done {
                break;
            }
        }
        if let Some(id) = unchained {
            return Ok(AuditCheck {
                entries: position,
                broken: Some(AuditBreak {
                    id,
                    position: position + 1,
                    problem: AuditProblem::Unchained,
                }),
            });
        }
        let head = sqlx::query("SELECT seq, entry_hash FROM audit_head WHERE id = 1")
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        let (head_seq, head_hash) = match head {
            Some(r) => (
                r.try_get::<i64, _>(0).map_err(db)?,
                r.try_get::<String, _>(1).map_err(db)?,
            ),
            None => (0, GENESIS.to_string()),
        };
        if head_seq != expected - 1 || head_hash != prev {
            return Ok(AuditCheck {
                entries: position,
                broken: Some(AuditBreak {
                    id: String::new(),
                    position: position + 1,
                    problem: AuditProblem::Head { head_seq },
                }),
            });
        }
        Ok(AuditCheck {
            entries: position,
            broken: None,
        })
    }

    /// After the migrations: chains entries written before migration 0024, then installs the
    /// triggers that make `audit_log` append-only. Idempotent (every start runs it).
    pub(crate) async fn seal_audit_log(&self) -> Result<()> {
        self.chain_unchained().await?;
        match self.backend {
            Backend::Sqlite => {
                for sql in [
                    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log \
                     WHEN OLD.entry_hash IS NOT NULL \
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log \
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                ] {
                    sqlx::query(sql).execute(&self.pool).await.map_err(db)?;
                }
            }
            Backend::Postgres => {
                let mut tx = self.pool.begin().await.map_err(db)?;
                // Several instances may start at once; CREATE OR REPLACE is not safe to race.
                sqlx::query("SELECT pg_advisory_xact_lock(7305240024)")
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                for sql in [
                    "CREATE OR REPLACE FUNCTION tandem_audit_log_append_only() RETURNS trigger \
                     LANGUAGE plpgsql AS $$ BEGIN \
                     IF TG_OP = 'UPDATE' AND OLD.entry_hash IS NULL THEN RETURN NEW; END IF; \
                     RAISE EXCEPTION 'audit_log is append-only'; END $$",
                    "CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE \
                     ON audit_log FOR EACH ROW EXECUTE FUNCTION tandem_audit_log_append_only()",
                ] {
                    sqlx::query(sql).execute(&mut *tx).await.map_err(db)?;
                }
                tx.commit().await.map_err(db)?;
            }
        }
        Ok(())
    }

    /// Chains the entries that have no hash yet (written before migration 0024) in their
    /// (at, id) order after the current head, in one transaction.
    async fn chain_unchained(&self) -> Result<()> {
        let any: Option<String> = sqlx::query_scalar(
            "SELECT id FROM audit_log WHERE entry_hash IS NULL AND seq IS NULL LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        if any.is_none() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await.map_err(db)?;
        loop {
            let rows = sqlx::query(
                "SELECT id, at, actor_id, action, subject, detail FROM audit_log \
                 WHERE entry_hash IS NULL AND seq IS NULL ORDER BY at, id LIMIT $1",
            )
            .bind(BATCH)
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let (seq, prev) = take_head(&mut tx).await.map_err(db)?;
                let id = text(r, "id")?;
                let actor: Option<String> = r.try_get("actor_id").map_err(db)?;
                let hash = entry_hash(
                    seq,
                    &id,
                    &text(r, "at")?,
                    actor.as_deref(),
                    &text(r, "action")?,
                    &text(r, "subject")?,
                    &text(r, "detail")?,
                    &prev,
                );
                sqlx::query(
                    "UPDATE audit_log SET seq = $1, prev_hash = $2, entry_hash = $3 WHERE id = $4",
                )
                .bind(seq)
                .bind(prev)
                .bind(hash.as_str())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                set_head_hash(&mut tx, &hash).await.map_err(db)?;
            }
        }
        tx.commit().await.map_err(db)
    }
}
