//! Operational routes and plumbing: health checks, request ids, request logs, the request
//! timeout, shutdown, sweeping.
//!
//! Request logs carry the method, the *matched* route (`/people/{id}`, never the concrete path or
//! query string, which may hold a search for a name or an e-mail), the status, the latency and a
//! request id. Nothing else about the request is logged. Which requests get a line is
//! configurable (`access_log`, see [`crate::access_log`]): by default every server error and slow
//! request, and one in a hundred of the others.

use crate::AppState;
use crate::access_log::Sampler;
use axum::Router;
use axum::extract::{MatchedPath, State};
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use std::time::Duration;
use tower::ServiceBuilder;
use tower::layer::util::Stack;
use tower::util::MapRequestLayer;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

const X_REQUEST_ID: header::HeaderName = header::HeaderName::from_static("x-request-id");

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

/// Per-request span and completion log (see module docs for what is and is not logged); which
/// completions get a line is the [`Sampler`]'s choice (configuration `access_log`).
pub(crate) fn trace_layer(
    sampler: Sampler,
) -> TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    MakeSpan,
    tower_http::trace::DefaultOnRequest,
    AccessLine,
> {
    TraceLayer::new_for_http()
        .make_span_with(make_span as MakeSpan)
        .on_response(AccessLine(sampler))
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

/// Writes a request's access-log line when its [`Sampler`] keeps it.
#[derive(Clone, Debug)]
pub(crate) struct AccessLine(Sampler);

impl<B> tower_http::trace::OnResponse<B> for AccessLine {
    fn on_response(self, res: &Response<B>, latency: Duration, _span: &Span) {
        let status = res.status().as_u16();
        if self.0.keep(status, latency) {
            tracing::info!(
                status,
                latency_ms = latency.as_secs_f64() * 1000.0,
                "response"
            );
        }
    }
}

/// Gives every request an `x-request-id` and echoes it. One the client or proxy sent is kept only
/// when [`acceptable_request_id`] (it is logged with every line of the request); any other is
/// replaced by a fresh UUID.
pub(crate) fn request_id_layers() -> ServiceBuilder<RequestIdLayers> {
    ServiceBuilder::new()
        .map_request(drop_bad_request_id as DropBadRequestId)
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(PropagateRequestIdLayer::x_request_id())
}

/// Outermost first: drop an unacceptable id, make one if there is none, echo it.
type RequestIdLayers = Stack<
    PropagateRequestIdLayer,
    Stack<
        SetRequestIdLayer<MakeRequestUuid>,
        Stack<MapRequestLayer<DropBadRequestId>, tower::layer::util::Identity>,
    >,
>;

type DropBadRequestId = fn(Request<axum::body::Body>) -> Request<axum::body::Body>;

/// The longest request id kept from a client.
pub const MAX_REQUEST_ID: usize = 64;

/// Whether a client's request id may be kept: 1 to [`MAX_REQUEST_ID`] characters of
/// `[A-Za-z0-9._-]`, which covers UUIDs and the ids proxies make, and keeps an id a client chose
/// from stuffing the logs with kilobytes, line breaks or text that reads like another log field.
pub fn acceptable_request_id(id: &[u8]) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REQUEST_ID
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Removes every `x-request-id` unless there is exactly one and it is acceptable, so that
/// [`SetRequestIdLayer`] makes a fresh one.
fn drop_bad_request_id(mut req: Request<axum::body::Body>) -> Request<axum::body::Body> {
    let mut ids = req.headers().get_all(X_REQUEST_ID).iter();
    let keep = match (ids.next(), ids.next()) {
        (Some(id), None) => acceptable_request_id(id.as_bytes()),
        (None, _) => true,
        (Some(_), Some(_)) => false,
    };
    if !keep {
        req.headers_mut().remove(X_REQUEST_ID);
    }
    req
}

/// Bounds each request by [`crate::WebConfig::request_timeout`]: past it, the handler's future is
/// dropped (a database transaction in hand rolls back) and the client gets `503` in the usual
/// shape, JSON under `/api`, an error page elsewhere.
///
/// Not tower-http's `TimeoutLayer`: it answers with an empty body, which neither the API's error
/// shape nor an error page is, and telling its answer apart afterwards would mean guessing.
pub(crate) async fn request_timeout(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let limit = state.config.request_timeout;
    let path = req.uri().path().to_owned();
    let mut lang_headers = axum::http::HeaderMap::new();
    for name in [header::ACCEPT_LANGUAGE, header::COOKIE] {
        for v in req.headers().get_all(&name) {
            lang_headers.append(name.clone(), v.clone());
        }
    }
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(limit_s = limit.as_secs_f64(), "request timed out");
            let cookies = crate::session::cookies(&lang_headers);
            let lang = crate::i18n::choose(
                None,
                cookies.get(crate::i18n::LANG_COOKIE).map(String::as_str),
                None,
                &lang_headers,
            );
            let mut res = if path == "/api" || path.starts_with("/api/") {
                let message = crate::i18n::I18n::shared().t(lang, "operations.timeout");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    axum::Json(serde_json::json!({
                        "error": { "code": "timeout", "message": message, "fields": [] }
                    })),
                )
                    .into_response()
            } else {
                crate::render::error_page_for(
                    &state,
                    None,
                    lang,
                    StatusCode::SERVICE_UNAVAILABLE,
                    "operations.timeout",
                    &path,
                )
            };
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            res
        }
    }
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
