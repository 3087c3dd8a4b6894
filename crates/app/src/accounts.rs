//! Accounts: sign-in, sessions, invitations, password resets and API tokens.
//!
//! Passwords are hashed with Argon2id (`password-auth`) on a few threads of their own, bounded
//! (see [`crate::throttle::HashSlots`]), because one hash
//! takes tens of milliseconds of CPU. Session, invitation, reset and API tokens are 256-bit random
//! values; only their SHA-256 is stored, so a copy of the database lets nobody in. Failed
//! sign-ins slow further attempts for that address down (see [`crate::throttle`]), never lock
//! it; the answer to a wrong e-mail and a wrong password is the same, and takes as long, so
//! sign-in cannot be used to find out who has an account.

use super::{audit_entry, audit_event, audited, authorise, people};
use crate::notify::accounts::AccountNotice;
use crate::notify::{self, Notice, NoticeKind};
pub use crate::throttle::Client;
use crate::throttle::{self, Counted};
use crate::{AppError, AppResult, Context};
use chrono::{DateTime, Duration, Utc};
use std::sync::OnceLock;
use tandem_domain::text::TextError;
use tandem_domain::validate::{normalise_email, required_text};
use tandem_domain::{AccountId, Action, Actor, Person, PersonId, ValidationErrors};
use tandem_storage::{Account, ApiTokenRecord, AuditEntry, SessionRecord, TokenKind};

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;
/// Longest password accepted (Argon2 copes, but a megabyte "password" is an attack, not a choice).
pub const MAX_PASSWORD: usize = 200;

pub use crate::tokens::{random_token, token_hash};

/// Hashes a password in one of this process's hash slots (`Busy` when none frees up in time).
pub(crate) async fn hash_password(ctx: &Context, password: String) -> AppResult<String> {
    ctx.hashing
        .run(move || password_auth::generate_hash(password))
        .await
}

/// Checks a password against a hash (or against the dummy hash when `hash` is `None`, so an
/// unknown address takes as long) in one of this process's hash slots.
async fn verify_password(ctx: &Context, password: String, hash: Option<String>) -> AppResult<bool> {
    ctx.hashing
        .run(move || match hash {
            Some(h) => password_auth::verify_password(password, &h).is_ok(),
            None => {
                let _ = password_auth::verify_password(password, dummy_hash());
                false
            }
        })
        .await
}

/// A hash to verify against when there is no account, so both answers take as long.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| password_auth::generate_hash("no account has this password"))
}

/// A new browser session: the cookie value (shown to the browser once) and its CSRF token.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub account_id: AccountId,
    pub expires_at: DateTime<Utc>,
}

/// Checks e-mail and password and opens a session (a new id every time, so a session id planted
/// before sign-in is worthless after it). For callers with no network client (the command line,
/// tests); the front ends use [`sign_in_from`].
pub async fn sign_in(ctx: &Context, email: &str, password: &str) -> AppResult<NewSession> {
    sign_in_from(ctx, &Client::local(), email, password).await
}

/// Signs in a network client: its address's rate limit and the address's progressive delay are
/// checked first, and a refusal there runs no password check and writes nothing. Unknown
/// addresses are delayed exactly like known ones, so neither the answer nor its timing tells who
/// has an account.
pub async fn sign_in_from(
    ctx: &Context,
    client: &Client,
    email: &str,
    password: &str,
) -> AppResult<NewSession> {
    let failed = || AppError::field("email", "error.sign_in_failed");
    let normalised = normalise_email(email).ok();
    let subject = throttle::email_subject(normalised.as_deref().unwrap_or(email.trim()));
    throttle::check_delay(ctx, &subject).await?;
    throttle::per_address(ctx, client, Counted::SignIn).await?;
    let account = match &normalised {
        Some(e) => ctx.store.account_by_email(e).await?,
        None => None,
    };
    let account_id = account.as_ref().map(|a| a.id);
    let usable = account.filter(|a| !a.disabled && a.password_hash.is_some());
    let hash = usable.as_ref().and_then(|a| a.password_hash.clone());
    let ok = verify_password(ctx, password.to_string(), hash).await?;
    let Some(account) = usable.filter(|_| ok) else {
        throttle::record_failure(ctx, &subject).await?;
        if let Some(a) = account_id {
            audit_event(
                ctx,
                None,
                "account.sign_in_failed",
                a.to_string(),
                String::new(),
            )
            .await?;
        }
        return Err(failed());
    };
    ctx.store.clear_sign_in_failures(&subject).await?;
    ctx.store.reset_login_failures(account.id).await?;
    let change = audited(
        ctx,
        None,
        "account.sign_in",
        account.id.to_string(),
        format!("person={}", account.person_id),
    );
    let session = open_session(ctx, &change.store, account.id).await?;
    change.done()?;
    Ok(session)
}

/// Opens a session on `store` (a handle from [`crate::audited`], so the sign-in's entry is
/// written with the session).
pub(crate) async fn open_session(
    ctx: &Context,
    store: &tandem_storage::Store,
    account_id: AccountId,
) -> AppResult<NewSession> {
    let now = ctx.now();
    let token = random_token();
    let csrf_token = random_token();
    let expires_at = now + Duration::hours(i64::from(ctx.settings.session_hours));
    let record = SessionRecord {
        token_hash: token_hash(&token),
        account_id,
        csrf_token: csrf_token.clone(),
        created_at: now,
        expires_at,
    };
    store.create_session(&record).await?;
    Ok(NewSession {
        token,
        csrf_token,
        account_id,
        expires_at,
    })
}

/// Ends a session (unknown tokens are ignored: signing out twice is fine).
pub async fn sign_out(ctx: &Context, session_token: &str) -> AppResult<()> {
    let hash = token_hash(session_token);
    if let Some(s) = ctx.store.session(&hash, ctx.now()).await? {
        let change = audited(
            ctx,
            None,
            "account.sign_out",
            s.account_id.to_string(),
            String::new(),
        );
        change.store.delete_session(&hash).await?;
        change.done()?;
    }
    Ok(())
}

/// A signed-in person: their account, their person record and the roles they act with.
#[derive(Clone, Debug)]
pub struct User {
    pub account_id: AccountId,
    pub person: Person,
    pub actor: Actor,
    /// The IANA zone the person reads instants in (their primary employer's country's).
    pub time_zone: &'static str,
}

/// The user of a live browser session, with what the session stores for the front end: the
/// token forms must send back (CSRF) and the session's hash (to end it).
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub user: User,
    pub csrf_token: String,
    pub session_hash: String,
}

/// Loads the signed-in person behind an account, or `None` when it is disabled or gone.
///
/// One statement (account, person and roles together: see `Store::signed_in_by_account`).
pub async fn user_for_account(ctx: &Context, account_id: AccountId) -> AppResult<Option<User>> {
    Ok(ctx
        .store
        .signed_in_by_account(account_id)
        .await?
        .map(|s| User {
            account_id: s.account_id,
            person: s.person,
            actor: s.actor,
            time_zone: s.time_zone,
        }))
}

/// The signed-in person of a browser session, if the session is live.
///
/// Every page request asks this, so it is one indexed statement (session, account, person and
/// roles: see `Store::signed_in_by_session`) and writes nothing: sessions keep no "last seen".
pub async fn user_for_session(
    ctx: &Context,
    session_token: &str,
) -> AppResult<Option<SessionUser>> {
    let hash = token_hash(session_token);
    Ok(ctx
        .store
        .signed_in_by_session(&hash, ctx.now())
        .await?
        .map(|s| SessionUser {
            user: User {
                account_id: s.account_id,
                person: s.person,
                actor: s.actor,
                time_zone: s.time_zone,
            },
            csrf_token: s.csrf_token,
            session_hash: hash,
        }))
}

/// How stale a token's "last used" may get before a request writes it again: a client making
/// many requests costs one write a minute, not one per request.
const LAST_USED_GRANULARITY_SECONDS: i64 = 60;

/// The person behind an API bearer token; `Unauthenticated` when the token is unknown or expired,
/// or its account disabled.
pub async fn user_for_api_token(ctx: &Context, bearer_token: &str) -> AppResult<User> {
    let hash = token_hash(bearer_token.trim());
    let now = ctx.now();
    let Some(token) = ctx.store.api_token(&hash).await? else {
        return Err(AppError::Unauthenticated);
    };
    if token.expires_at.is_some_and(|t| t <= now) {
        return Err(AppError::Unauthenticated);
    }
    let user = user_for_account(ctx, token.account_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let stale = token
        .last_used_at
        .is_none_or(|t| now - t >= Duration::seconds(LAST_USED_GRANULARITY_SECONDS));
    if stale {
        ctx.store.touch_api_token(&hash, now).await?;
    }
    Ok(user)
}

/// An API token as its owner sees it: never the hash, never the secret.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ApiTokenView {
    pub id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// `None` only for a token made before expiry existed, until upkeep gives it one.
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expired: bool,
}

/// A new API token: the secret (shown once, never stored) and how it is listed.
#[derive(Clone, Debug)]
pub struct NewApiToken {
    pub secret: String,
    pub token: ApiTokenView,
}

fn token_view(t: ApiTokenRecord, now: DateTime<Utc>) -> ApiTokenView {
    ApiTokenView {
        expired: t.expires_at.is_some_and(|e| e <= now),
        id: t.id,
        name: t.name,
        created_at: t.created_at,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
    }
}

/// Creates an API token with the default lifetime, for callers with no network client; returns
/// the secret (shown once; only its hash is stored).
pub async fn create_api_token(ctx: &Context, user: &User, name: &str) -> AppResult<String> {
    Ok(new_api_token(ctx, &Client::local(), user, name, None)
        .await?
        .secret)
}

/// Creates a named API token for the signed-in person's own account, expiring after `days`
/// (default `api_token_days`, at most `api_token_max_days`). Limited per client address and per
/// account, so a stolen session cannot mint tokens by the thousand.
pub async fn new_api_token(
    ctx: &Context,
    client: &Client,
    user: &User,
    name: &str,
    days: Option<u32>,
) -> AppResult<NewApiToken> {
    let mut e = ValidationErrors::new();
    let name = required_text(name).map_err(|k| e.add("name", k)).ok();
    if name.as_ref().is_some_and(|n| n.chars().count() > 100) {
        e.add_with(
            "name",
            "security.error.token_name_too_long",
            &[("max", "100")],
        );
    }
    let max = ctx.settings.api_token_max_days;
    let days = days.unwrap_or(ctx.settings.api_token_days.min(max));
    if days == 0 || days > max {
        e.add_with(
            "expires_in_days",
            "security.error.token_days",
            &[("max", &max.to_string())],
        );
    }
    e.into_result()?;
    let name = name.unwrap_or_default();
    throttle::per_address_and_account(ctx, client, &user.account_id.to_string(), Counted::ApiToken)
        .await?;
    let now = ctx.now();
    let secret = format!("tandem_{}", random_token());
    let record = ApiTokenRecord {
        id: uuid::Uuid::now_v7().to_string(),
        token_hash: token_hash(&secret),
        account_id: user.account_id,
        name,
        created_at: now,
        expires_at: Some(now + Duration::days(i64::from(days))),
        last_used_at: None,
    };
    let change = audited(
        ctx,
        Some(&user.actor),
        "account.api_token_create",
        user.account_id.to_string(),
        format!("token={} days={days}", record.id),
    );
    change.store.create_api_token(&record).await?;
    change.done()?;
    Ok(NewApiToken {
        secret,
        token: token_view(record, now),
    })
}

/// The signed-in person's own API tokens, oldest first.
pub async fn api_tokens(ctx: &Context, user: &User) -> AppResult<Vec<ApiTokenView>> {
    let now = ctx.now();
    Ok(ctx
        .store
        .list_api_tokens(user.account_id)
        .await?
        .into_iter()
        .map(|t| token_view(t, now))
        .collect())
}

/// Revokes one of the signed-in person's own API tokens; another account's token (or an unknown
/// id) is `NotFound`, and changes nothing.
pub async fn revoke_api_token(ctx: &Context, user: &User, id: &str) -> AppResult<()> {
    let id = id.trim();
    let change = audited(
        ctx,
        Some(&user.actor),
        "account.api_token_revoke",
        user.account_id.to_string(),
        format!("token={id}"),
    );
    if !change
        .store
        .delete_api_token_of(user.account_id, id)
        .await?
    {
        return Err(AppError::NotFound);
    }
    change.done()
}

/// Checks a new password and its confirmation.
pub fn check_new_password(password: &str, confirm: &str) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        e.add_with(
            "password",
            "error.password_too_short",
            &[("min", &MIN_PASSWORD.to_string())],
        );
    } else if n > MAX_PASSWORD {
        e.add_with(
            "password",
            "error.password_too_long",
            &[("max", &MAX_PASSWORD.to_string())],
        );
    } else if let Err(err @ (TextError::Control | TextError::Bidi)) =
        tandem_domain::text::line(password, MAX_PASSWORD * 2)
    {
        // Never normalised or trimmed (that would change what is hashed), but a character that
        // cannot be typed into the sign-in form again is refused, as in every other text.
        err.record(&mut e, "password");
    } else if password != confirm {
        e.add("confirm", "error.passwords_differ");
    }
    e.into_result()
}

/// Queues the e-mail with a single-use link for `account`: an invitation, a password reset, an
/// e-mail confirmation or a sign-in link. The
/// link's token is minted when the notice is delivered, so no raw token is ever stored (see
/// [`crate::notify::accounts`]). Each request is its own cause: asking again sends again.
/// Queues the e-mail carrying a new token, with `entry` appended in the same transaction.
pub(crate) async fn queue_token_notice(
    ctx: &Context,
    account: &Account,
    kind: TokenKind,
    entry: AuditEntry,
) -> AppResult<()> {
    let notice_kind = match kind {
        TokenKind::Invitation => NoticeKind::AccountInvitation,
        TokenKind::PasswordReset => NoticeKind::AccountPasswordReset,
        TokenKind::EmailConfirmation => NoticeKind::AccountEmailConfirmation,
        TokenKind::SignInLink => NoticeKind::AccountSignInLink,
    };
    let notice = Notice::to_person(
        ctx,
        notice_kind,
        account.person_id,
        &uuid::Uuid::now_v7().to_string(),
        AccountNotice {
            account: account.id,
        },
    )?;
    notify::queue_audited(ctx, vec![notice], entry).await?;
    Ok(())
}

/// Sends a password-reset link when the address belongs to an active account. Always succeeds
/// from the caller's point of view, so it reveals nothing about which addresses have accounts.
pub async fn request_password_reset(ctx: &Context, email: &str) -> AppResult<()> {
    request_password_reset_from(ctx, &Client::local(), email).await
}

/// [`request_password_reset`] for a network client: limited per client address and per e-mail
/// address (known or not, so the limit reveals nothing either), which caps the e-mails one
/// address can be sent (`TooManyRequests`, nothing queued).
pub async fn request_password_reset_from(
    ctx: &Context,
    client: &Client,
    email: &str,
) -> AppResult<()> {
    let Ok(email) = normalise_email(email) else {
        return Ok(());
    };
    throttle::per_address_and_account(
        ctx,
        client,
        &throttle::email_subject(&email),
        Counted::PasswordReset,
    )
    .await?;
    let Some(account) = ctx.store.account_by_email(&email).await? else {
        return Ok(());
    };
    if account.disabled {
        return Ok(());
    }
    let entry = audit_entry(
        ctx,
        None,
        "account.reset_requested",
        account.id.to_string(),
        String::new(),
    );
    match queue_token_notice(ctx, &account, TokenKind::PasswordReset, entry).await {
        Ok(()) => Ok(()),
        Err(e) => {
            // Reported in the log only: the person sees the same page either way.
            e.log();
            Ok(())
        }
    }
}

/// Sets the password and appends `action`'s entry with it (the principal write; the token was
/// consumed just before, and the sign-outs follow, each in its own statement).
async fn set_password_with_token(
    ctx: &Context,
    kind: TokenKind,
    token: &str,
    password: &str,
    confirm: &str,
    action: &str,
) -> AppResult<AccountId> {
    check_new_password(password, confirm)?;
    let Some(account_id) = ctx
        .store
        .consume_token(kind, &token_hash(token.trim()), ctx.now())
        .await?
    else {
        return Err(AppError::field("token", "error.link_invalid"));
    };
    let hash = hash_password(ctx, password.to_string()).await?;
    let change = audited(ctx, None, action, account_id.to_string(), String::new());
    change.store.set_password_hash(account_id, &hash).await?;
    change.done()?;
    password_changed(ctx, account_id).await?;
    Ok(account_id)
}

/// What a new password ends, whoever set it: every browser session and API token of the account
/// (whoever knew the old password must not stay in, in a browser or through the API), every
/// reset link still unused (an older e-mail must not reset it again), and the failed sign-ins
/// of its address.
pub(crate) async fn password_changed(ctx: &Context, account_id: AccountId) -> AppResult<()> {
    let account = ctx.store.get_account(account_id).await?;
    ctx.store.reset_login_failures(account_id).await?;
    ctx.store
        .clear_sign_in_failures(&throttle::email_subject(&account.email))
        .await?;
    ctx.store.delete_sessions_of(account_id).await?;
    ctx.store.delete_api_tokens_of(account_id).await?;
    ctx.store
        .spend_tokens_of(account_id, TokenKind::PasswordReset, ctx.now())
        .await?;
    Ok(())
}

/// Sets a new password with an e-mailed reset token (single use, expiring).
pub async fn reset_password(
    ctx: &Context,
    token: &str,
    password: &str,
    confirm: &str,
) -> AppResult<()> {
    set_password_with_token(
        ctx,
        TokenKind::PasswordReset,
        token,
        password,
        confirm,
        "account.password_reset",
    )
    .await?;
    Ok(())
}

/// The language of the person an invitation is for, while its token is still usable, so its
/// page speaks to them as its e-mail did. Needs no actor: the token is the authority, and it
/// answers only a language, nothing about who the person is. `None` for a spent or unknown token.
pub async fn invitation_language(
    ctx: &Context,
    token: &str,
) -> AppResult<Option<tandem_domain::Language>> {
    let Some(account) = ctx
        .store
        .token_is_valid(TokenKind::Invitation, &token_hash(token.trim()), ctx.now())
        .await?
    else {
        return Ok(None);
    };
    let account = ctx.store.get_account(account).await?;
    Ok(Some(
        ctx.store
            .get_person(account.person_id)
            .await?
            .person
            .language,
    ))
}

/// Sets the first password with an e-mailed invitation token (single use, expiring).
pub async fn accept_invitation(
    ctx: &Context,
    token: &str,
    password: &str,
    confirm: &str,
) -> AppResult<()> {
    let id = set_password_with_token(
        ctx,
        TokenKind::Invitation,
        token,
        password,
        confirm,
        "account.invitation_accepted",
    )
    .await?;
    // An invited person with no role would meet "you do not have access" on every page: the
    // invitation admits them as a participant. Right after the password (the store has no
    // transaction spanning both), and idempotent, so accepting again changes nothing.
    let account = ctx.store.get_account(id).await?;
    crate::roles::admit_as_participant(ctx, account.person_id, account.scheme_id).await
}

/// Invites a person to sign in: creates their account if needed and queues an e-mail with a
/// link to set a password (sent by the notice workers, so a slow mail server never slows the
/// page).
pub async fn invite(ctx: &Context, actor: &Actor, person_id: PersonId) -> AppResult<()> {
    // Someone the actor may not see is "not found", before any other refusal.
    let view = people::get(ctx, actor, person_id).await?;
    let employers: Vec<_> = view.employments.iter().map(|e| e.organisation.id).collect();
    authorise(
        actor,
        Action::InvitePerson {
            employers: &employers,
        },
    )?;
    if !view.can_invite {
        return Err(AppError::Forbidden);
    }
    let account = match ctx.store.account_by_person(person_id).await? {
        Some(a) => a,
        None => {
            let a = Account {
                id: AccountId::new(),
                person_id,
                scheme_id: actor.scheme_id,
                email: view.person.email.clone(),
                password_hash: None,
                disabled: false,
                failed_logins: 0,
                locked_until: None,
            };
            ctx.store.create_account(&a).await?;
            a
        }
    };
    let entry = audit_entry(
        ctx,
        Some(actor),
        "account.invite",
        account.id.to_string(),
        format!("person={person_id}"),
    );
    queue_token_notice(ctx, &account, TokenKind::Invitation, entry).await
}
