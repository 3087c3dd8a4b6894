//! Tandem's web application: server-rendered NHS.UK-styled pages, the JSON API, sign-in and
//! sessions, on top of the [`tandem_storage::Store`] repository boundary.
//!
//! Layout: `services` holds the use cases (authorisation, validation, storage, audit) shared by
//! pages and the API; `pages` are thin HTML handlers; `api` is the JSON API; `session` loads the
//! signed-in person and checks CSRF; `templates` and `i18n` render bilingual pages; `assets`
//! serves the embedded `nhsuk-frontend` files.

pub mod api;
pub mod assets;
pub mod error;
pub mod i18n;
mod ops;
pub mod pages;
pub mod security;
pub mod services;
pub mod session;
pub mod templates;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use tandem_mail::Mailer;
use tandem_storage::Store;

pub use error::{AppError, AppResult};
pub use session::CurrentUser;

/// Settings of the web application (the binary fills these from its configuration).
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Public address used in e-mailed links, e.g. `https://tandem.example.org` (no trailing slash).
    pub base_url: String,
    /// Marks cookies `Secure` (and uses the `__Host-` prefix). Only a plain-HTTP local demo turns
    /// this off.
    pub cookie_secure: bool,
    /// Lifetime of a browser session.
    pub session_hours: u32,
    /// Demo mode: shows a banner saying the data are synthetic.
    pub demo: bool,
    /// Largest request body accepted (uploads included).
    pub max_body_bytes: usize,
    /// Failed sign-ins in a row before the account is locked.
    pub lockout_threshold: u32,
    /// How long a locked account stays locked.
    pub lockout_minutes: u32,
    /// How long an invitation link stays valid.
    pub invitation_hours: u32,
    /// How long a password-reset link stays valid.
    pub reset_minutes: u32,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:8080".into(),
            cookie_secure: true,
            session_hours: 12,
            demo: false,
            max_body_bytes: tandem_people_io::MAX_UPLOAD_BYTES + 256 * 1024,
            lockout_threshold: 5,
            lockout_minutes: 15,
            invitation_hours: 7 * 24,
            reset_minutes: 60,
        }
    }
}

/// Shared state of every request handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub mailer: Arc<dyn Mailer>,
    pub config: WebConfig,
    pub(crate) inner: Arc<Inner>,
}

/// Process-local parts of the state.
pub(crate) struct Inner {
    pub(crate) templates: templates::Templates,
    /// Import previews waiting for confirmation, by random id (see `services::import`).
    pub(crate) pending_imports: Mutex<HashMap<String, services::import::PendingImport>>,
    /// Seconds added to the wall clock; only tests move it (to expire tokens and locks).
    clock_offset: AtomicI64,
}

impl AppState {
    pub fn new(store: Store, mailer: Arc<dyn Mailer>, config: WebConfig) -> Self {
        let inner = Inner {
            templates: templates::Templates::new(),
            pending_imports: Mutex::new(HashMap::new()),
            clock_offset: AtomicI64::new(0),
        };
        Self {
            store,
            mailer,
            config,
            inner: Arc::new(inner),
        }
    }

    /// The current time as the application sees it.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::seconds(self.inner.clock_offset.load(Ordering::Relaxed))
    }

    /// Moves the application's clock forward. For tests of expiry (tokens, lockouts, sessions);
    /// production code never calls it.
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.inner
            .clock_offset
            .fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}

/// The whole application: pages, `/api`, assets and operational routes, with security headers,
/// a request body limit and request tracing.
pub fn app(state: AppState) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .merge(pages::router(state.clone()))
        .nest("/api", api::router())
        .merge(ops::router())
        .merge(assets::router())
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(ops::trace_layer())
        .layer(ops::request_id_layers())
        .with_state(state)
}

/// Serves the application until Ctrl-C (or SIGTERM), then finishes in-flight requests.
///
/// Also sweeps expired sessions and stale import previews every ten minutes.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let sweeper = tokio::spawn(ops::sweep(state.clone()));
    let result = axum::serve(listener, app(state))
        .with_graceful_shutdown(ops::shutdown_signal())
        .await;
    sweeper.abort();
    result
}
