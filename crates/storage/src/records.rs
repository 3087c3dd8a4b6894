//! Record types that exist only at the storage boundary (queries, pages, accounts, sessions,
//! tokens, audit entries). Domain entities themselves come from `tandem-domain`.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tandem_domain::policy::PeopleScope;
use tandem_domain::{AccountId, Employment, GradeSystem, OrganisationId, Person, PersonId};

/// A person with all their employments (in the order they were given).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonRecord {
    pub person: Person,
    pub employments: Vec<Employment>,
}

/// Largest page [`crate::Store::search_people`] returns; bigger limits are reduced to it.
pub const MAX_PAGE: u64 = 200;

/// A people search. The scope comes from `tandem_domain::policy::people_scope` and is applied in
/// SQL, so a coordinator's page can never contain a row they may not see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeopleQuery {
    pub scope: PeopleScope,
    /// The person searching: `OnlySelf` returns only them, and `Organisations` always includes
    /// them as well (people can always see themselves).
    pub actor: PersonId,
    /// Case-insensitive "contains" over given name, family name, full name and e-mail.
    pub text: Option<String>,
    /// Only people with an employment at this organisation. Like the other employment
    /// filters it only looks at employments the reader may see: under
    /// `PeopleScope::Organisations` those at the listed organisations, plus all of the actor's.
    pub organisation: Option<OrganisationId>,
    /// Only people with an employment in this profession (exact, as stored).
    pub profession: Option<String>,
    /// Only people with an employment graded in this system.
    pub grade_system: Option<GradeSystem>,
    /// Rows to skip (old `?page=` links); ignored when `cursor` is set. Costs the rows skipped:
    /// new links carry a cursor instead.
    pub offset: u64,
    /// At most [`MAX_PAGE`].
    pub limit: u64,
    /// Where the page starts: right after, or right before, a person of the list (keyset
    /// paging, which costs one page however deep it is).
    pub cursor: Option<PeopleCursor>,
    /// Count every match, however many (the dashboard's figure); otherwise the total is
    /// counted up to [`crate::COUNT_CAP`] only.
    pub exact_total: bool,
}

/// A position in the people list: the page after, or before, this person (in the list's order of
/// family name, given name and id). The one cursor type of every list: see
/// [`crate::list_pages::Cursor`].
pub type PeopleCursor = crate::list_pages::Cursor<PersonId>;

impl PeopleQuery {
    /// The first page of 50, unfiltered within `scope`.
    pub fn new(scope: PeopleScope, actor: PersonId) -> Self {
        PeopleQuery {
            scope,
            actor,
            text: None,
            organisation: None,
            profession: None,
            grade_system: None,
            offset: 0,
            limit: 50,
            cursor: None,
            exact_total: false,
        }
    }
}

/// One page of results and the number of matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The number of matches when `total_exact`; else a lower bound ([`crate::COUNT_CAP`]):
    /// there are more, and counting them all would cost reading them all.
    pub total: u64,
    /// The offset asked for (0 when the page was found by cursor).
    pub offset: u64,
    /// The limit actually applied (requests above [`MAX_PAGE`] are reduced).
    pub limit: u64,
    pub total_exact: bool,
    /// The cursor token of the next page, when there are rows after this one.
    pub next: Option<String>,
    /// The cursor token of the previous page, when there may be rows before this one.
    pub previous: Option<String>,
}

impl<T> Page<T> {
    /// An empty first page (for a search that can match no one).
    pub fn empty(offset: u64, limit: u64) -> Self {
        Page {
            items: Vec::new(),
            total: 0,
            offset,
            limit,
            total_exact: true,
            next: None,
            previous: None,
        }
    }
}

/// A row of the people list: the person and their primary employment (the one marked primary,
/// else the first) among the employments the reader may see (see [`PeopleQuery::organisation`]);
/// the employment fields are `None` when there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    pub person: Person,
    pub organisation_id: Option<OrganisationId>,
    pub organisation_name: Option<String>,
    pub job_title: Option<String>,
    pub profession: Option<String>,
    pub grade_system: Option<GradeSystem>,
    pub grade: Option<String>,
}

/// A sign-in account; one per person.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub person_id: PersonId,
    pub scheme_id: tandem_domain::SchemeId,
    /// Unique across all schemes, compared case-insensitively.
    pub email: String,
    /// Argon2id PHC string; `None` until the invitation is accepted.
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub failed_logins: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for Account {
    // Password hashes must not end up in logs, even though they are hashes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("person_id", &self.person_id)
            .field("scheme_id", &self.scheme_id)
            .field("email", &self.email)
            .field(
                "password_hash",
                &self.password_hash.as_ref().map(|_| "<redacted>"),
            )
            .field("disabled", &self.disabled)
            .field("failed_logins", &self.failed_logins)
            .field("locked_until", &self.locked_until)
            .finish()
    }
}

/// A browser session. Only the SHA-256 hex of the cookie value is stored, so a copy of the
/// database does not let anyone sign in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub account_id: AccountId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What a single-use token is for; a token of one kind never works as another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Invitation,
    PasswordReset,
    /// Confirms that a self-registered person holds the e-mail address they gave.
    EmailConfirmation,
    /// Signs a person in without a password (an e-mailed, single-use link).
    SignInLink,
}

impl TokenKind {
    pub fn code(self) -> &'static str {
        match self {
            TokenKind::Invitation => "invitation",
            TokenKind::PasswordReset => "password_reset",
            TokenKind::EmailConfirmation => "email_confirmation",
            TokenKind::SignInLink => "sign_in_link",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            TokenKind::Invitation,
            TokenKind::PasswordReset,
            TokenKind::EmailConfirmation,
            TokenKind::SignInLink,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// An e-mailed, expiring, single-use token (stored as a hash only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRecord {
    pub token_hash: String,
    pub kind: TokenKind,
    pub account_id: AccountId,
    pub expires_at: DateTime<Utc>,
}

/// An API bearer token (stored as a hash only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokenRecord {
    /// What the token is listed and revoked by (the hash is never shown).
    pub id: String,
    pub token_hash: String,
    pub account_id: AccountId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// `None` only for a token made before expiry existed, until upkeep gives it one.
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// One line of the append-only audit log. `detail` carries ids, never personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: Option<PersonId>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// An organisation's OpenID Connect settings. The secret is needed to talk to the provider, so
/// it is kept as given; front ends only ever say whether one is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoSettings {
    pub organisation_id: OrganisationId,
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub enabled: bool,
    pub updated_at: DateTime<Utc>,
}

/// A single sign-on sent to the provider and not yet back (see `sso_pending` in migration 0020).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingSignIn {
    pub state_hash: String,
    pub organisation_id: OrganisationId,
    pub nonce_hash: String,
    pub pkce_verifier: String,
    /// Where to go once signed in (a local path, checked by the front end).
    pub next_path: String,
    pub expires_at: DateTime<Utc>,
}
