//! The API's limits and unknown routes: oversized bodies are 413 and write nothing; unknown
//! paths and methods answer in JSON.

use super::import::fifty_rows;
use super::{Api, person_body};
use crate::harness;
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn oversized_bodies_are_413_and_write_nothing() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let before = w.people_total().await;
        let mut body = person_body(w.org_a, "big@example.org");
        body["job_title"] = json!("x".repeat(tandem_web::api::error::MAX_JSON_BYTES));
        let r = w.json(Method::POST, "/api/v1/people", &w.sc, &body).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(r.json()["error"]["code"], "payload_too_large");

        let mut csv = fifty_rows(true);
        while csv.len() <= tandem_people_io::MAX_UPLOAD_BYTES {
            csv.push_str(&format!("# padding {}\n", "x".repeat(1000)));
        }
        let r = w
            .csv("/api/v1/people/import?dry_run=false", &w.sc, &csv)
            .await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(r.json()["error"]["code"], "payload_too_large");
        assert_eq!(w.people_total().await, before);

        // Just under the JSON limit is read (and then judged on its merits: the title is too long).
        let mut near = person_body(w.org_a, "near@example.org");
        near["job_title"] = json!("x".repeat(tandem_web::api::error::MAX_JSON_BYTES - 1000));
        let r = w.json(Method::POST, "/api/v1/people", &w.sc, &near).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.has_field("job_title", "error.too_long"),
            "{:?}",
            r.fields()
        );
    })
    .await;
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_json() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let r = w.get("/api/v1/nothing-here", &w.sc).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.json()["error"]["code"], "not_found");
        let r = w
            .send(Method::DELETE, "/api/v1/people", Some(&w.sc), None, vec![])
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(r.json()["error"]["code"], "method_not_allowed");
    })
    .await;
}
