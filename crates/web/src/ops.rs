//! Operational routes and plumbing: health checks, request ids, request logs, shutdown, sweeping.
//!
//! Request logs carry the method, the *matched* route (`/people/{id}`, never the concrete path or
//! query string, which may hold a search for a name or an e-mail), the status, the latency and a
//! request id. Nothing else about the request is logged.

use crate::AppState;
use axum::Router;
use axum::extract::{MatchedPath, State};
use axum::http::{Request, Response, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use std::time::Duration;
use tower::ServiceBuilder;
use tower::layer::util::Stack;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The process is alive and serving.
async fn healthz() -> impl IntoResponse {
    ([(axum::http::header::CACHE_CONTROL, "no-store")], "ok")
}

/// The process can reach its database.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.app.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            [(axum::http::header::CACHE_CONTROL, "no-store")],
            "ready",
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(axum::http::header::CACHE_CONTROL, "no-store")],
                "database unavailable",
            )
        }
    }
}

type MakeSpan = fn(&Request<axum::body::Body>) -> Span;
type OnResponse = fn(&Response<axum::body::Body>, Duration, &Span);

/// Per-request span and completion log (see module docs for what is and is not logged).
pub(crate) fn trace_layer() -> TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    MakeSpan,
    tower_http::trace::DefaultOnRequest,
    OnResponse,
> {
    TraceLayer::new_for_http()
        .make_span_with(make_span as MakeSpan)
        .on_response(on_response as OnResponse)
}

fn make_span(req: &Request<axum::body::Body>) -> Span {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "(unmatched)".into());
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    tracing::info_span!("request", method = %req.method(), route = %route, request_id = %request_id)
}

fn on_response(res: &Response<axum::body::Body>, latency: Duration, _span: &Span) {
    tracing::info!(
        status = res.status().as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        "response"
    );
}

/// Gives every request an `x-request-id` (kept if the client or proxy sent one) and echoes it.
pub(crate) fn request_id_layers() -> ServiceBuilder<
    Stack<
        PropagateRequestIdLayer,
        Stack<SetRequestIdLayer<MakeRequestUuid>, tower::layer::util::Identity>,
    >,
> {
    ServiceBuilder::new()
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(PropagateRequestIdLayer::x_request_id())
}

/// Resolves on Ctrl-C or (on Unix) SIGTERM.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

/// Deletes expired sessions and import previews, every ten minutes.
pub(crate) async fn sweep(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        match tandem_app::upkeep::sweep(&state.app).await {
            Ok(s) if s.sessions + s.import_previews > 0 => tracing::info!(
                sessions = s.sessions,
                import_previews = s.import_previews,
                "expired records deleted"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "sweep failed"),
        }
    }
}
