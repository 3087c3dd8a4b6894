//! Signing in without a password: single-use e-mailed links, and single sign-on per
//! organisation with OpenID Connect.
//!
//! # E-mailed links
//!
//! For staff who never set a password or have no corporate e-mail. Asking for a link answers the
//! same whether or not the address has an account; the link's token is minted at delivery (see
//! [`crate::notify::accounts`]), stored as a hash, lives `reset_minutes`, and is consumed only by
//! the POST of the page it opens, because mail scanners fetch links (a GET never consumes it).
//!
//! # Single sign-on
//!
//! The authorisation code flow with PKCE (S256), state and nonce, by the `openidconnect` crate,
//! whose verifier checks the ID token's signature (keys from the provider's JWKS), issuer,
//! audience, expiry and nonce. Each organisation has its own issuer (NHSmail and Entra issue per
//! tenant). What a sign-in needs between leaving for the provider and coming back is in the
//! database (`sso_pending`), so any instance finishes it; the state is also kept in a cookie of
//! the browser that began it, so a callback cannot be replayed in somebody else's browser (login
//! CSRF). The signed-in person is the one person of the organisation's scheme, employed by that
//! organisation, whose e-mail equals the provider's *verified* e-mail.
//!
//! An account is created when that person has none: the provider has proved the address, which
//! is what an accepted invitation proves, and an account alone grants nothing (without a role in
//! the scheme every page says no). A disabled account is never signed in.
//!
//! Every failure gives the same answer, and logs why without personal data (no e-mail, name or
//! subject).

use crate::accounts::{NewSession, open_session, queue_token_notice, token_hash};
use crate::tokens::random_token;
use crate::{AppError, AppResult, Context, audit_entry, audited, authorise};
use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreTokenResponse,
};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use std::sync::OnceLock;
use tandem_domain::text::{self, TextError};
use tandem_domain::validate::normalise_email;
use tandem_domain::{AccountId, Action, Actor, Organisation, OrganisationId};
use tandem_storage::{Account, PendingSignIn, SsoSettings, TokenKind};

/// How long a sign-in may stay at the provider (typing a password, a second factor).
const PENDING_MINUTES: i64 = 15;

// ----- e-mailed links -----

/// Queues a sign-in link for the address when it belongs to an active account. Always succeeds
/// for the caller (a malformed address included), so it reveals nothing about who has an account.
pub async fn request_sign_in_link(ctx: &Context, email: &str) -> AppResult<()> {
    request_sign_in_link_from(ctx, &crate::throttle::Client::local(), email).await
}

/// [`request_sign_in_link`] for a network client: limited per client address and per e-mail
/// address, known or not (`TooManyRequests`, nothing queued).
pub async fn request_sign_in_link_from(
    ctx: &Context,
    client: &crate::throttle::Client,
    email: &str,
) -> AppResult<()> {
    use crate::throttle::{self, Counted};
    let Ok(email) = normalise_email(email) else {
        return Ok(());
    };
    throttle::per_address_and_account(
        ctx,
        client,
        &throttle::email_subject(&email),
        Counted::SignInLink,
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
        "account.sign_in_link_requested",
        account.id.to_string(),
        String::new(),
    );
    match queue_token_notice(ctx, &account, TokenKind::SignInLink, entry).await {
        Ok(()) => Ok(()),
        Err(e) => {
            // Reported in the log only: the person sees the same page either way.
            e.log();
            Ok(())
        }
    }
}

/// Whether an e-mailed sign-in link can still be used (for the page it opens; consumes nothing).
pub async fn sign_in_link_is_valid(ctx: &Context, token: &str) -> AppResult<bool> {
    Ok(ctx
        .store
        .token_is_valid(TokenKind::SignInLink, &token_hash(token.trim()), ctx.now())
        .await?
        .is_some())
}

/// Signs in with an e-mailed link: consumes its token (single use, expiring) and opens a session.
/// An expired, used or forged token, or a disabled account, changes nothing and is refused with
/// `error.link_invalid` against the `token` field.
pub async fn sign_in_with_link(ctx: &Context, token: &str) -> AppResult<NewSession> {
    let invalid = || AppError::field("token", "error.link_invalid");
    let hash = token_hash(token.trim());
    let now = ctx.now();
    // Checked before consuming, so a link of a disabled account stays as it was.
    let Some(account_id) = ctx
        .store
        .token_is_valid(TokenKind::SignInLink, &hash, now)
        .await?
    else {
        return Err(invalid());
    };
    if ctx.store.get_account(account_id).await?.disabled {
        return Err(invalid());
    }
    if ctx
        .store
        .consume_token(TokenKind::SignInLink, &hash, now)
        .await?
        .is_none()
    {
        // Used by a concurrent request meanwhile.
        return Err(invalid());
    }
    // The link proves the address as a reset would: a lock from failed passwords is lifted.
    ctx.store.reset_login_failures(account_id).await?;
    let change = audited(
        ctx,
        None,
        "account.sign_in",
        account_id.to_string(),
        "method=link".into(),
    );
    let session = open_session(ctx, &change.store, account_id).await?;
    change.done()?;
    Ok(session)
}

// ----- single sign-on settings -----

/// One organisation's single sign-on as the administrator sees it: never the secret, only
/// whether one is set.
#[derive(Clone, Debug)]
pub struct SsoOrganisation {
    pub organisation: Organisation,
    pub issuer_url: String,
    pub client_id: String,
    pub secret_set: bool,
    pub enabled: bool,
    pub updated_at: Option<DateTime<Utc>>,
}

fn view(organisation: Organisation, s: Option<&SsoSettings>) -> SsoOrganisation {
    SsoOrganisation {
        organisation,
        issuer_url: s.map(|s| s.issuer_url.clone()).unwrap_or_default(),
        client_id: s.map(|s| s.client_id.clone()).unwrap_or_default(),
        secret_set: s.is_some_and(|s| !s.client_secret.is_empty()),
        enabled: s.is_some_and(|s| s.enabled),
        updated_at: s.map(|s| s.updated_at),
    }
}

/// The scheme's organisations with their single sign-on state (administrators only).
pub async fn sso_settings(ctx: &Context, actor: &Actor) -> AppResult<Vec<SsoOrganisation>> {
    authorise(actor, Action::ConfigureSignIn)?;
    let all = ctx.store.all_sso_settings().await?;
    let orgs = ctx.store.list_organisations(actor.scheme_id).await?;
    Ok(orgs
        .into_iter()
        .map(|o| {
            let s = all.iter().find(|s| s.organisation_id == o.id);
            view(o, s)
        })
        .collect())
}

/// One organisation's single sign-on (administrators only; another scheme's is *not found*).
pub async fn sso_setting(
    ctx: &Context,
    actor: &Actor,
    organisation: OrganisationId,
) -> AppResult<SsoOrganisation> {
    authorise(actor, Action::ConfigureSignIn)?;
    let org = organisation_in_scheme(ctx, actor, organisation).await?;
    let s = ctx.store.sso_settings(organisation).await?;
    Ok(view(org, s.as_ref()))
}

async fn organisation_in_scheme(
    ctx: &Context,
    actor: &Actor,
    organisation: OrganisationId,
) -> AppResult<Organisation> {
    match ctx.store.get_organisation(organisation).await {
        Ok(o) if o.scheme_id == actor.scheme_id => Ok(o),
        Ok(_) | Err(tandem_storage::StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// What the administrator submits. An empty `client_secret` keeps the one already set.
#[derive(Clone, Debug, Default)]
pub struct SsoInput {
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub enabled: bool,
}

/// Whether an issuer address is acceptable: `https`, or `http` on a loopback host only (a
/// provider on the same machine, as in tests; nothing crosses a network in clear).
pub fn issuer_acceptable(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url) else {
        return false;
    };
    if u.query().is_some() || u.fragment().is_some() || !u.username().is_empty() {
        return false;
    }
    match (u.scheme(), u.host()) {
        ("https", Some(_)) => true,
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Domain(d))) => d.eq_ignore_ascii_case("localhost"),
        _ => false,
    }
}

/// Saves an organisation's single sign-on (administrators only); audited without the secret.
pub async fn save_sso_settings(
    ctx: &Context,
    actor: &Actor,
    organisation: OrganisationId,
    input: &SsoInput,
) -> AppResult<SsoOrganisation> {
    authorise(actor, Action::ConfigureSignIn)?;
    let org = organisation_in_scheme(ctx, actor, organisation).await?;
    let old = ctx.store.sso_settings(organisation).await?;
    let issuer_url = input.issuer_url.trim().trim_end_matches('/').to_string();
    let mut e = tandem_domain::ValidationErrors::new();
    let client_id = tandem_domain::text::check(
        &mut e,
        "client_id",
        &input.client_id,
        tandem_domain::text::Shape::Line,
        500,
    )
    .unwrap_or_default();
    let secret = tandem_domain::text::check(
        &mut e,
        "client_secret",
        &input.client_secret,
        tandem_domain::text::Shape::Line,
        2000,
    )
    .unwrap_or_default();
    let secret = secret.as_str();
    if let Err(err @ (TextError::Control | TextError::Bidi)) = text::line(&issuer_url, 500) {
        err.record(&mut e, "issuer_url");
    } else if issuer_url.is_empty() {
        e.add("issuer_url", "error.required");
    } else if issuer_url.chars().count() > 500 || !issuer_acceptable(&issuer_url) {
        e.add("issuer_url", "signin.error.issuer_url");
    }
    if client_id.is_empty() && e.for_field("client_id").is_none() {
        e.add("client_id", "error.required");
    }
    let client_secret = if secret.is_empty() {
        old.as_ref()
            .map(|o| o.client_secret.clone())
            .unwrap_or_default()
    } else {
        secret.to_string()
    };
    if client_secret.is_empty() {
        e.add("client_secret", "error.required");
    } else if client_secret.chars().count() > 1000 {
        e.add("client_secret", "signin.error.too_long");
    }
    e.into_result()?;
    let s = SsoSettings {
        organisation_id: organisation,
        issuer_url,
        client_id,
        client_secret,
        enabled: input.enabled,
        updated_at: ctx.now(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "sign_in.sso_configured",
        organisation.to_string(),
        format!(
            "enabled={} secret_changed={}",
            s.enabled,
            !secret.is_empty()
        ),
    );
    change.store.save_sso_settings(&s).await?;
    change.done()?;
    Ok(view(org, Some(&s)))
}

/// The organisations whose people may sign in with single sign-on, for the sign-in page (by
/// name). Public: anyone about to sign in sees which organisations offer it.
pub async fn sso_choices(ctx: &Context) -> AppResult<Vec<Organisation>> {
    let mut out = Vec::new();
    for s in ctx.store.all_sso_settings().await? {
        if !s.enabled {
            continue;
        }
        match ctx.store.get_organisation(s.organisation_id).await {
            Ok(o) => out.push(o),
            Err(tandem_storage::StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    out.sort_by_key(|o| o.name.to_lowercase());
    Ok(out)
}

// ----- single sign-on flow -----

/// Why a single sign-on failed: for the log only (never shown, never personal data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SsoFailure {
    NotConfigured,
    Discovery,
    UnknownState,
    OtherBrowser,
    ProviderRefused,
    TokenExchange,
    NoIdToken,
    WrongIssuer,
    WrongAudience,
    Expired,
    BadSignature,
    NonceMismatch,
    InvalidIdToken,
    EmailNotVerified,
    UnknownPerson,
    AccountDisabled,
}

impl SsoFailure {
    pub fn code(self) -> &'static str {
        match self {
            Self::NotConfigured => "not_configured",
            Self::Discovery => "discovery_failed",
            Self::UnknownState => "unknown_or_used_state",
            Self::OtherBrowser => "state_not_of_this_browser",
            Self::ProviderRefused => "provider_returned_error",
            Self::TokenExchange => "token_exchange_failed",
            Self::NoIdToken => "no_id_token",
            Self::WrongIssuer => "wrong_issuer",
            Self::WrongAudience => "wrong_audience",
            Self::Expired => "id_token_expired",
            Self::BadSignature => "bad_signature",
            Self::NonceMismatch => "nonce_mismatch",
            Self::InvalidIdToken => "id_token_invalid",
            Self::EmailNotVerified => "email_not_verified",
            Self::UnknownPerson => "no_matching_person",
            Self::AccountDisabled => "account_disabled",
        }
    }
}

/// Logs the reason (organisation id and a code, nothing personal) and gives the one answer
/// every failure gets.
fn failed(organisation: Option<OrganisationId>, why: SsoFailure) -> AppError {
    tracing::warn!(
        organisation = organisation.map(|o| o.to_string()).unwrap_or_default(),
        reason = why.code(),
        "single sign-on refused"
    );
    AppError::field("sign_in", "signin.error.sso_failed")
}

fn http_client() -> &'static openidconnect::reqwest::Client {
    static CLIENT: OnceLock<openidconnect::reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        openidconnect::reqwest::Client::builder()
            // The crate's advice: following redirects from a provider invites SSRF.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(15))
            // Sign-ins are rare; an idle pooled connection would outlive the runtime it was
            // made on (tests run one runtime each) and buys nothing here.
            .pool_max_idle_per_host(0)
            .build()
            .expect("a reqwest client with rustls builds")
    })
}

fn redirect_url(ctx: &Context) -> String {
    format!("{}/sign-in/oidc/callback", ctx.settings.base())
}

/// Reads the organisation's settings and its provider's discovery document, and builds the
/// client. Every provider answer is fetched afresh: keys rotate, and instances share nothing.
async fn client_for(
    ctx: &Context,
    organisation: OrganisationId,
) -> AppResult<(
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    SsoSettings,
)> {
    let Some(s) = ctx
        .store
        .sso_settings(organisation)
        .await?
        .filter(|s| s.enabled)
    else {
        return Err(failed(Some(organisation), SsoFailure::NotConfigured));
    };
    let issuer = IssuerUrl::new(s.issuer_url.clone())
        .map_err(|_| failed(Some(organisation), SsoFailure::NotConfigured))?;
    let metadata = CoreProviderMetadata::discover_async(issuer, http_client())
        .await
        .map_err(|_| failed(Some(organisation), SsoFailure::Discovery))?;
    let redirect = RedirectUrl::new(redirect_url(ctx))
        .map_err(|e| AppError::internal(std::io::Error::other(e.to_string())))?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(s.client_id.clone()),
        Some(ClientSecret::new(s.client_secret.clone())),
    )
    .set_redirect_uri(redirect);
    Ok((client, s))
}

/// Where to send the browser to sign in with its organisation, and the state to keep in the
/// browser (a cookie) until it comes back.
#[derive(Clone, Debug)]
pub struct SsoStart {
    pub authorize_url: String,
    pub state: String,
}

/// Begins a single sign-on with the organisation's provider: PKCE (S256), a random state and
/// nonce; the pending sign-in is stored (state and nonce as hashes) for whichever instance gets
/// the callback. `next` is a local path the front end has checked.
pub async fn begin_sso(
    ctx: &Context,
    organisation: OrganisationId,
    next: &str,
) -> AppResult<SsoStart> {
    let (client, _) = client_for(ctx, organisation).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            || CsrfToken::new(random_token()),
            || Nonce::new(random_token()),
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    ctx.store
        .create_pending_sign_in(&PendingSignIn {
            state_hash: token_hash(state.secret()),
            organisation_id: organisation,
            nonce_hash: token_hash(nonce.secret()),
            pkce_verifier: verifier.secret().clone(),
            next_path: next.to_string(),
            expires_at: ctx.now() + Duration::minutes(PENDING_MINUTES),
        })
        .await?;
    Ok(SsoStart {
        authorize_url: url.to_string(),
        state: state.secret().clone(),
    })
}

/// What the provider sent back to the callback.
#[derive(Clone, Debug, Default)]
pub struct SsoCallback {
    pub state: String,
    pub code: Option<String>,
    /// The provider's `error` parameter (the person cancelled, or the provider refused).
    pub error: Option<String>,
    /// The state kept in the browser's cookie when the sign-in began.
    pub browser_state: Option<String>,
}

/// A finished single sign-on: the session, and where to go.
#[derive(Clone, Debug)]
pub struct SsoSignedIn {
    pub session: NewSession,
    pub next: String,
}

fn claims_failure(e: &ClaimsVerificationError) -> SsoFailure {
    match e {
        ClaimsVerificationError::Expired(_) => SsoFailure::Expired,
        ClaimsVerificationError::InvalidAudience(_) => SsoFailure::WrongAudience,
        ClaimsVerificationError::InvalidIssuer(_) => SsoFailure::WrongIssuer,
        ClaimsVerificationError::InvalidNonce(_) => SsoFailure::NonceMismatch,
        ClaimsVerificationError::SignatureVerification(_) => SsoFailure::BadSignature,
        _ => SsoFailure::InvalidIdToken,
    }
}

/// Finishes a single sign-on: takes the pending sign-in once (a replayed state finds nothing),
/// checks that this browser began it, exchanges the code with the PKCE verifier, has the crate
/// verify the ID token (signature, issuer, audience, expiry, nonce) and signs in the person of
/// that organisation whose e-mail equals the verified e-mail. Any failure signs nobody in.
pub async fn finish_sso(ctx: &Context, cb: &SsoCallback) -> AppResult<SsoSignedIn> {
    let now = ctx.now();
    let state_hash = token_hash(cb.state.trim());
    let Some(pending) = ctx.store.take_pending_sign_in(&state_hash, now).await? else {
        return Err(failed(None, SsoFailure::UnknownState));
    };
    let org = pending.organisation_id;
    let same_browser = cb
        .browser_state
        .as_deref()
        .is_some_and(|b| token_hash(b.trim()) == state_hash);
    if !same_browser {
        return Err(failed(Some(org), SsoFailure::OtherBrowser));
    }
    if cb.error.is_some() {
        return Err(failed(Some(org), SsoFailure::ProviderRefused));
    }
    let Some(code) = cb.code.as_deref().filter(|c| !c.is_empty()) else {
        return Err(failed(Some(org), SsoFailure::ProviderRefused));
    };
    let (client, _) = client_for(ctx, org).await?;
    let token: CoreTokenResponse = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(|_| failed(Some(org), SsoFailure::Discovery))?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
        .request_async(http_client())
        .await
        .map_err(|_| failed(Some(org), SsoFailure::TokenExchange))?;
    let Some(id_token) = token.id_token() else {
        return Err(failed(Some(org), SsoFailure::NoIdToken));
    };
    // Expiry is judged by the context's clock, like every other time in the use cases.
    let verifier = client.id_token_verifier().set_time_fn(move || now);
    let nonce_hash = pending.nonce_hash.clone();
    let claims = id_token
        .claims(&verifier, |n: Option<&Nonce>| match n {
            Some(n) if token_hash(n.secret()) == nonce_hash => Ok(()),
            _ => Err("nonce does not match".to_string()),
        })
        .map_err(|e| failed(Some(org), claims_failure(&e)))?;
    if claims.email_verified() != Some(true) {
        return Err(failed(Some(org), SsoFailure::EmailNotVerified));
    }
    let Some(email) = claims
        .email()
        .and_then(|e| normalise_email(e.as_str()).ok())
    else {
        return Err(failed(Some(org), SsoFailure::EmailNotVerified));
    };
    let account = account_for(ctx, org, &email).await?;
    ctx.store.reset_login_failures(account).await?;
    let change = audited(
        ctx,
        None,
        "account.sign_in",
        account.to_string(),
        format!("method=sso organisation={org}"),
    );
    let session = open_session(ctx, &change.store, account).await?;
    change.done()?;
    Ok(SsoSignedIn {
        session,
        next: pending.next_path,
    })
}

/// The account of the person of `org`'s scheme, employed by `org`, with this e-mail; created
/// (without a password) when the person has none.
async fn account_for(ctx: &Context, org: OrganisationId, email: &str) -> AppResult<AccountId> {
    let organisation = match ctx.store.get_organisation(org).await {
        Ok(o) => o,
        Err(tandem_storage::StoreError::NotFound) => {
            return Err(failed(Some(org), SsoFailure::NotConfigured));
        }
        Err(e) => return Err(e.into()),
    };
    let person = ctx
        .store
        .find_person_by_email(organisation.scheme_id, email)
        .await?
        .filter(|p| p.employments.iter().any(|e| e.organisation_id == org));
    let Some(person) = person else {
        return Err(failed(Some(org), SsoFailure::UnknownPerson));
    };
    match ctx.store.account_by_person(person.person.id).await? {
        Some(a) if a.disabled => Err(failed(Some(org), SsoFailure::AccountDisabled)),
        Some(a) => Ok(a.id),
        None => {
            let a = Account {
                id: AccountId::new(),
                person_id: person.person.id,
                scheme_id: organisation.scheme_id,
                email: person.person.email.clone(),
                password_hash: None,
                disabled: false,
                failed_logins: 0,
                locked_until: None,
            };
            let change = audited(
                ctx,
                None,
                "account.created_by_sso",
                a.id.to_string(),
                format!("person={} organisation={org}", person.person.id),
            );
            match change.store.create_account(&a).await {
                Ok(()) => {}
                // Another account holds the address (or a concurrent sign-in made it).
                Err(tandem_storage::StoreError::Conflict { .. }) => {
                    return Err(failed(Some(org), SsoFailure::UnknownPerson));
                }
                Err(e) => return Err(e.into()),
            }
            change.done()?;
            Ok(a.id)
        }
    }
}
