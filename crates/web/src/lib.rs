//! Tandem's web front end: server-rendered NHS.UK-styled pages, the JSON API, sign-in and
//! sessions, over the use cases of [`tandem_app`].
//!
//! This crate is HTTP only. Layout: `pages` are thin HTML handlers; `api` is the JSON API with its
//! generated OpenAPI document; `session` loads the signed-in person and checks CSRF; `error`
//! decides, in one place, the status of every [`AppError`] and renders it as an error page or a
//! JSON body; `templates` and `i18n` render bilingual pages; `assets` serves the embedded
//! `nhsuk-frontend` files; `ops` holds health checks, tracing and the sweeper.

pub mod access_log;
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
pub mod words;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
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
    /// How long a client may take to send a request's head, counted from when the connection
    /// starts waiting for it. hyper starts that wait again as soon as a response is written, so
    /// this is also how long an idle keep-alive connection stays open. Without it, a client that
    /// sends half a request holds a connection (and a task) for ever.
    pub header_timeout: Duration,
    /// How long one request may take from its head to its response, reading its body included;
    /// after that it is answered `503` in the usual error shape and its work is dropped.
    pub request_timeout: Duration,
    /// The header a trusted reverse proxy puts the client's address in (see [`client`]);
    /// `None` uses the socket's peer.
    pub client_ip_header: Option<String>,
    /// Which requests get an access-log line (see [`access_log`]).
    pub access_log: access_log::AccessLog,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            cookie_secure: true,
            demo: false,
            max_body_bytes: tandem_people_io::MAX_UPLOAD_BYTES + 256 * 1024,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            client_ip_header: None,
            access_log: access_log::AccessLog::default(),
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            ops::request_timeout,
        ))
        .layer(ops::trace_layer(access_log::Sampler::new(
            state.config.access_log,
        )))
        .layer(ops::request_id_layers())
        .with_state(state)
}

/// Serves the application until Ctrl-C (or SIGTERM), then finishes in-flight requests.
///
/// Also sweeps expired sessions and stale import previews every ten minutes.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, ops::shutdown_signal()).await
}

/// [`serve`] until `shutdown` resolves (tests stop a server this way).
///
/// Connections are accepted here rather than by `axum::serve`, which offers no header-read
/// timeout: each one is served as HTTP/1.1 by hyper with [`WebConfig::header_timeout`] on a tokio
/// timer. Only HTTP/1.1 is spoken (a reverse proxy speaks it to its backends; browsers never use
/// cleartext HTTP/2), so no protocol is left without that bound. Each request carries its peer's
/// address as axum's `ConnectInfo<SocketAddr>`, as `into_make_service_with_connect_info` would.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let sweeper = tokio::spawn(ops::sweep(state.clone()));
    let header_timeout = state.config.header_timeout;
    let request_timeout = state.config.request_timeout;
    let app = app(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather than spin (axum::serve
                    // does the same); a reset before accept is simply the client's business.
                    if !is_connection_error(&e) {
                        tracing::warn!(error = %e, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service =
            app.clone()
                .map_request(move |req: axum::http::Request<hyper::body::Incoming>| {
                    let mut req = req.map(axum::body::Body::new);
                    req.extensions_mut().insert(ConnectInfo(peer));
                    req
                });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout);
        let conn =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                // A client that went away or timed out: routine, and no business of the logs'.
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    // In-flight requests finish (each bounded by the request timeout); idle connections close.
    // A client that stops reading a long answer could hold a connection open for ever, so the
    // wait is bounded too, and whatever is still open after it is dropped.
    let grace = request_timeout + Duration::from_secs(5);
    if tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            grace_s = grace.as_secs(),
            "connections still open after the grace period were dropped"
        );
    }
    sweeper.abort();
    Ok(())
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        e.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    )
}
