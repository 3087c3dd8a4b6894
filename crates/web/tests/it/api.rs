//! The JSON API (`/api/v1`), through the whole application router.
//!
//! Every story runs on the harness's seeded world (SQLite, and PostgreSQL when configured), with
//! API tokens made by the accounts service for the scheme coordinator and the two organisation
//! coordinators. The stories are split by area, one file each in `api/`; this file holds what
//! they share (the [`Api`] caller and request bodies). Every response is checked against the
//! OpenAPI document by the harness (`openapi_check`); the document's own tests are in `openapi.rs`.
//! Other areas' API stories (applications, mentors, matching, sessions, sets, pairs, growth) sit
//! with their pages in `tests/it/<area>.rs`.

mod assessments;
mod auth;
mod import;
mod limits;
mod people;
mod scheme;

use crate::harness::{self, CA, CB, SC, World};
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tandem_domain::{OrganisationId, PersonId};
use tower::ServiceExt;

// ---------------------------------------------------------------------------------------------
// Harness

/// The harness's world (Alpha Trust: Sam the scheme coordinator, Ada its coordinator, Pat and
/// three staff; Beta Council: Ben its coordinator and two staff) with API tokens for the three
/// coordinators, made by the accounts service.
struct Api {
    w: World,
    /// Token of the scheme coordinator.
    sc: String,
    /// Token of Alpha Trust's coordinator.
    a: String,
    /// Token of Beta Council's coordinator.
    b: String,
}

/// A response, buffered.
struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}), status {}: {}",
                self.status,
                String::from_utf8_lossy(&self.bytes)
            )
        })
    }

    /// The field errors of an error body as (field, code) pairs.
    fn fields(&self) -> Vec<(String, String)> {
        let v = self.json();
        v["error"]["fields"]
            .as_array()
            .unwrap_or_else(|| panic!("no error.fields in {v}"))
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap_or_default().to_string(),
                    f["code"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    fn has_field(&self, field: &str, code: &str) -> bool {
        self.fields().iter().any(|(f, c)| f == field && c == code)
    }
}

impl std::ops::Deref for Api {
    type Target = World;
    fn deref(&self) -> &World {
        &self.w
    }
}

impl Api {
    async fn new(w: World) -> Api {
        let sc = harness::api_token(&w, SC).await;
        let a = harness::api_token(&w, CA).await;
        let b = harness::api_token(&w, CB).await;
        Api { w, sc, a, b }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Resp {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let res = self
            .w
            .app
            .clone()
            .oneshot(req.body(Body::from(body)).expect("request"))
            .await
            .expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Resp {
            status,
            headers,
            bytes,
        }
    }

    async fn get(&self, path: &str, token: &str) -> Resp {
        self.send(Method::GET, path, Some(token), None, vec![])
            .await
    }

    async fn json(&self, method: Method, path: &str, token: &str, body: &Value) -> Resp {
        self.send(
            method,
            path,
            Some(token),
            Some("application/json"),
            serde_json::to_vec(body).expect("json"),
        )
        .await
    }

    async fn csv(&self, path: &str, token: &str, csv: &str) -> Resp {
        self.send(
            Method::POST,
            path,
            Some(token),
            Some("text/csv"),
            csv.as_bytes().to_vec(),
        )
        .await
    }

    /// Total number of people the scheme coordinator sees.
    async fn people_total(&self) -> u64 {
        let r = self.get("/api/v1/people?limit=1", &self.sc).await;
        assert_eq!(r.status, StatusCode::OK);
        r.json()["total"].as_u64().expect("total")
    }

    /// A person as the scheme coordinator reads them.
    async fn person(&self, id: PersonId) -> Value {
        let r = self.get(&format!("/api/v1/people/{id}"), &self.sc).await;
        assert_eq!(r.status, StatusCode::OK);
        r.json()
    }
}

/// The body that would save `person` (a `GET` answer) as it is, with another line manager.
fn body_of(person: &Value, line_manager_email: Option<&str>) -> Value {
    let e = &person["employments"][0];
    json!({
        "given_name": person["given_name"], "family_name": person["family_name"], "email": person["email"],
        "language": person["language"], "organisation_id": e["organisation_id"], "job_title": e["job_title"],
        "profession": e["profession"], "grade_system": e["grade_system"], "grade": e["grade"],
        "line_manager_email": line_manager_email,
    })
}

fn person_body(org: OrganisationId, email: &str) -> Value {
    json!({
        "given_name": "Grace",
        "family_name": "Hopper",
        "email": email,
        "language": "en-GB",
        "organisation_id": org,
        "job_title": "Matron",
        "profession": "Nursing",
        "grade_system": "afc",
        "grade": "8a",
        "line_manager_email": null,
    })
}

const CSV_HEADER: &str = "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language";
