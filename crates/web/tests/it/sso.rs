//! Single sign-on against a real OpenID provider on loopback: an axum server started by each test
//! on 127.0.0.1 serving discovery, its JWKS and a token endpoint (client secret and PKCE S256
//! checked), signing ID tokens with an RSA key made for the run, all built from the
//! `openidconnect` crate's own provider types. Tandem talks to it over real HTTP; the browser
//! side is the in-process cookie-keeping browser of the harness. The provider's login page is
//! stood in for by [`Provider::authorize`], which issues the code a real one would after sign-in.

use crate::harness::{Browser, PA, World, api_call, api_token, on_backends};
use axum::Router;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Json};
use axum::routing::{get, post};
use base64::Engine;
use chrono::{Duration, Utc};

use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreResponseType, CoreRsaPrivateSigningKey, CoreSubjectIdentifierType,
    CoreTokenResponse, CoreTokenType,
};
use openidconnect::{
    AccessToken, Audience, AuthUrl, EmptyAdditionalClaims, EmptyAdditionalProviderMetadata,
    EmptyExtraTokenFields, EndUserEmail, IssuerUrl, JsonWebKeyId, JsonWebKeySetUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, PrivateSigningKey, ResponseTypes, StandardClaims,
    SubjectIdentifier, TokenUrl,
};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tandem_domain::{Role, RoleAssignment, Scope};

const AD: &str = "admin@alpha.example.org";
const CLIENT_ID: &str = "tandem-test";
const CLIENT_SECRET: &str = "a client secret";

/// Two RSA keys, made once per test process (2048-bit generation is the slow part): the
/// provider's, and another that a forger might sign with.
fn keys() -> &'static (String, String) {
    static KEYS: OnceLock<(String, String)> = OnceLock::new();
    KEYS.get_or_init(|| {
        use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};
        let make = || {
            let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("RSA key");
            key.to_pkcs1_pem(LineEnding::LF).expect("PEM").to_string()
        };
        (make(), make())
    })
}

/// What the provider does wrong, when a test asks it to.
#[derive(Clone, Debug, Default)]
struct Twist {
    issuer: Option<String>,
    audience: Option<String>,
    nonce: Option<String>,
    /// Minutes to add to the ID token's lifetime end (negative: already expired).
    expires_in_minutes: Option<i64>,
    forged_signature: bool,
    email_verified: Option<bool>,
}

/// A code issued by the provider and what it was issued for.
#[derive(Clone, Debug)]
struct Grant {
    email: String,
    nonce: String,
    challenge: String,
    redirect_uri: String,
}

#[derive(Default)]
struct Inner {
    grants: HashMap<String, Grant>,
    twist: Twist,
    token_requests: usize,
}

/// The loopback OpenID provider.
#[derive(Clone)]
struct Provider {
    issuer: String,
    inner: Arc<Mutex<Inner>>,
    /// The time ID tokens are issued at (the world's clock).
    now: Arc<Mutex<chrono::DateTime<Utc>>>,
}

impl Provider {
    async fn start(now: chrono::DateTime<Utc>) -> Provider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        // A tenant-specific path, as NHSmail and Entra issuers have.
        let issuer = format!("http://{addr}/tenant-0f1e2d3c");
        let p = Provider {
            issuer,
            inner: Arc::default(),
            now: Arc::new(Mutex::new(now)),
        };
        let app = Router::new()
            .route(
                "/tenant-0f1e2d3c/.well-known/openid-configuration",
                get(discovery),
            )
            .route("/tenant-0f1e2d3c/jwks", get(jwks))
            .route("/tenant-0f1e2d3c/token", post(token))
            .with_state(p.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        p
    }

    fn twist(&self, t: Twist) {
        self.inner.lock().unwrap().twist = t;
    }

    fn token_requests(&self) -> usize {
        self.inner.lock().unwrap().token_requests
    }

    /// What the provider's sign-in page does once `email` has signed in there: checks the
    /// request Tandem sent the browser with, and answers with the callback URL (path and query)
    /// the browser is sent back to.
    fn authorize(&self, authorize_url: &str, email: &str) -> String {
        let url = url::Url::parse(authorize_url).expect("an absolute authorisation URL");
        assert!(url.as_str().starts_with(&self.issuer), "{url}");
        let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], CLIENT_ID);
        assert_eq!(q["code_challenge_method"], "S256", "PKCE with S256");
        assert!(q["scope"].split(' ').any(|s| s == "openid"));
        assert!(q["scope"].split(' ').any(|s| s == "email"));
        assert!(q["state"].len() >= 32 && q["nonce"].len() >= 32);
        let code = format!("code-{}", uuid::Uuid::new_v4());
        self.inner.lock().unwrap().grants.insert(
            code.clone(),
            Grant {
                email: email.to_string(),
                nonce: q["nonce"].clone(),
                challenge: q["code_challenge"].clone(),
                redirect_uri: q["redirect_uri"].clone(),
            },
        );
        let back = url::Url::parse(&q["redirect_uri"]).expect("redirect URI");
        assert_eq!(back.path(), "/sign-in/oidc/callback");
        let query = form_urlencoded_pairs(&[("code", &code), ("state", &q["state"])]);
        format!("{}?{query}", back.path())
    }
}

fn form_urlencoded_pairs(pairs: &[(&str, &str)]) -> String {
    let mut u = url::Url::parse("http://x/").unwrap();
    u.query_pairs_mut().extend_pairs(pairs);
    u.query().unwrap_or_default().to_string()
}

async fn discovery(AxState(p): AxState<Provider>) -> impl IntoResponse {
    let m = CoreProviderMetadata::new(
        IssuerUrl::new(p.issuer.clone()).unwrap(),
        AuthUrl::new(format!("{}/authorize", p.issuer)).unwrap(),
        JsonWebKeySetUrl::new(format!("{}/jwks", p.issuer)).unwrap(),
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Public],
        vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256],
        EmptyAdditionalProviderMetadata {},
    )
    .set_token_endpoint(Some(TokenUrl::new(format!("{}/token", p.issuer)).unwrap()));
    Json(m)
}

fn signing_key(pem: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new("key-1".into())))
        .expect("the key")
}

async fn jwks() -> impl IntoResponse {
    let key = signing_key(&keys().0);
    Json(CoreJsonWebKeySet::new(vec![key.as_verification_key()]))
}

fn oauth_error(code: &str) -> axum::response::Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": code }))).into_response()
}

async fn token(
    AxState(p): AxState<Provider>,
    headers: HeaderMap,
    body: String,
) -> axum::response::Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    // Client authentication by secret (HTTP Basic, form-encoded parts).
    let basic = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok());
    let expected = format!(
        "{}:{}",
        form_urlencoded_pairs(&[("", CLIENT_ID)]).trim_start_matches('='),
        form_urlencoded_pairs(&[("", CLIENT_SECRET)]).trim_start_matches('=')
    );
    if basic.as_deref() != Some(expected.as_str()) {
        return oauth_error("invalid_client");
    }
    let (grant, twist) = {
        let mut inner = p.inner.lock().unwrap();
        inner.token_requests += 1;
        // A code is used once.
        let grant = inner
            .grants
            .remove(form.get("code").map(String::as_str).unwrap_or(""));
        (grant, inner.twist.clone())
    };
    let Some(grant) = grant else {
        return oauth_error("invalid_grant");
    };
    if form.get("grant_type").map(String::as_str) != Some("authorization_code")
        || form.get("redirect_uri") != Some(&grant.redirect_uri)
    {
        return oauth_error("invalid_grant");
    }
    let verifier = PkceCodeVerifier::new(form.get("code_verifier").cloned().unwrap_or_default());
    if PkceCodeChallenge::from_code_verifier_sha256(&verifier).as_str() != grant.challenge {
        return oauth_error("invalid_grant");
    }
    let now = *p.now.lock().unwrap();
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(twist.issuer.unwrap_or_else(|| p.issuer.clone())).unwrap(),
        vec![Audience::new(
            twist.audience.unwrap_or_else(|| CLIENT_ID.into()),
        )],
        now + Duration::minutes(twist.expires_in_minutes.unwrap_or(10)),
        now - Duration::minutes(1),
        StandardClaims::new(SubjectIdentifier::new("subject-42".into()))
            .set_email(Some(EndUserEmail::new(grant.email)))
            .set_email_verified(Some(twist.email_verified.unwrap_or(true))),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(twist.nonce.unwrap_or(grant.nonce))));
    let pem = if twist.forged_signature {
        &keys().1
    } else {
        &keys().0
    };
    let id_token = CoreIdToken::new(
        claims,
        &signing_key(pem),
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        None,
        None,
    )
    .expect("signed");
    let mut resp = CoreTokenResponse::new(
        AccessToken::new("an access token".into()),
        CoreTokenType::Bearer,
        openidconnect::core::CoreIdTokenFields::new(Some(id_token), EmptyExtraTokenFields {}),
    );
    resp.set_expires_in(Some(&std::time::Duration::from_secs(300)));
    Json(resp).into_response()
}

/// Adds Ada, the scheme's administrator (of organisation A), and starts a provider.
async fn setting_up(w: &World) -> Provider {
    w.add_role_holder(
        w.org_a,
        "Ada",
        "Admin",
        AD,
        RoleAssignment {
            role: Role::Administrator,
            scope: Scope::Scheme(w.scheme),
        },
    )
    .await;
    Provider::start(w.ctx.now()).await
}

/// The administrator switches single sign-on on for organisation A on the settings page.
async fn configure(w: &World, p: &Provider) {
    let mut admin = w.signed_in(AD).await;
    let page = admin.get("/settings/sign-in").await;
    page.assert_status(StatusCode::OK);
    assert!(page.contains(&format!("/settings/sign-in/{}", w.org_a)));
    let path = format!("/settings/sign-in/{}", w.org_a);
    admin.get(&path).await.assert_status(StatusCode::OK);
    let page = admin
        .post(
            &path,
            &[
                ("issuer_url", &p.issuer),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("enabled", "yes"),
            ],
        )
        .await;
    page.assert_status(StatusCode::SEE_OTHER);
    // The secret is never shown back, not even on its own form.
    let form = admin.get(&path).await;
    assert!(!form.contains(CLIENT_SECRET));
    assert!(form.contains(&p.issuer.replace('/', "&#x2f;")));
}

/// Begins a single sign-on with organisation A: the provider's authorisation URL.
async fn begin(w: &World, b: &mut Browser) -> String {
    let page = b.get("/sign-in").await;
    assert!(
        page.contains("/sign-in/organisation"),
        "offered on the sign-in page"
    );
    let page = b.get("/sign-in/organisation").await;
    page.assert_status(StatusCode::OK);
    let start = format!("/sign-in/organisation/{}", w.org_a);
    assert!(page.contains(&start.replace('/', "&#x2f;")) || page.contains(&start));
    let page = b.get(&start).await;
    page.assert_status(StatusCode::SEE_OTHER);
    page.location()
}

fn signed_in(b: &Browser) -> bool {
    b.has_cookie("tandem_session")
}

async fn audit_sso_sign_ins(w: &World) -> usize {
    let audit = w.ctx.store.list_audit(200).await.unwrap();
    audit
        .iter()
        .filter(|a| a.action == "account.sign_in" && a.detail.starts_with("method=sso"))
        .count()
}

#[tokio::test]
async fn a_person_of_the_organisation_signs_in_through_its_provider() {
    on_backends(|w| async move {
        let p = setting_up(&w).await;
        configure(&w, &p).await;
        let mut b = w.browser();
        let url = begin(&w, &mut b).await;
        let back = p.authorize(&url, "Pat@Alpha.example.org");
        let page = b.get(&back).await;
        page.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/dashboard");
        assert!(signed_in(&b));
        let account = b.get("/account").await;
        account.assert_status(StatusCode::OK);
        assert!(account.contains(PA));
        assert_eq!(audit_sso_sign_ins(&w).await, 1);

        // The same callback again (a replayed state) signs nobody in, even in the same browser.
        let mut other = w.browser();
        other.copy_cookie(&b, "tandem_sso");
        let page = other.get(&back).await;
        page.assert_status(StatusCode::FORBIDDEN);
        assert!(!signed_in(&other));
        assert_eq!(audit_sso_sign_ins(&w).await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_person_without_an_account_gets_one_without_a_password() {
    on_backends(|w| async move {
        let p = setting_up(&w).await;
        configure(&w, &p).await;
        let person = w.staff_a[0];
        let email = w.ctx.store.get_person(person).await.unwrap().person.email;
        assert!(
            w.ctx
                .store
                .account_by_person(person)
                .await
                .unwrap()
                .is_none()
        );
        let mut b = w.browser();
        let url = begin(&w, &mut b).await;
        let page = b.get(&p.authorize(&url, &email)).await;
        page.assert_status(StatusCode::SEE_OTHER);
        assert!(signed_in(&b));
        let account = w
            .ctx
            .store
            .account_by_person(person)
            .await
            .unwrap()
            .unwrap();
        assert!(account.password_hash.is_none());
    })
    .await;
}

/// The log lines written while it lives (this thread's, as the tests' runtime has one thread).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
    }
}

/// Runs one sign-in with the provider twisted, or for `email`, and checks that it failed with
/// the one clear page, for the `reason` the log gives (with nothing personal in it), signed
/// nobody in and wrote no account.
async fn refused(w: &World, p: &Provider, log: &Captured, email: &str, twist: Twist, reason: &str) {
    p.twist(twist.clone());
    log.take();
    let mut b = w.browser();
    let url = begin(w, &mut b).await;
    let page = b.get(&p.authorize(&url, email)).await;
    page.assert_status(StatusCode::FORBIDDEN);
    assert!(
        page.contains("Single sign-on did not work"),
        "{twist:?}: {}",
        page.text()
    );
    assert!(!signed_in(&b), "{twist:?}");
    assert_eq!(audit_sso_sign_ins(w).await, 0, "{twist:?}");
    let logged = log.take();
    assert!(
        logged.contains(&format!("reason=\"{reason}\""))
            || logged.contains(&format!("reason={reason}")),
        "{twist:?} should fail with {reason}: {logged}"
    );
    assert!(
        !logged.to_lowercase().contains(&email.to_lowercase()),
        "no e-mail in the log: {logged}"
    );
    assert!(
        !logged.contains("subject-42"),
        "no subject in the log: {logged}"
    );
}

#[tokio::test]
async fn every_failed_check_signs_nobody_in() {
    on_backends(|w| async move {
        let p = setting_up(&w).await;
        configure(&w, &p).await;
        let staff = w
            .ctx
            .store
            .get_person(w.staff_a[1])
            .await
            .unwrap()
            .person
            .email;
        let cases = [
            (
                PA,
                Twist {
                    issuer: Some("http://127.0.0.1:1/another-tenant".into()),
                    ..Twist::default()
                },
                "wrong_issuer",
            ),
            (
                PA,
                Twist {
                    forged_signature: true,
                    ..Twist::default()
                },
                "bad_signature",
            ),
            (
                PA,
                Twist {
                    expires_in_minutes: Some(-5),
                    ..Twist::default()
                },
                "id_token_expired",
            ),
            (
                PA,
                Twist {
                    audience: Some("another-client".into()),
                    ..Twist::default()
                },
                "wrong_audience",
            ),
            (
                PA,
                Twist {
                    nonce: Some("a nonce of another sign-in".into()),
                    ..Twist::default()
                },
                "nonce_mismatch",
            ),
            // A staff member of A without an account, whose address the provider has not verified.
            (
                staff.as_str(),
                Twist {
                    email_verified: Some(false),
                    ..Twist::default()
                },
                "email_not_verified",
            ),
            // Nobody of the scheme has this address.
            (
                "nobody@alpha.example.org",
                Twist::default(),
                "no_matching_person",
            ),
            // Mo works for organisation B, not A.
            (crate::harness::MO, Twist::default(), "no_matching_person"),
        ];
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        for (email, twist, reason) in cases {
            refused(&w, &p, &log, email, twist, reason).await;
        }
        // No account was made by the refusal above.
        assert!(
            w.ctx
                .store
                .account_by_email(&staff)
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn a_callback_in_another_browser_or_with_a_forged_state_is_refused() {
    on_backends(|w| async move {
        let p = setting_up(&w).await;
        configure(&w, &p).await;
        let mut b = w.browser();
        let url = begin(&w, &mut b).await;
        let back = p.authorize(&url, PA);
        // Another browser (no state cookie: login CSRF) is refused, and uses the state up.
        let mut other = w.browser();
        other.get(&back).await.assert_status(StatusCode::FORBIDDEN);
        assert!(!signed_in(&other));
        b.get(&back).await.assert_status(StatusCode::FORBIDDEN);
        assert!(!signed_in(&b));
        // The code was never exchanged.
        assert_eq!(p.token_requests(), 0);
        // A forged state.
        let page = b
            .get("/sign-in/oidc/callback?state=forged&code=whatever")
            .await;
        page.assert_status(StatusCode::FORBIDDEN);
        // The provider said no (the person cancelled).
        let url = begin(&w, &mut b).await;
        let state: String = url::Url::parse(&url)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "state")
            .unwrap()
            .1
            .into_owned();
        let page = b
            .get(&format!(
                "/sign-in/oidc/callback?state={state}&error=access_denied"
            ))
            .await;
        page.assert_status(StatusCode::FORBIDDEN);
        assert!(!signed_in(&b));
        assert_eq!(audit_sso_sign_ins(&w).await, 0);
    })
    .await;
}

#[tokio::test]
async fn only_administrators_configure_single_sign_on_and_the_secret_is_never_shown() {
    on_backends(|w| async move {
        let p = setting_up(&w).await;
        // Not an administrator: refused on the page and through the API, nothing saved.
        let mut sc = w.signed_in(crate::harness::SC).await;
        sc.get("/settings/sign-in")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        let path = format!("/settings/sign-in/{}", w.org_a);
        sc.post(
            &path,
            &[
                ("issuer_url", &p.issuer),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("enabled", "yes"),
            ],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
        assert!(w.ctx.store.sso_settings(w.org_a).await.unwrap().is_none());

        // An issuer over plain http off loopback is refused inline, the form kept as typed.
        let mut admin = w.signed_in(AD).await;
        let page = admin
            .post(
                &path,
                &[
                    ("issuer_url", "http://login.example.org/tenant"),
                    ("client_id", CLIENT_ID),
                    ("client_secret", CLIENT_SECRET),
                    ("enabled", "yes"),
                ],
            )
            .await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("http:&#x2f;&#x2f;login.example.org&#x2f;tenant"));
        assert!(!page.contains(CLIENT_SECRET));
        assert!(w.ctx.store.sso_settings(w.org_a).await.unwrap().is_none());

        // The API: the administrator sets it; the answer says only that a secret is set.
        let token = api_token(&w, AD).await;
        let api_path = format!("/api/v1/organisations/{}/sign-in", w.org_a);
        let body = json!({
            "issuer_url": p.issuer, "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "enabled": true,
        });
        let (status, out) = api_call(&w, Method::PUT, &api_path, &token, Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(out["client_secret_set"], true);
        assert!(!out.to_string().contains(CLIENT_SECRET));
        // Saved again without a secret: the one set is kept.
        let body = json!({ "issuer_url": p.issuer, "client_id": CLIENT_ID, "enabled": false });
        let (status, out) = api_call(&w, Method::PUT, &api_path, &token, Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        let saved = w.ctx.store.sso_settings(w.org_a).await.unwrap().unwrap();
        assert_eq!(saved.client_secret, CLIENT_SECRET);
        assert!(!saved.enabled);
        let (status, list) =
            api_call(&w, Method::GET, "/api/v1/settings/sign-in", &token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!list.to_string().contains(CLIENT_SECRET));
        let sc_token = api_token(&w, crate::harness::SC).await;
        let (status, _) =
            api_call(&w, Method::GET, "/api/v1/settings/sign-in", &sc_token, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let audit = w.ctx.store.list_audit(50).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "sign_in.sso_configured"));
        assert!(audit.iter().all(|a| !a.detail.contains(CLIENT_SECRET)));

        // Switched off: the sign-in page does not offer it, and starting anyway fails cleanly.
        let mut b = w.browser();
        assert!(!b.get("/sign-in").await.contains("/sign-in/organisation"));
        let page = b.get(&format!("/sign-in/organisation/{}", w.org_a)).await;
        page.assert_status(StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn an_emailed_link_opens_a_page_whose_button_signs_in_once() {
    on_backends(|w| async move {
        let mut b = w.browser();
        let page = b.get("/sign-in/link-request").await;
        page.assert_status(StatusCode::OK);
        // A malformed address is an inline error, kept as typed.
        let page = b
            .post("/sign-in/link-request", &[("email", "not-an-address")])
            .await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("not-an-address"));
        // Known and unknown addresses get the same page.
        let known = b.post("/sign-in/link-request", &[("email", PA)]).await;
        let unknown = b
            .post(
                "/sign-in/link-request",
                &[("email", "nobody@alpha.example.org")],
            )
            .await;
        known.assert_status(StatusCode::OK);
        assert_eq!(known.text(), unknown.text());
        w.deliver().await;
        let mail = w.mailer.last_to(PA).expect("the link");
        let link = mail
            .text
            .split_whitespace()
            .find(|s| s.contains("/sign-in/link?token="))
            .expect("a link")
            .to_string();
        let path = &link[link.find("/sign-in/link").unwrap()..];
        // Opening it (twice: a mail scanner first) shows a button and uses nothing up.
        b.get(path).await.assert_status(StatusCode::OK);
        let page = b.get(path).await;
        page.assert_status(StatusCode::OK);
        assert!(!signed_in(&b));
        let token = path.split("token=").nth(1).unwrap();
        let page = b.post("/sign-in/link", &[("token", token)]).await;
        page.assert_status(StatusCode::SEE_OTHER);
        assert!(signed_in(&b));
        b.get("/account").await.assert_status(StatusCode::OK);
        // Used: a clear page, in another browser too.
        let mut other = w.browser();
        let page = other.get(path).await;
        page.assert_status(StatusCode::BAD_REQUEST);
        assert!(page.contains("This sign-in link cannot be used"));
        let page = other.post("/sign-in/link", &[("token", token)]).await;
        page.assert_status(StatusCode::BAD_REQUEST);
        assert!(!signed_in(&other));
    })
    .await;
}
