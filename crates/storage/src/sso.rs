//! Single sign-on settings per organisation and pending sign-ins (state, nonce, PKCE
//! verifier), kept in the database so any instance finishes a sign-in another began.

use crate::Store;
use crate::codec::{boolean, parse_ts, parsed, text, ts};
use crate::error::{Result, db};
use crate::records::{PendingSignIn, SsoSettings};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use tandem_domain::OrganisationId;

const SETTINGS_COLS: &str =
    "organisation_id, issuer_url, client_id, client_secret, enabled, updated_at";

fn settings_from(row: &AnyRow) -> Result<SsoSettings> {
    Ok(SsoSettings {
        organisation_id: parsed(row, "organisation_id")?,
        issuer_url: text(row, "issuer_url")?,
        client_id: text(row, "client_id")?,
        client_secret: text(row, "client_secret")?,
        enabled: boolean(row, "enabled")?,
        updated_at: parse_ts(&text(row, "updated_at")?)?,
    })
}

impl Store {
    /// The single sign-on settings of one organisation, if any were saved.
    pub async fn sso_settings(&self, organisation: OrganisationId) -> Result<Option<SsoSettings>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SETTINGS_COLS} FROM sso_settings WHERE organisation_id = $1"
        )))
        .bind(organisation.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(settings_from).transpose()
    }

    /// Every organisation's saved settings (the caller narrows them to a scheme).
    pub async fn all_sso_settings(&self) -> Result<Vec<SsoSettings>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SETTINGS_COLS} FROM sso_settings"
        )))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(settings_from).collect()
    }

    /// Saves an organisation's settings, replacing earlier ones (one statement, portable
    /// upsert).
    pub async fn save_sso_settings(&self, s: &SsoSettings) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO sso_settings (organisation_id, issuer_url, client_id, client_secret, enabled, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (organisation_id) DO UPDATE SET issuer_url = excluded.issuer_url, \
                 client_id = excluded.client_id, client_secret = excluded.client_secret, \
                 enabled = excluded.enabled, updated_at = excluded.updated_at",
            )
            .bind(s.organisation_id.to_string())
            .bind(s.issuer_url.as_str())
            .bind(s.client_id.as_str())
            .bind(s.client_secret.as_str())
            .bind(i32::from(s.enabled))
            .bind(ts(s.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Records a sign-in sent to a provider.
    pub async fn create_pending_sign_in(&self, p: &PendingSignIn) -> Result<()> {
        sqlx::query(
            "INSERT INTO sso_pending (state_hash, organisation_id, nonce_hash, pkce_verifier, next_path, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(p.state_hash.as_str())
        .bind(p.organisation_id.to_string())
        .bind(p.nonce_hash.as_str())
        .bind(p.pkce_verifier.as_str())
        .bind(p.next_path.as_str())
        .bind(ts(p.expires_at))
        .execute(&self.pool)
        .await
        .map_err(|e| crate::error::db_or_conflict(e, crate::UniqueField::Token))?;
        Ok(())
    }

    /// Takes a pending sign-in once: one `DELETE … RETURNING`, so of two callbacks with the same
    /// state only one gets it. `None` when unknown, already taken or expired (an expired row is
    /// deleted too).
    pub async fn take_pending_sign_in(
        &self,
        state_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PendingSignIn>> {
        let row = sqlx::query(
            "DELETE FROM sso_pending WHERE state_hash = $1 \
             RETURNING state_hash, organisation_id, nonce_hash, pkce_verifier, next_path, expires_at",
        )
        .bind(state_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else { return Ok(None) };
        let p = PendingSignIn {
            state_hash: text(&row, "state_hash")?,
            organisation_id: parsed(&row, "organisation_id")?,
            nonce_hash: text(&row, "nonce_hash")?,
            pkce_verifier: text(&row, "pkce_verifier")?,
            next_path: text(&row, "next_path")?,
            expires_at: parse_ts(&text(&row, "expires_at")?)?,
        };
        Ok((p.expires_at > now).then_some(p))
    }

    /// Deletes pending sign-ins that were never finished.
    pub async fn delete_expired_pending_sign_ins(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sso_pending WHERE expires_at <= $1")
            .bind(ts(now))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }
}
