//! A bare axum handler answering `GET /healthz` with a constant: the floor Tandem's pages are
//! measured against in bench/web (issue #18). Usage: `tandem-bench-floor 127.0.0.1:PORT`.

use axum::{Router, routing::get};

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".to_string());
    let app = Router::new().route("/healthz", get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .expect("bind the floor's address");
    axum::serve(listener, app).await.expect("serve");
}
