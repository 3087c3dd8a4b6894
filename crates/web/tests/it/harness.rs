//! Test harness for the pages and the API: the shared seeded world of `tandem-test-support`
//! (a fresh store per test: SQLite file, or a fresh PostgreSQL database) with the application's
//! router around it, and a cookie-keeping browser that talks to the router in process.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use std::collections::HashMap;
use std::future::Future;
use tandem_web::{AppState, WebConfig};
use tower::ServiceExt;

pub use tandem_test_support::{CA, CB, MO, PA, PASSWORD, SC, actor_of, add_person};

/// The shared world (see `tandem_test_support::World`: the scheme, its people, the use cases'
/// context, clock and mailer) served by the whole application router. Everything of the shared
/// world is reached through it (`w.ctx`, `w.org_a`, `w.clock`, …).
pub struct World {
    pub app: Router,
    pub state: AppState,
    world: tandem_test_support::World,
}

impl std::ops::Deref for World {
    type Target = tandem_test_support::World;
    fn deref(&self) -> &Self::Target {
        &self.world
    }
}

impl World {
    /// The application, with the default web configuration, around a seeded world.
    pub fn new(world: tandem_test_support::World) -> World {
        World::with_config(world, WebConfig::default())
    }

    /// The application with a web configuration of the test's own.
    pub fn with_config(world: tandem_test_support::World, config: WebConfig) -> World {
        let state = AppState::new(world.ctx.clone(), config);
        World {
            app: crate::openapi_check::checked(tandem_web::app(state.clone())),
            state,
            world,
        }
    }

    pub fn browser(&self) -> Browser {
        Browser {
            app: self.app.clone(),
            cookies: HashMap::new(),
            headers: vec![],
            peer: None,
        }
    }

    /// A browser signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let mut b = self.browser();
        b.sign_in(email, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        b
    }
}

/// Runs `story` on a seeded world on SQLite (a new file), then on a fresh PostgreSQL database
/// when `TANDEM_TEST_POSTGRES_URL` is set (required when `TANDEM_TEST_REQUIRE_POSTGRES=1`).
pub async fn on_backends<F, Fut>(story: F)
where
    F: Fn(World) -> Fut,
    Fut: Future<Output = ()>,
{
    tandem_test_support::on_worlds(|w| story(World::new(w))).await;
}

/// [`on_backends`] with the world's options (its settings) and a web configuration.
pub async fn on_backends_with<F, Fut>(
    options: tandem_test_support::WorldOptions,
    config: WebConfig,
    story: F,
) where
    F: Fn(World) -> Fut,
    Fut: Future<Output = ()>,
{
    let config = &config;
    tandem_test_support::on_worlds_with(options, |w| story(World::with_config(w, config.clone())))
        .await;
}

/// A buffered response.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Page {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    #[track_caller]
    pub fn assert_status(&self, want: StatusCode) -> &Self {
        assert_eq!(
            self.status,
            want,
            "unexpected status; body:\n{}",
            self.text()
        );
        self
    }

    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }

    /// The `csrf_token` of the first form on the page.
    pub fn csrf(&self) -> Option<String> {
        let text = self.text();
        let at = text.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
        let end = text[at..].find('"')? + at;
        Some(text[at..end].to_string())
    }

    pub fn contains(&self, s: &str) -> bool {
        self.text().contains(s)
    }
}

/// A browser: keeps cookies, sends forms with the CSRF token of the last page it saw.
pub struct Browser {
    app: Router,
    pub cookies: HashMap<String, String>,
    /// Extra headers sent with every request (e.g. `Accept-Language`).
    pub headers: Vec<(String, String)>,
    /// The socket peer `serve` would record for each request (none, as in process, by default).
    pub peer: Option<std::net::SocketAddr>,
}

impl Browser {
    /// A browser with no cookies on any router (for an application around an unseeded store).
    pub fn on(app: Router) -> Browser {
        Browser {
            app,
            cookies: HashMap::new(),
            headers: vec![],
            peer: None,
        }
    }

    pub async fn request(&mut self, req: Request<Body>) -> Page {
        let mut req = req;
        if let Some(peer) = self.peer {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req.headers_mut()
                .insert(header::COOKIE, cookie.parse().expect("cookie header"));
        }
        for (k, v) in &self.headers {
            req.headers_mut().insert(
                axum::http::HeaderName::from_bytes(k.as_bytes()).expect("name"),
                v.parse().expect("value"),
            );
        }
        let res = self
            .app
            .clone()
            .oneshot(req)
            .await
            .expect("router never fails");
        for v in res.headers().get_all(header::SET_COOKIE) {
            let s = v.to_str().expect("ascii cookie");
            let (pair, attrs) = s.split_once(';').unwrap_or((s, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Page {
            status,
            headers,
            body,
        }
    }

    /// Whether the browser holds a cookie whose name contains `part`.
    pub fn has_cookie(&self, part: &str) -> bool {
        self.cookies.keys().any(|k| k.contains(part))
    }

    /// Copies `other`'s cookie named `name` into this browser (a stolen or shared cookie).
    pub fn copy_cookie(&mut self, other: &Browser, name: &str) {
        if let Some(v) = other.cookies.get(name) {
            self.cookies.insert(name.to_string(), v.clone());
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.request(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// A CSRF token valid for this browser now (read from a page with a form).
    pub async fn token(&mut self) -> String {
        let signed_in = self.cookies.keys().any(|k| k.contains("tandem_session"));
        let page = self
            .get(if signed_in { "/account" } else { "/sign-in" })
            .await;
        page.csrf().expect("a form with a CSRF token")
    }

    /// Posts a URL-encoded form exactly as given (no token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.request(req).await
    }

    /// Posts a form with a valid CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.token().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Uploads a file as `multipart/form-data` (field `file`), with a valid CSRF token.
    pub async fn upload(&mut self, path: &str, file_name: &str, bytes: &[u8]) -> Page {
        let token = self.token().await;
        self.upload_with_token(path, file_name, bytes, Some(&token))
            .await
    }

    pub async fn upload_with_token(
        &mut self,
        path: &str,
        file_name: &str,
        bytes: &[u8],
        token: Option<&str>,
    ) -> Page {
        let boundary = "----tandemtestboundary7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = Vec::new();
        if let Some(t) = token {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{t}\r\n").as_bytes());
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .expect("request");
        self.request(req).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        self.post("/sign-in", &[("email", email), ("password", password)])
            .await
    }
}

/// An API token of a seeded account.
pub async fn api_token(w: &World, email: &str) -> String {
    let account = w
        .ctx
        .store
        .account_by_email(email)
        .await
        .expect("lookup")
        .expect("seeded account");
    let user = tandem_app::accounts::user_for_account(&w.ctx, account.id)
        .await
        .expect("load")
        .expect("user");
    let token = tandem_app::accounts::create_api_token(&w.ctx, &user, "tests")
        .await
        .expect("token");
    // Used once now, so the "last used" time (written at most once a minute) is not written by
    // the test's first call: tests compare the database before and after refused calls.
    tandem_app::accounts::user_for_api_token(&w.ctx, &token)
        .await
        .expect("the new token works");
    token
}

/// One API call with a bearer token and an optional JSON body: the status and the JSON answer
/// (`Null` when the body is empty or not JSON).
pub async fn api_call(
    w: &World,
    method: Method,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(serde_json::to_vec(&v).expect("json"))
        }
        None => Body::empty(),
    };
    let res = w
        .app
        .clone()
        .oneshot(req.body(body).expect("request"))
        .await
        .expect("infallible");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}
