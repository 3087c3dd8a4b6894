//! Tandem's web front end: server-rendered NHS.UK-styled pages, the JSON API, sign-in and
//! sessions, over the use cases of [`tandem_app`].
//!
//! This crate is HTTP only. Layout: `pages` are thin HTML handlers; `api` is the JSON API with its
//! generated OpenAPI document; `session` loads the signed-in person and checks CSRF; `error`
//! decides, in one place, the status of every [`AppError`] and renders it as an error page or a
//! JSON body; `templates` and `i18n` render bilingual pages; `assets` serves the embedded
//! `nhsuk-frontend` files; `ops` holds health checks, tracing and the sweeper.

pub mod api;
pub mod assets;
pub mod client;
pub mod error;
mod forms;
pub mod i18n;
mod ops;
pub mod pages;
mod render;
pub mod security;
pub mod session;
pub mod templates;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tandem_app::Context;

pub use error::{PageError, PageResult};
pub use session::CurrentUser;
pub use tandem_app::{AppError, AppResult};

/// Settings of the web front end that the use cases do not need (the binary fills these from its
/// configuration; the rest are the context's [`tandem_app::Settings`]).
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Marks cookies `Secure` (and uses the `__Host-` prefix). Only a plain-HTTP local demo turns
    /// this off.
    pub cookie_secure: bool,
    /// Demo mode: shows a banner saying the data are synthetic.
    pub demo: bool,
    /// Largest request body accepted (uploads included).
    pub max_body_bytes: usize,
    /// The header a trusted reverse proxy puts the client's address in (see [`client`]);
    /// `None` uses the socket's peer.
    pub client_ip_header: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            cookie_secure: true,
            demo: false,
            max_body_bytes: tandem_people_io::MAX_UPLOAD_BYTES + 256 * 1024,
            client_ip_header: None,
        }
    }
}

/// Shared state of every request handler: the use cases' context and what only HTTP needs.
/// Cheap to clone. Nothing in it is a request's data: sessions, import previews and everything
/// else a later request needs live in the store, so several instances can serve one database.
#[derive(Clone)]
pub struct AppState {
    /// What the use cases run with; handlers pass `&state.app`.
    pub app: Context,
    pub config: WebConfig,
    templates: Arc<templates::Templates>,
    /// Whether this instance has seen that the database holds a scheme. A scheme is never
    /// removed, so once true it stays true; until then every request asks the database, so an
    /// instance learns of a set-up done on another one at its next request.
    set_up: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(app: Context, config: WebConfig) -> Self {
        Self {
            app,
            config,
            templates: Arc::new(templates::Templates::new(pages::templates())),
            set_up: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether this instance knows the database holds a scheme (see `set_up`).
    pub(crate) fn is_set_up(&self) -> bool {
        self.set_up.load(Ordering::Relaxed)
    }

    pub(crate) fn mark_set_up(&self) {
        self.set_up.store(true, Ordering::Relaxed);
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::setup_gate,
        ))
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
    // The peer's address reaches handlers for the rate limits (see `client`).
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let result = axum::serve(listener, service)
        .with_graceful_shutdown(ops::shutdown_signal())
        .await;
    sweeper.abort();
    result
}
