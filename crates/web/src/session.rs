//! Who is asking, in which language, and is the form genuine: the page-request middleware.
//!
//! For every page request this loads the signed-in person from the session cookie, chooses the
//! language, and for every state-changing request (POST) checks the CSRF token sent in the form
//! against the session's token (or, before sign-in, against a random cookie: the double-submit
//! pattern). Multipart uploads are checked too: the body is buffered (within the size limit) and
//! its `csrf_token` field read. A failed check writes nothing and shows an error page.
//!
//! It also turns error responses from handlers into HTML error pages in the reader's language
//! (an `Unauthenticated` on a page becomes a redirect to sign-in).

use crate::error::PageFailure;
use crate::i18n::{self, LANG_COOKIE, Lang};
use crate::render::{PageCtx, error_page, error_page_for};
use crate::{AppError, AppState};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use tandem_app::accounts;
use tandem_domain::{AccountId, Actor, Person};

/// Paths under which a POST needs no CSRF token: the one-click unsubscribe links of e-mails
/// (RFC 8058), where the signed link itself is the secret (see `pages::notices`).
pub(crate) const ONE_CLICK_PREFIX: &str = "/unsubscribe/";

/// The signed-in person, from a browser session or an API token.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub account_id: AccountId,
    pub person: Person,
    pub actor: Actor,
    /// The session's CSRF token (empty for API tokens, which are not cookies and need none).
    pub csrf_token: String,
    /// SHA-256 of the session cookie (None for API tokens).
    pub session_hash: Option<String>,
    /// The IANA zone the person reads instants in (their primary employer's country's): pages
    /// get it as `zone`, which the date filters use.
    pub time_zone: &'static str,
}

impl CurrentUser {
    /// The use cases' view of the user.
    pub fn app_user(&self) -> tandem_app::accounts::User {
        tandem_app::accounts::User {
            account_id: self.account_id,
            person: self.person.clone(),
            actor: self.actor.clone(),
            time_zone: self.time_zone,
        }
    }
}

impl From<tandem_app::accounts::SessionUser> for CurrentUser {
    fn from(s: tandem_app::accounts::SessionUser) -> Self {
        Self {
            account_id: s.user.account_id,
            person: s.user.person,
            actor: s.user.actor,
            csrf_token: s.csrf_token,
            session_hash: Some(s.session_hash),
            time_zone: s.user.time_zone,
        }
    }
}

impl From<tandem_app::accounts::User> for CurrentUser {
    /// A user of the API: no cookie, so no CSRF token and no session.
    fn from(u: tandem_app::accounts::User) -> Self {
        Self {
            account_id: u.account_id,
            person: u.person,
            actor: u.actor,
            csrf_token: String::new(),
            session_hash: None,
            time_zone: u.time_zone,
        }
    }
}

/// Name of the form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";

/// Name of the session cookie. With `Secure` cookies the `__Host-` prefix makes the browser refuse
/// any version of it set by a sibling subdomain or over plain HTTP.
pub fn session_cookie(config: &crate::WebConfig) -> &'static str {
    if config.cookie_secure {
        "__Host-tandem_session"
    } else {
        "tandem_session"
    }
}

/// Name of the pre-sign-in CSRF cookie.
pub fn anon_csrf_cookie(config: &crate::WebConfig) -> &'static str {
    if config.cookie_secure {
        "__Host-tandem_csrf"
    } else {
        "tandem_csrf"
    }
}

/// Builds a `Set-Cookie` value with Tandem's attributes (`Path=/; HttpOnly; SameSite=Lax`, and
/// `Secure` when configured). `max_age` of `Some(0)` deletes the cookie.
pub fn set_cookie(
    config: &crate::WebConfig,
    name: &str,
    value: &str,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if config.cookie_secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The cookies of a request (later duplicates ignored).
pub fn cookies(headers: &HeaderMap) -> HashMap<String, String> {
    let mut jar = HashMap::new();
    for v in headers.get_all(header::COOKIE) {
        let Ok(v) = v.to_str() else { continue };
        for pair in v.split(';') {
            if let Some((k, val)) = pair.trim().split_once('=') {
                jar.entry(k.trim().to_string())
                    .or_insert_with(|| val.trim().to_string());
            }
        }
    }
    jar
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Compares two tokens in time independent of where they differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !a.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Reads the `csrf_token` field of a buffered form body (URL-encoded or multipart).
async fn submitted_csrf(headers: &HeaderMap, body: &axum::body::Bytes) -> Option<String> {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ctype.starts_with("application/x-www-form-urlencoded") {
        return form_urlencoded::parse(body)
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned());
    }
    if ctype.starts_with("multipart/form-data") {
        // multer directly (not axum's extractor, whose default size limit is smaller than an
        // upload); the body is already bounded by the caller.
        let boundary = multer::parse_boundary(ctype).ok()?;
        let mut mp = multer::Multipart::new(Body::from(body.clone()).into_data_stream(), boundary);
        while let Ok(Some(field)) = mp.next_field().await {
            if field.name() == Some(CSRF_FIELD) {
                return field.text().await.ok();
            }
        }
    }
    None
}

/// The page middleware (see the module documentation).
pub async fn page_context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let jar = cookies(&parts.headers);
    let query_lang = query_param(parts.uri.query(), "lang").filter(|l| Lang::from_tag(l).is_some());
    let header_lang = i18n::choose(
        query_lang.as_deref(),
        jar.get(LANG_COOKIE).map(String::as_str),
        None,
        &parts.headers,
    );

    let user = match jar.get(session_cookie(&state.config)) {
        Some(token) => match accounts::user_for_session(&state.app, token).await {
            Ok(u) => u.map(CurrentUser::from),
            Err(e) => return error_page(&state, None, header_lang, &e, parts.uri.path()),
        },
        None => None,
    };
    let lang = i18n::choose(
        query_lang.as_deref(),
        jar.get(LANG_COOKIE).map(String::as_str),
        user.as_ref().map(|u| u.person.language),
        &parts.headers,
    );
    let anon_name = anon_csrf_cookie(&state.config);
    let (csrf_token, new_anon) = match &user {
        Some(u) => (u.csrf_token.clone(), None),
        None => match jar
            .get(anon_name)
            .filter(|v| v.len() >= 32 && v.len() <= 64)
        {
            Some(v) => (v.clone(), None),
            None => {
                let t = accounts::random_token();
                (t.clone(), Some(t))
            }
        },
    };
    let ctx = PageCtx {
        user,
        lang,
        csrf_token: csrf_token.clone(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
    };

    let body = if parts.method == Method::GET || parts.method == Method::HEAD {
        body
    } else {
        let limit = state.config.max_body_bytes;
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > limit) {
            return error_page(
                &state,
                Some(&ctx),
                lang,
                &AppError::PayloadTooLarge,
                &ctx.path,
            );
        }
        let bytes = match axum::body::to_bytes(body, limit).await {
            Ok(b) => b,
            Err(_) => {
                return error_page(
                    &state,
                    Some(&ctx),
                    lang,
                    &AppError::PayloadTooLarge,
                    &ctx.path,
                );
            }
        };
        let submitted = submitted_csrf(&parts.headers, &bytes).await;
        // RFC 8058 one-click unsubscribe: mail clients POST without a token; the signed link in
        // the path is the authority (see `pages::notices`).
        let one_click = ctx.path.starts_with(ONE_CLICK_PREFIX);
        if !one_click
            && (new_anon.is_some() || !submitted.is_some_and(|s| same_token(&s, &csrf_token)))
        {
            // Only the first path segment: the rest may be a secret (a line manager's link token).
            let area = ctx.path.split('/').nth(1).unwrap_or("");
            tracing::warn!(area, "CSRF check failed");
            // Titled as a request that could not be used (not "no access"), answered 403.
            let mut res = error_page_for(
                &state,
                Some(&ctx),
                lang,
                StatusCode::BAD_REQUEST,
                "error.page.csrf",
                &ctx.path,
            );
            *res.status_mut() = StatusCode::FORBIDDEN;
            return with_cookies(&state, res, query_lang.as_deref(), new_anon.as_deref());
        }
        Body::from(bytes)
    };

    parts.extensions.insert(ctx.clone());
    let res = next.run(Request::from_parts(parts, body)).await;
    let res = match res.extensions().get::<PageFailure>().cloned() {
        None => res,
        Some(PageFailure(err))
            if matches!(*err, AppError::Unauthenticated) && ctx.user.is_none() =>
        {
            let mut target = ctx.path.clone();
            if let Some(q) = &ctx.query {
                target.push('?');
                target.push_str(q);
            }
            let next_param: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
            Redirect::to(&format!("/sign-in?next={next_param}")).into_response()
        }
        Some(PageFailure(err)) => error_page(&state, Some(&ctx), lang, &err, &ctx.path),
    };
    with_cookies(&state, res, query_lang.as_deref(), new_anon.as_deref())
}

fn with_cookies(
    state: &AppState,
    mut res: Response,
    lang: Option<&str>,
    anon: Option<&str>,
) -> Response {
    if let Some(l) = lang.and_then(Lang::from_tag) {
        let v = set_cookie(&state.config, LANG_COOKIE, l.tag(), Some(365 * 24 * 3600));
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    if let Some(t) = anon {
        let v = set_cookie(&state.config, anon_csrf_cookie(&state.config), t, None);
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}
