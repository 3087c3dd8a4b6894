//! The JSON API (`/api/v1`) and its OpenAPI document, through the whole application router.
//!
//! Every story runs on the harness's seeded world (SQLite, and PostgreSQL when configured), with
//! API tokens made by the accounts service for the scheme coordinator and the two organisation
//! coordinators. The stories are split by area, one file each in `api/`; this file holds what
//! they share (the [`Api`] caller and request bodies) and the checks of the OpenAPI document.
//! Other areas' API stories (applications, mentors, matching, sessions, sets, pairs, growth) sit
//! with their pages in `tests/it/<area>.rs`.

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

// ---------------------------------------------------------------------------------------------
// OpenAPI

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Asserts that `value` matches a schema of the document (see [`check`]).
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) {
    if let Err(e) = check(doc, schema, value, at) {
        panic!("response does not match the OpenAPI document: {e}");
    }
}

/// Checks `value` against a schema of the document: the subset of JSON Schema the document uses
/// (`$ref`, `type` incl. lists with "null", `properties`/`required`, `items`, `enum`, `const`,
/// `oneOf`, `additionalProperties`). Objects must have exactly the documented properties, so a
/// field added to a response without documenting it fails here.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or(format!("{at}: non-local ref {reference}"))?;
        let target = &doc["components"]["schemas"][name];
        if target.is_null() {
            return Err(format!("{at}: unknown schema {name}"));
        }
        return check(doc, target, value, at);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let matching = options
            .iter()
            .filter(|o| check(doc, o, value, at).is_ok())
            .count();
        return if matching == 1 {
            Ok(())
        } else {
            Err(format!("{at}: {value} matches {matching} of oneOf"))
        };
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} not in {allowed:?}"));
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        return Err(format!("{at}: {value} is not {c}"));
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() {
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        if !(types.contains(&actual) || (actual == "integer" && types.contains(&"number"))) {
            return Err(format!("{at}: {value} is {actual}, documented {types:?}"));
        }
    }
    if let (Some(items), Value::Array(values)) = (schema.get("items"), value) {
        for (i, v) in values.iter().enumerate() {
            check(doc, items, v, &format!("{at}[{i}]"))?;
        }
    }
    if let Value::Object(map) = value {
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            if let Some(key) = map.keys().find(|k| !props.contains_key(*k)) {
                return Err(format!("{at}: property {key} is not documented"));
            }
            for (key, sub) in props {
                match map.get(key) {
                    Some(v) => check(doc, sub, v, &format!("{at}.{key}"))?,
                    None => {
                        let required = schema
                            .get("required")
                            .and_then(Value::as_array)
                            .is_some_and(|r| r.contains(&json!(key)));
                        if required {
                            return Err(format!("{at}: required property {key} is missing"));
                        }
                    }
                }
            }
        }
        if let Some(extra) = schema.get("additionalProperties").filter(|a| a.is_object()) {
            for (k, v) in map {
                check(doc, extra, v, &format!("{at}.{k}"))?;
            }
        }
    }
    Ok(())
}

#[test]
fn the_schema_checker_rejects_what_the_document_does_not_describe() {
    // The checker is what makes the response checks above mean something, so it is tested too.
    let doc = tandem_web::api::openapi::document();
    let org = json!({ "id": uuid::Uuid::nil(), "scheme_id": uuid::Uuid::nil(), "name": "A", "kind": "charity", "country": "GB" });
    assert!(check(&doc, &r("Organisation"), &org, "org").is_ok());
    let mut extra = org.clone();
    extra["secret"] = json!(1);
    assert!(check(&doc, &r("Organisation"), &extra, "org").is_err());
    let mut missing = org.clone();
    missing.as_object_mut().unwrap().remove("name");
    assert!(check(&doc, &r("Organisation"), &missing, "org").is_err());
    let mut bad_enum = org.clone();
    bad_enum["kind"] = json!("hospital");
    assert!(check(&doc, &r("Organisation"), &bad_enum, "org").is_err());
    let mut bad_type = org;
    bad_type["name"] = json!(3);
    assert!(check(&doc, &r("Organisation"), &bad_type, "org").is_err());
}

#[tokio::test]
async fn the_openapi_document_is_public_and_is_the_committed_snapshot() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let r = w.send(Method::GET, "/api/openapi.json", None, None, vec![]).await;
        assert_eq!(r.status, StatusCode::OK);
        let served = r.json();
        assert_eq!(served["openapi"], "3.1.0");
        assert_eq!(served, tandem_web::api::openapi::document());
        // The committed snapshot makes every change to the API visible in review. After an
        // intended change, regenerate it with
        //   UPDATE_OPENAPI=1 cargo test -p tandem-web --test it api::the_openapi_document
        // and commit crates/web/tests/it/openapi.json with the change.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/openapi.json");
        let pretty = serde_json::to_string_pretty(&served).unwrap() + "\n";
        if std::env::var("UPDATE_OPENAPI").as_deref() == Ok("1") {
            std::fs::write(&path, &pretty).expect("write snapshot");
        }
        let committed = std::fs::read_to_string(&path).expect("crates/web/tests/it/openapi.json (create it with UPDATE_OPENAPI=1)");
        assert!(committed == pretty, "the OpenAPI document differs from tests/it/openapi.json; if intended, regenerate with UPDATE_OPENAPI=1");
    })
    .await;
}

#[test]
fn every_schema_reference_in_the_document_resolves() {
    fn walk(doc: &Value, v: &Value, found: &mut usize) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(reference)) = m.get("$ref") {
                    let pointer = reference.strip_prefix('#').expect("local reference");
                    assert!(
                        doc.pointer(pointer).is_some(),
                        "{reference} does not resolve"
                    );
                    *found += 1;
                }
                m.values().for_each(|x| walk(doc, x, found));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(doc, x, found)),
            _ => {}
        }
    }
    let doc = tandem_web::api::openapi::document();
    let mut found = 0;
    walk(&doc, &doc, &mut found);
    assert!(found > 50, "only {found} references");
    // Every operation has an id, a summary and a success response; all but the document need a token.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["operationId"].is_string() && op["summary"].is_string(),
                "{method} {path}"
            );
            assert!(
                op["responses"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .any(|k| k.starts_with('2')),
                "{method} {path}"
            );
            let public = op.get("security") == Some(&json!([]));
            assert_eq!(public, path == "/api/openapi.json", "{method} {path}");
            if !public {
                assert!(
                    op["responses"]["401"].is_object(),
                    "{method} {path} documents no 401"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_document_describes_exactly_the_routes_of_the_api_router() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let doc = tandem_web::api::openapi::document();
        let documented: std::collections::BTreeSet<String> =
            doc["paths"].as_object().unwrap().keys().cloned().collect();
        let routed: std::collections::BTreeSet<String> =
            tandem_web::api::route_paths().into_iter().collect();
        assert_eq!(documented, routed, "paths documented vs. routed");
        // Per path, the documented methods are answered (401 without a token: the route exists and
        // wants one) and every other method is refused by the router with 405.
        for (path, item) in doc["paths"].as_object().unwrap() {
            let concrete = path.replace("{id}", &uuid::Uuid::new_v4().to_string());
            for method in METHODS {
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let r = w
                    .send(m, &concrete, None, Some("application/json"), b"{}".to_vec())
                    .await;
                if item.get(method).is_some() {
                    let expected = if path == "/api/openapi.json" {
                        StatusCode::OK
                    } else {
                        StatusCode::UNAUTHORIZED
                    };
                    assert_eq!(r.status, expected, "{method} {path} is documented");
                } else {
                    assert_eq!(
                        r.status,
                        StatusCode::METHOD_NOT_ALLOWED,
                        "{method} {path} is not documented"
                    );
                }
            }
        }
    })
    .await;
}
