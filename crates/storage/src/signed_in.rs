//! Who is asking: the account, person and roles behind a session or an account, and the zone
//! the person reads times in (their primary employer's country's, by `employments_person`), in
//! one statement.
//!
//! Every signed-in request needs them, so they used to cost five statements (session, account,
//! person, the person's employments, roles) before the page did any work of its own. Here one
//! indexed statement answers: the session by its primary key, the account and person by theirs,
//! the roles by `role_assignments`' primary key (which starts with `person_id`), each role's
//! scope checked against the account's scheme by primary key. One row per role (one row with
//! no role when the person holds none). Nothing here is cached between requests: several
//! `serve` instances may share one database, and a role revoked on one must count on all.

use crate::Store;
use crate::codec::{boolean, coded, opt_text, parsed, text, ts};
use crate::error::{Result, db};
use crate::roles::{scope_from, scope_order};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use tandem_domain::{AccountId, Actor, Country, Language, Person, Role, RoleAssignment};

/// The signed-in person behind a live session or an enabled account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub account_id: AccountId,
    pub person: Person,
    pub actor: Actor,
    /// The session's CSRF token (empty when loaded by account).
    pub csrf_token: String,
    /// The IANA zone the person reads instants in: that of their primary employer's country
    /// (Europe/London when they have no employment), the same rule as the zone their sessions
    /// are entered in.
    pub time_zone: &'static str,
}

/// The columns and joins shared by both lookups; the caller adds the `WHERE`. The role's scope
/// must lie in the account's scheme: roles elsewhere are never returned, which is what lets
/// `tandem_domain::policy` treat organisation and programme scopes as in-scheme (the same rule
/// as `Store::roles_in_scheme`).
const SIGNED_IN: &str = "SELECT a.id AS account_id, a.scheme_id AS account_scheme, a.disabled, \
     p.id, p.scheme_id, p.given_name, p.family_name, p.email, p.language, \
     r.role, r.scope_kind, r.scope_id, \
     (SELECT o.country FROM employments e JOIN organisations o ON o.id = e.organisation_id \
       WHERE e.person_id = p.id ORDER BY e.is_primary DESC, e.ordinal LIMIT 1) AS home_country";
const ROLES_JOIN: &str = "JOIN people p ON p.id = a.person_id \
     LEFT JOIN role_assignments r ON r.person_id = p.id AND (r.scheme_id = a.scheme_id \
       OR EXISTS (SELECT 1 FROM organisations o WHERE o.id = r.organisation_id AND o.scheme_id = a.scheme_id) \
       OR EXISTS (SELECT 1 FROM programmes g WHERE g.id = r.programme_id AND g.scheme_id = a.scheme_id))";

fn signed_in_from(rows: &[AnyRow], csrf_token: String) -> Result<Option<SignedIn>> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    if boolean(first, "disabled")? {
        return Ok(None);
    }
    let person = Person {
        id: parsed(first, "id")?,
        scheme_id: parsed(first, "scheme_id")?,
        given_name: text(first, "given_name")?,
        family_name: text(first, "family_name")?,
        email: text(first, "email")?,
        language: coded(first, "language", Language::from_tag)?,
    };
    let time_zone = match opt_text(first, "home_country")? {
        Some(code) => Country::from_code(&code)
            .ok_or_else(|| crate::error::corrupt(format!("country {code:?}")))?
            .time_zone(),
        None => Country::UnitedKingdom.time_zone(),
    };
    let mut roles = Vec::new();
    for row in rows {
        let Some(code) = opt_text(row, "role")? else {
            continue;
        };
        let role = Role::from_code(&code)
            .ok_or_else(|| crate::error::corrupt(format!("role {code:?}")))?;
        let scope = scope_from(&text(row, "scope_kind")?, &text(row, "scope_id")?)?;
        roles.push(RoleAssignment { role, scope });
    }
    roles.sort_by_key(|r| (r.role, scope_order(r.scope)));
    Ok(Some(SignedIn {
        account_id: parsed(first, "account_id")?,
        actor: Actor {
            person_id: person.id,
            scheme_id: parsed(first, "account_scheme")?,
            roles,
        },
        person,
        csrf_token,
        time_zone,
    }))
}

impl Store {
    /// The signed-in person of the session with this token hash, or `None` when the session is
    /// unknown or expired at `now`, or its account disabled. One statement.
    pub async fn signed_in_by_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SignedIn>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SIGNED_IN}, s.csrf_token FROM sessions s JOIN accounts a ON a.id = s.account_id \
             {ROLES_JOIN} WHERE s.token_hash = $1 AND s.expires_at > $2"
        )))
        .bind(token_hash)
        .bind(ts(now))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let csrf = match rows.first() {
            Some(row) => text(row, "csrf_token")?,
            None => return Ok(None),
        };
        signed_in_from(&rows, csrf)
    }

    /// The signed-in person behind an account, or `None` when it is unknown or disabled. One
    /// statement.
    pub async fn signed_in_by_account(&self, account: AccountId) -> Result<Option<SignedIn>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SIGNED_IN} FROM accounts a {ROLES_JOIN} WHERE a.id = $1"
        )))
        .bind(account.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        signed_in_from(&rows, String::new())
    }
}
