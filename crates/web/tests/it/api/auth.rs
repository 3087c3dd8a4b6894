//! The API's authentication: bearer tokens only, never the browser's session cookie.

use super::{Api, person_body};
use crate::harness::{self, CA, PASSWORD};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tandem_app as services;
use tower::ServiceExt;

#[tokio::test]
async fn requests_without_a_valid_bearer_token_are_401_with_a_challenge() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let none = w
            .send(Method::GET, "/api/v1/people", None, None, vec![])
            .await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED);
        assert_eq!(none.json()["error"]["code"], "unauthenticated");
        let challenge = none
            .headers
            .get(header::WWW_AUTHENTICATE)
            .expect("challenge")
            .to_str()
            .unwrap()
            .to_string();
        assert!(challenge.starts_with("Bearer"), "{challenge}");
        assert!(!challenge.contains("invalid_token"));

        let bad = w.get("/api/v1/people", "tandem_not-a-real-token").await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
        assert_eq!(bad.json()["error"]["code"], "unauthenticated");
        assert!(
            bad.headers[header::WWW_AUTHENTICATE]
                .to_str()
                .unwrap()
                .contains("error=\"invalid_token\"")
        );

        // Another scheme, or a token sent as a password, is not a bearer token.
        let basic = w
            .app
            .clone()
            .oneshot(
                Request::get("/api/v1/scheme")
                    .header(header::AUTHORIZATION, format!("Basic {}", w.sc))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);

        // Writes are refused the same way, and write nothing.
        let before = w.people_total().await;
        let post = w
            .send(
                Method::POST,
                "/api/v1/people",
                None,
                Some("application/json"),
                serde_json::to_vec(&person_body(w.org_a, "x@example.org")).unwrap(),
            )
            .await;
        assert_eq!(post.status, StatusCode::UNAUTHORIZED);
        assert_eq!(w.people_total().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_browser_session_cookie_does_not_authenticate_the_api() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let session = services::accounts::sign_in(&w.ctx, CA, PASSWORD)
            .await
            .expect("sign in");
        // The session is live (pages would accept it) ...
        assert!(
            services::accounts::user_for_session(&w.ctx, &session.token)
                .await
                .expect("lookup")
                .is_some()
        );
        // ... but the API does not take cookies, so a hostile page cannot ride on it.
        let cookie = format!(
            "{}={}",
            tandem_web::session::session_cookie(&w.state.config),
            session.token
        );
        let res = w
            .app
            .clone()
            .oneshot(
                Request::get("/api/v1/people")
                    .header(header::COOKIE, cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        // While the same person's bearer token works, without any CSRF token.
        let ok = w
            .json(
                Method::POST,
                "/api/v1/people",
                &w.a,
                &person_body(w.org_a, "csrf-free@example.org"),
            )
            .await;
        assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.json());
    })
    .await;
}
