//! Rate limits (429 with `Retry-After`), the bound on password hashing (503 with `Retry-After`),
//! the client address they count by, and API tokens: named, expiring, listed and revocable.

use crate::harness::{CA, CB, PASSWORD, SC, api_call, api_token, on_backends, on_backends_with};
use axum::http::{Method, StatusCode, header};
use tandem_app::Settings;
use tandem_app::throttle::{Limit, ThrottleSettings};
use tandem_test_support::WorldOptions;
use tandem_web::WebConfig;

fn options(throttle: ThrottleSettings) -> WorldOptions {
    let mut o = WorldOptions::default();
    o.settings = Settings {
        throttle,
        ..o.settings
    };
    o
}

fn behind_proxy() -> WebConfig {
    WebConfig {
        client_ip_header: Some("x-forwarded-for".into()),
        ..WebConfig::default()
    }
}

#[tokio::test]
async fn sign_ins_from_one_address_beyond_its_limit_get_429_and_write_nothing() {
    let throttle = ThrottleSettings {
        sign_in_per_address: Limit::new(3, 60),
        ..ThrottleSettings::default()
    };
    on_backends_with(options(throttle), behind_proxy(), |w| async move {
        let mut b = w.browser();
        // The proxy's own entry is the last one; what the client wrote before it is ignored.
        b.headers
            .push(("x-forwarded-for".into(), "198.51.100.1, 203.0.113.7".into()));
        for i in 0..3 {
            b.sign_in(&format!("guess{i}@alpha.example.org"), "wrong password!")
                .await
                .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        let audit_before = w.ctx.store.list_audit(1000).await.unwrap().len();
        let refused = b.sign_in(SC, PASSWORD).await;
        refused.assert_status(StatusCode::TOO_MANY_REQUESTS);
        let secs: u64 = refused.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&secs), "{secs}");
        assert!(refused.contains("Too many attempts. Wait"));
        assert!(refused.contains("nhsuk-error-summary"));
        assert!(!refused.contains(PASSWORD));
        assert_eq!(
            w.ctx.store.list_audit(1000).await.unwrap().len(),
            audit_before,
            "a refusal writes nothing"
        );
        // Another client address is not affected.
        let mut other = w.browser();
        other
            .headers
            .push(("x-forwarded-for".into(), "203.0.113.8".into()));
        other
            .sign_in(SC, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        // The next window admits the first address again.
        w.clock.advance(chrono::Duration::seconds(61));
        b.sign_in(SC, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn without_a_trusted_header_the_socket_peer_is_the_client() {
    let throttle = ThrottleSettings {
        sign_in_per_address: Limit::new(2, 60),
        ..ThrottleSettings::default()
    };
    on_backends_with(options(throttle), WebConfig::default(), |w| async move {
        let mut b = w.browser();
        b.peer = Some("192.0.2.10:50000".parse().unwrap());
        for i in 0..3 {
            // A forged header changes nothing when no proxy is configured.
            b.headers = vec![("x-forwarded-for".into(), format!("10.0.0.{i}"))];
            let page = b.sign_in(&format!("guess{i}@alpha.example.org"), "x").await;
            let want = if i < 2 {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            page.assert_status(want);
        }
        let mut other = w.browser();
        other.peer = Some("192.0.2.11:50000".parse().unwrap());
        other
            .sign_in(SC, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn when_no_hash_slot_frees_up_the_answer_is_503_with_retry_after() {
    let throttle = ThrottleSettings {
        hash_slots: 0,
        hash_wait_ms: 20,
        ..ThrottleSettings::default()
    };
    on_backends_with(options(throttle), WebConfig::default(), |w| async move {
        let page = w.browser().sign_in(SC, PASSWORD).await;
        page.assert_status(StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(page.headers[header::RETRY_AFTER], "2");
        assert!(page.contains("The service is busy"), "{}", page.text());
        // Not counted as a failure: the password was never checked.
        let page = w.browser().sign_in(SC, PASSWORD).await;
        page.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    })
    .await;
}

#[tokio::test]
async fn reset_requests_are_limited_per_address_and_per_email_address() {
    let throttle = ThrottleSettings {
        requests_per_account: Limit::new(2, 3600),
        requests_per_address: Limit::new(3, 3600),
        ..ThrottleSettings::default()
    };
    on_backends_with(options(throttle), behind_proxy(), |w| async move {
        let mut b = w.browser();
        b.headers
            .push(("x-forwarded-for".into(), "203.0.113.20".into()));
        for _ in 0..2 {
            b.post("/forgot-password", &[("email", CA)])
                .await
                .assert_status(StatusCode::OK);
        }
        let third = b.post("/forgot-password", &[("email", CA)]).await;
        third.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(third.headers.contains_key(header::RETRY_AFTER));
        assert!(third.contains("Too many attempts. Wait"));
        w.deliver().await;
        let to_ca = w.mailer.sent().iter().filter(|m| m.to == CA).count();
        assert_eq!(to_ca, 2, "the refused request sent nothing");
        // Another address from the same client: the client's own limit (3) is reached next.
        b.post("/forgot-password", &[("email", CB)])
            .await
            .assert_status(StatusCode::OK);
        b.post("/forgot-password", &[("email", SC)])
            .await
            .assert_status(StatusCode::TOO_MANY_REQUESTS);
    })
    .await;
}

#[tokio::test]
async fn api_tokens_are_named_expiring_listed_and_revocable() {
    on_backends(|w| async move {
        let main = api_token(&w, CA).await;
        let (status, made) = api_call(
            &w,
            Method::POST,
            "/api/v1/tokens",
            &main,
            Some(serde_json::json!({"name": "Reporting", "expires_in_days": 30})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        let secret = made["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("tandem_"));
        let id = made["token"]["id"].as_str().unwrap().to_string();
        let expires: chrono::DateTime<chrono::Utc> = made["token"]["expires_at"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let days = (expires - w.ctx.now()).num_hours();
        assert!((29 * 24..=30 * 24).contains(&days), "{days}");

        // The new secret works, and using it is recorded.
        let (status, list) = api_call(&w, Method::GET, "/api/v1/tokens", &secret, None).await;
        assert_eq!(status, StatusCode::OK);
        let names: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["tests", "Reporting"]);
        let text = list.to_string();
        assert!(!text.contains(&secret) && !text.contains(&main));
        assert!(!text.contains("hash"), "{text}");
        assert!(list[1]["last_used_at"].is_string(), "{text}");

        // Too long a lifetime is refused on its field.
        let (status, bad) = api_call(
            &w,
            Method::POST,
            "/api/v1/tokens",
            &main,
            Some(serde_json::json!({"name": "Forever", "expires_in_days": 4000})),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad["error"]["fields"][0]["field"], "expires_in_days");

        // Expired tokens are refused; the others keep working.
        w.clock.advance(chrono::Duration::days(31));
        let (status, _) = api_call(&w, Method::GET, "/api/v1/tokens", &secret, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, list) = api_call(&w, Method::GET, "/api/v1/tokens", &main, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list[1]["expired"], true);

        // Somebody else cannot revoke it (nor learn that it exists).
        let other = api_token(&w, CB).await;
        let path = format!("/api/v1/tokens/{id}");
        let (status, _) = api_call(&w, Method::DELETE, &path, &other, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = api_call(&w, Method::DELETE, &path, &main, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = api_call(&w, Method::DELETE, &path, &main, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, list) = api_call(&w, Method::GET, "/api/v1/tokens", &main, None).await;
        assert_eq!(list.as_array().unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn api_token_creation_beyond_the_limit_is_429_in_the_json_error_shape() {
    let throttle = ThrottleSettings {
        requests_per_account: Limit::new(1, 3600),
        ..ThrottleSettings::default()
    };
    on_backends_with(options(throttle), behind_proxy(), |w| async move {
        let main = api_token(&w, CA).await;
        let create = || async {
            let req = axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/v1/tokens")
                .header(header::AUTHORIZATION, format!("Bearer {main}"))
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-forwarded-for", "203.0.113.30")
                .body(axum::body::Body::from(r#"{"name":"Sync"}"#))
                .unwrap();
            w.browser().request(req).await
        };
        create().await.assert_status(StatusCode::CREATED);
        let refused = create().await;
        refused.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.headers.contains_key(header::RETRY_AFTER));
        let body: serde_json::Value = serde_json::from_slice(&refused.body).unwrap();
        assert_eq!(body["error"]["code"], "too_many_requests");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("Too many attempts")
        );
        let (_, list) = api_call(&w, Method::GET, "/api/v1/tokens", &main, None).await;
        assert_eq!(
            list.as_array().unwrap().len(),
            2,
            "the refusal made nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn the_account_page_lists_and_revokes_tokens() {
    on_backends(|w| async move {
        let mut b = w.signed_in(CA).await;
        let none = b.get("/account").await;
        assert!(none.contains("You have no API tokens."));
        let made = b
            .post(
                "/account/api-tokens",
                &[("name", "HR sync"), ("expires_in_days", "7")],
            )
            .await;
        made.assert_status(StatusCode::OK);
        assert!(made.contains("tandem_"));
        let tokens = tandem_app::accounts::api_tokens(
            &w.ctx,
            &tandem_app::accounts::user_for_account(
                &w.ctx,
                w.ctx.store.account_by_email(CA).await.unwrap().unwrap().id,
            )
            .await
            .unwrap()
            .unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(tokens.len(), 1);
        let page = b.get("/account").await;
        assert!(page.contains("HR sync"));
        assert!(page.contains(&format!("/account/api-tokens/{}/revoke", tokens[0].id)));
        let bad = b
            .post(
                "/account/api-tokens",
                &[("name", "Later"), ("expires_in_days", "9999")],
            )
            .await;
        bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.contains("href=\"#expires_in_days\""));
        b.get("/account").await;
        let revoked = b
            .post(&format!("/account/api-tokens/{}/revoke", tokens[0].id), &[])
            .await;
        revoked.assert_status(StatusCode::SEE_OTHER);
        let after = b.get(&revoked.location()).await;
        assert!(after.contains("The API token has been revoked"));
        assert!(after.contains("You have no API tokens."));
    })
    .await;
}
