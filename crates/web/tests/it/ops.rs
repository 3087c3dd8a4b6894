//! Health checks, security headers, assets.

use crate::harness::{SC, on_backends};
use axum::http::{StatusCode, header};

#[tokio::test]
async fn health_and_readiness() {
    on_backends(|w| async move {
        let mut b = w.browser();
        let h = b.get("/healthz").await;
        h.assert_status(StatusCode::OK);
        assert_eq!(h.text(), "ok");
        let r = b.get("/readyz").await;
        r.assert_status(StatusCode::OK);
        assert_eq!(r.text(), "ready");
        // After the database is closed, the process is alive but not ready.
        w.state.store.close().await;
        b.get("/healthz").await.assert_status(StatusCode::OK);
        b.get("/readyz")
            .await
            .assert_status(StatusCode::SERVICE_UNAVAILABLE);
    })
    .await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        for path in [
            "/sign-in",
            "/dashboard",
            "/people",
            "/no-such-page",
            "/healthz",
        ] {
            let page = b.get(path).await;
            let h = &page.headers;
            let csp = h
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            assert!(
                csp.contains("script-src 'self'")
                    && !csp.contains("unsafe-inline")
                    && csp.contains("frame-ancestors 'none'"),
                "{path}: {csp}"
            );
            assert_eq!(
                h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
                "nosniff",
                "{path}"
            );
            assert_eq!(
                h.get(header::REFERRER_POLICY).unwrap(),
                "no-referrer",
                "{path}"
            );
            assert_eq!(h.get(header::X_FRAME_OPTIONS).unwrap(), "DENY", "{path}");
            assert!(h.get("x-request-id").is_some(), "{path}");
        }
        let people = b.get("/people").await;
        assert_eq!(
            people.headers.get(header::CACHE_CONTROL).unwrap(),
            "no-store"
        );
    })
    .await;
}

#[tokio::test]
async fn design_system_assets_are_served_with_long_cache_lifetimes() {
    on_backends(|w| async move {
        let mut b = w.browser();
        let page = b.get("/sign-in").await;
        let text = page.text();
        let css = text
            .split("href=\"")
            .map(|s| s.split('"').next().unwrap())
            .find(|h| h.contains("nhsuk-frontend-"))
            .expect("css link")
            .to_string();
        let res = b.get(&css).await;
        res.assert_status(StatusCode::OK);
        assert!(
            res.headers
                .get(header::CONTENT_TYPE)
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("text/css")
        );
        assert!(
            res.headers
                .get(header::CACHE_CONTROL)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("max-age=31536000")
        );
        assert!(
            res.body.len() > 100_000,
            "the real nhsuk-frontend stylesheet"
        );
        // The icons the stylesheet refers to exist.
        b.get("/assets/images/nhsuk-icon-cross.svg")
            .await
            .assert_status(StatusCode::OK);
        let js = text
            .split("src=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let script = b.get(&js).await;
        script.assert_status(StatusCode::OK);
        let imported = script
            .text()
            .split("from './")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap()
            .to_string();
        b.get(&format!("/assets/{imported}"))
            .await
            .assert_status(StatusCode::OK);
        // No NHS logo is shipped.
        b.get("/assets/images/favicon.svg")
            .await
            .assert_status(StatusCode::NOT_FOUND);
        b.get("/assets/../Cargo.toml").await;
        b.get("/assets/nope.css")
            .await
            .assert_status(StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_a_clear_page() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let big = vec![b'a'; 6 * 1024 * 1024];
        let res = b.upload("/people/import", "big.csv", &big).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(res.contains("Files can be up to 5 MB"), "{}", res.text());
    })
    .await;
}
