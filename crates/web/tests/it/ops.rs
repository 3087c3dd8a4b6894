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
        w.ctx.store.close().await;
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

/// Collects everything logged into a shared buffer.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const LOG_CHILD: &str = "TANDEM_WEB_LOG_TEST_CHILD";

/// Requests carrying names, e-mails and searches; the logs must show none of them.
///
/// `tracing` caches per call site whether anyone listens, process-wide, so capturing while other
/// tests run in parallel threads is unreliable. The test therefore runs itself again in a child
/// process (this test only, one thread), which logs to a buffer and prints it; the parent checks.
#[test]
fn logs_carry_routes_and_ids_but_no_names_emails_or_queries() {
    if std::env::var(LOG_CHILD).is_ok() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("the only subscriber in this process");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(on_backends(|w| async move {
            let mut b = w.browser();
            b.sign_in(SC, "wrong password here").await;
            b.sign_in(SC, crate::harness::PASSWORD).await.assert_status(StatusCode::SEE_OTHER);
            b.get("/people?q=Archer&profession=Nursing").await.assert_status(StatusCode::OK);
            b.get(&format!("/people/{}", w.staff_a[0])).await.assert_status(StatusCode::OK);
            let csv = "given_name,family_name,email,organisation\nZelda,Zimmerman,zelda@nowhere.example.org,Nowhere Trust\n";
            b.upload("/people/import", "p.csv", csv.as_bytes()).await.assert_status(StatusCode::OK);
            b.post("/forgot-password", &[("email", SC)]).await;
            b.post_raw("/organisations/new", &[("name", "Secret Org Name")]).await;
        }));
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        println!("<<<LOGS\n{text}\nLOGS>>>");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "ops::logs_carry_routes_and_ids_but_no_names_emails_or_queries",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(LOG_CHILD, "1")
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout
        .split("<<<LOGS")
        .nth(1)
        .and_then(|s| s.split("LOGS>>>").next())
        .expect("the child printed its logs");
    assert!(
        text.contains("route=/people/{id}"),
        "matched routes are logged: {text}"
    );
    assert!(
        text.contains("status=200") && text.contains("request_id="),
        "{text}"
    );
    assert!(text.contains("CSRF check failed"), "{text}");
    for secret in [
        "@",
        "Archer",
        "Alice",
        "Zelda",
        "Zimmerman",
        "Nowhere",
        "Nursing",
        "q=",
        "Secret Org",
        "wrong password",
        "Sam ",
    ] {
        assert!(
            !text.contains(secret),
            "{secret:?} appeared in the logs:\n{text}"
        );
    }
}
