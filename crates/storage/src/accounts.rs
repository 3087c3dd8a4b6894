//! Accounts, browser sessions, single-use tokens and API tokens.
//!
//! Secrets are never stored: sessions and tokens are looked up by the SHA-256 hex of the value
//! the user holds, computed by the caller.

use crate::Store;
use crate::codec::{boolean, int, key, opt_text, parse_ts, parsed, text, ts, u32_from};
use crate::error::{Result, StoreError, UniqueField, db, is_unique_violation};
use crate::records::{Account, ApiTokenRecord, SessionRecord, TokenKind, TokenRecord};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use tandem_domain::{AccountId, PersonId};

const ACCOUNT_COLS: &str =
    "id, person_id, scheme_id, email, password_hash, disabled, failed_logins, locked_until";

fn account_from(row: &AnyRow) -> Result<Account> {
    Ok(Account {
        id: parsed(row, "id")?,
        person_id: parsed(row, "person_id")?,
        scheme_id: parsed(row, "scheme_id")?,
        email: text(row, "email")?,
        password_hash: opt_text(row, "password_hash")?,
        disabled: boolean(row, "disabled")?,
        failed_logins: u32_from(int(row, "failed_logins")?, "failed_logins")?,
        locked_until: opt_text(row, "locked_until")?
            .as_deref()
            .map(parse_ts)
            .transpose()?,
    })
}

const API_TOKEN_COLS: &str =
    "id, token_hash, account_id, name, created_at, expires_at, last_used_at";

fn api_token_from(row: &AnyRow) -> Result<ApiTokenRecord> {
    let opt_ts = |col: &str| -> Result<Option<DateTime<Utc>>> {
        opt_text(row, col)?.as_deref().map(parse_ts).transpose()
    };
    Ok(ApiTokenRecord {
        id: text(row, "id")?,
        token_hash: text(row, "token_hash")?,
        account_id: parsed(row, "account_id")?,
        name: text(row, "name")?,
        created_at: parse_ts(&text(row, "created_at")?)?,
        expires_at: opt_ts("expires_at")?,
        last_used_at: opt_ts("last_used_at")?,
    })
}

fn session_from(row: &AnyRow) -> Result<SessionRecord> {
    Ok(SessionRecord {
        token_hash: text(row, "token_hash")?,
        account_id: parsed(row, "account_id")?,
        csrf_token: text(row, "csrf_token")?,
        created_at: parse_ts(&text(row, "created_at")?)?,
        expires_at: parse_ts(&text(row, "expires_at")?)?,
    })
}

/// The one INSERT of an account, on the pool or inside a caller's transaction (the first run
/// writes its administrator's account in the same transaction as the scheme).
pub(crate) async fn insert_account<'e, E>(
    ex: E,
    a: &Account,
) -> sqlx::Result<sqlx::any::AnyQueryResult>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO accounts (id, person_id, scheme_id, email, email_key, password_hash, disabled, failed_logins, \
         locked_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(a.id.to_string())
    .bind(a.person_id.to_string())
    .bind(a.scheme_id.to_string())
    .bind(a.email.as_str())
    .bind(key(a.email.trim()))
    .bind(a.password_hash.clone())
    .bind(i32::from(a.disabled))
    .bind(i64::from(a.failed_logins))
    .bind(a.locked_until.map(ts))
    .execute(ex)
    .await
}

impl Store {
    /// Adds an account. The e-mail is unique across all schemes, ignoring case
    /// (`Conflict { field: Email }`), and a person has at most one account
    /// (`Conflict { field: Person }`).
    pub async fn create_account(&self, a: &Account) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let result = insert_account(&mut *tx, a).await;
            match result {
                Ok(_) => Ok(()),
                Err(e) if is_unique_violation(&e) => {
                    let field = if self.account_by_email(&a.email).await?.is_some() {
                        UniqueField::Email
                    } else if self.account_by_person(a.person_id).await?.is_some() {
                        UniqueField::Person
                    } else {
                        UniqueField::Id
                    };
                    Err(StoreError::Conflict { field })
                }
                Err(e) => Err(db(e)),
            }
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    pub async fn get_account(&self, id: AccountId) -> Result<Account> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLS} FROM accounts WHERE id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        account_from(&row)
    }

    /// Finds an account by e-mail, ignoring case and surrounding space.
    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLS} FROM accounts WHERE email_key = $1"
        )))
        .bind(key(email.trim()))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(account_from).transpose()
    }

    pub async fn account_by_person(&self, person: PersonId) -> Result<Option<Account>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLS} FROM accounts WHERE person_id = $1"
        )))
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(account_from).transpose()
    }

    pub async fn set_password_hash(&self, id: AccountId, hash: &str) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let done = sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
                .bind(id.to_string())
                .bind(hash)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Enables or disables sign-in for an account.
    pub async fn set_account_disabled(&self, id: AccountId, disabled: bool) -> Result<()> {
        let done = sqlx::query("UPDATE accounts SET disabled = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(i32::from(disabled))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Counts one failed sign-in atomically and returns the new count. `locked_until: Some`
    /// locks the account until then; `None` leaves any existing lock as it is (a failure never
    /// shortens a lock).
    pub async fn record_login_failure(
        &self,
        id: AccountId,
        locked_until: Option<DateTime<Utc>>,
    ) -> Result<u32> {
        let row = sqlx::query(
            "UPDATE accounts SET failed_logins = failed_logins + 1, locked_until = COALESCE($2, locked_until) \
             WHERE id = $1 RETURNING failed_logins",
        )
        .bind(id.to_string())
        .bind(locked_until.map(ts))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        u32_from(int(&row, "failed_logins")?, "failed_logins")
    }

    /// Counts a failed sign-in and decides the lock in the same statement, so parallel failures
    /// cannot all read a count below `threshold` and leave the account unlocked. A lock that has
    /// expired at `now` starts the count afresh; a lock still running is kept as it is. Returns
    /// the new failure count and lock.
    pub async fn record_login_failure_locking(
        &self,
        id: AccountId,
        now: DateTime<Utc>,
        threshold: u32,
        lock_until: DateTime<Utc>,
    ) -> Result<(u32, Option<DateTime<Utc>>)> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<(u32, Option<DateTime<Utc>>)> = async {
            // Every SET expression sees the row as it was before the update (both backends).
            let row = sqlx::query(
                "UPDATE accounts SET              failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1                              ELSE failed_logins + 1 END,              locked_until = CASE                  WHEN locked_until IS NOT NULL AND locked_until > $2 THEN locked_until                  WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1                        ELSE failed_logins + 1 END) >= $3 THEN $4                  ELSE NULL END              WHERE id = $1 RETURNING failed_logins, locked_until",
            )
            .bind(id.to_string())
            .bind(ts(now))
            .bind(i64::from(threshold))
            .bind(ts(lock_until))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
            let count = u32_from(int(&row, "failed_logins")?, "failed_logins")?;
            let locked = opt_text(&row, "locked_until")?
                .as_deref()
                .map(parse_ts)
                .transpose()?;
            Ok((count, locked))
        }
        .await;
        let out = out?;
        self.commit(tx).await.map_err(crate::error::db)?;
        Ok(out)
    }

    /// Clears the failure count and any lock (after a successful sign-in or a password reset).
    pub async fn reset_login_failures(&self, id: AccountId) -> Result<()> {
        let done =
            sqlx::query("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1")
                .bind(id.to_string())
                .execute(&self.pool)
                .await
                .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn create_session(&self, s: &SessionRecord) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(s.token_hash.as_str())
            .bind(s.account_id.to_string())
            .bind(s.csrf_token.as_str())
            .bind(ts(s.created_at))
            .bind(ts(s.expires_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::error::db_or_conflict(e, UniqueField::Token))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// The session for a token hash, or `None` if unknown or expired at `now`.
    pub async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionRecord>> {
        let row = sqlx::query(
            "SELECT token_hash, account_id, csrf_token, created_at, expires_at FROM sessions \
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(session_from).transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Signs an account out everywhere (after a password reset or when it is disabled).
    pub async fn delete_sessions_of(&self, account: AccountId) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account.to_string())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Removes sessions expired at `now`; returns how many.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(ts(now))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    pub async fn create_token(&self, t: &TokenRecord) -> Result<()> {
        sqlx::query("INSERT INTO tokens (token_hash, kind, account_id, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)")
            .bind(t.token_hash.as_str())
            .bind(t.kind.code())
            .bind(t.account_id.to_string())
            .bind(ts(t.expires_at))
            .execute(&self.pool)
            .await
            .map_err(|e| crate::error::db_or_conflict(e, UniqueField::Token))?;
        Ok(())
    }

    /// Uses a token once. A single conditional UPDATE marks it used only if it is of `kind`,
    /// unused and unexpired, so two concurrent uses cannot both succeed. `None` if the token is
    /// unknown, of another kind, expired or already used.
    pub async fn consume_token(
        &self,
        kind: TokenKind,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<AccountId>> {
        let row = sqlx::query(
            "UPDATE tokens SET used_at = $3 WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3 \
             RETURNING account_id",
        )
        .bind(token_hash)
        .bind(kind.code())
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(|r| parsed(r, "account_id")).transpose()
    }

    /// Whether a token could still be used at `now` (to show a form before consuming it).
    pub async fn token_is_valid(
        &self,
        kind: TokenKind,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<AccountId>> {
        let row = sqlx::query(
            "SELECT account_id FROM tokens WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_hash)
        .bind(kind.code())
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(|r| parsed(r, "account_id")).transpose()
    }

    pub async fn create_api_token(&self, t: &ApiTokenRecord) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        sqlx::query(
            "INSERT INTO api_tokens (id, token_hash, account_id, name, created_at, expires_at, last_used_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(t.id.as_str())
        .bind(t.token_hash.as_str())
        .bind(t.account_id.to_string())
        .bind(t.name.as_str())
        .bind(ts(t.created_at))
        .bind(t.expires_at.map(ts))
        .bind(t.last_used_at.map(ts))
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::error::db_or_conflict(e, UniqueField::Token))?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// The account an API token belongs to, if the token exists (expired or not).
    pub async fn api_token_account(&self, token_hash: &str) -> Result<Option<AccountId>> {
        Ok(self.api_token(token_hash).await?.map(|t| t.account_id))
    }

    /// The API token with this hash, expired or not (the caller judges expiry by its clock).
    pub async fn api_token(&self, token_hash: &str) -> Result<Option<ApiTokenRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {API_TOKEN_COLS} FROM api_tokens WHERE token_hash = $1"
        )))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(api_token_from).transpose()
    }

    /// Records that a token was used at `now`. The caller writes only when the last record is
    /// older than a minute or so, so a busy client does not cost a write per request.
    pub async fn touch_api_token(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(ts(now))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// An account's API tokens, oldest first (hashes only; the secrets were shown once).
    pub async fn list_api_tokens(&self, account: AccountId) -> Result<Vec<ApiTokenRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {API_TOKEN_COLS} FROM api_tokens WHERE account_id = $1 \
             ORDER BY created_at, token_hash"
        )))
        .bind(account.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(api_token_from).collect()
    }

    /// Revokes every API token of an account (after a password reset: whoever held the old
    /// password may have made tokens, and they must not outlive it).
    pub async fn delete_api_tokens_of(&self, account: AccountId) -> Result<u64> {
        let done = sqlx::query("DELETE FROM api_tokens WHERE account_id = $1")
            .bind(account.to_string())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    pub async fn delete_api_token(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM api_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Revokes one of an account's API tokens by its id; `false` when the account has no such
    /// token (another account's id included, so ids cannot be probed).
    pub async fn delete_api_token_of(&self, account: AccountId, id: &str) -> Result<bool> {
        // A transaction so that the revocation's staged audit entry is written with it; an
        // unknown id changes nothing and stages nothing.
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query("DELETE FROM api_tokens WHERE account_id = $1 AND id = $2")
            .bind(account.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            self.discard_staged();
            return Ok(false);
        }
        self.commit(tx).await.map_err(db)?;
        Ok(true)
    }

    /// Gives every token without an expiry (made before expiry existed) `expires_at`.
    pub async fn expire_unexpiring_api_tokens(&self, expires_at: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE expires_at IS NULL")
            .bind(ts(expires_at))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    /// Deletes API tokens that expired before `before`; returns how many.
    pub async fn delete_api_tokens_expired_before(&self, before: DateTime<Utc>) -> Result<u64> {
        let done =
            sqlx::query("DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at < $1")
                .bind(ts(before))
                .execute(&self.pool)
                .await
                .map_err(db)?;
        Ok(done.rows_affected())
    }

    /// Spends every unused token of `kind` of an account (a new password makes every earlier
    /// reset link worthless). Returns how many.
    pub async fn spend_tokens_of(
        &self,
        account: AccountId,
        kind: TokenKind,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE tokens SET used_at = $3 WHERE account_id = $1 AND kind = $2 AND used_at IS NULL",
        )
        .bind(account.to_string())
        .bind(kind.code())
        .bind(ts(now))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(done.rows_affected())
    }
}
