//! The OpenAPI document: its snapshot, its coverage of the router, its shape, and the checker
//! that holds every API response of every test against it (`openapi_check`).

use crate::harness::{self, World};
use crate::openapi_check;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Operations besides the document that need no token: a person registering themselves and
/// confirming their address have no account yet.
const PUBLIC: &[(&str, &str)] = &[
    ("post", "/api/v1/registrations"),
    ("post", "/api/v1/registrations/confirm-email"),
];

async fn send(w: &World, method: Method, path: &str, body: &'static [u8]) -> (StatusCode, Vec<u8>) {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    let res = w.app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, bytes.to_vec())
}

#[tokio::test]
async fn the_openapi_document_is_public_and_is_the_committed_snapshot() {
    harness::on_backends(|w| async move {
        let (status, bytes) = send(&w, Method::GET, "/api/openapi.json", b"").await;
        assert_eq!(status, StatusCode::OK);
        let served: Value = serde_json::from_slice(&bytes).expect("JSON");
        assert_eq!(served["openapi"], "3.1.0");
        assert_eq!(&served, openapi_check::document());
        // The committed snapshot makes every change to the API visible in review.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/openapi.json");
        let pretty = serde_json::to_string_pretty(&served).expect("pretty") + "\n";
        if std::env::var("UPDATE_OPENAPI").as_deref() == Ok("1") {
            std::fs::write(&path, &pretty).expect("write snapshot");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == pretty,
            "the OpenAPI document differs from crates/web/tests/it/openapi.json. If the change is \
             intended, regenerate it with\n  UPDATE_OPENAPI=1 cargo nextest run -p tandem-web \
             -E 'test(/the_openapi_document_is_public/)'\nand commit the file with the change."
        );
    })
    .await;
}

/// Routes are only ever added with utoipa-axum's `routes!`, which registers the handler's
/// documentation with it; a plain axum route would be served but undocumented. The probe below
/// cannot list the router's routes (axum does not expose them), so the sources are held to that.
#[test]
fn the_api_adds_routes_only_together_with_their_documentation() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("src/api") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source");
            for forbidden in [
                ".route(",
                ".route_service(",
                ".nest(",
                ".nest_service(",
                "routing::",
            ] {
                assert!(
                    !text.contains(forbidden),
                    "{} uses `{forbidden}`: add routes with `.routes(routes!(handler))` so they are documented",
                    path.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} files");
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_nothing_else_is() {
    harness::on_backends(|w| async move {
        let doc = openapi_check::document();
        let paths = doc["paths"].as_object().expect("paths");
        assert!(paths.len() > 60, "only {} paths", paths.len());
        let mut operations = 0;
        for (path, item) in paths {
            let concrete = path
                .split('/')
                .map(|s| {
                    if s.starts_with('{') {
                        uuid::Uuid::new_v4().to_string()
                    } else {
                        s.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            for method in METHODS {
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
                let (status, _) = send(&w, m, &concrete, b"{}").await;
                if item.get(method).is_some() {
                    operations += 1;
                    // The route exists and wants a token (the document itself needs none).
                    let expected = if path == "/api/openapi.json" {
                        StatusCode::OK
                    } else if PUBLIC.contains(&(method, path.as_str())) {
                        // Public and reading a body: `{}` is not a valid one.
                        StatusCode::UNPROCESSABLE_ENTITY
                    } else {
                        StatusCode::UNAUTHORIZED
                    };
                    assert_eq!(status, expected, "{method} {path} is documented");
                } else {
                    assert_eq!(
                        status,
                        StatusCode::METHOD_NOT_ALLOWED,
                        "{method} {path} is not documented"
                    );
                }
            }
        }
        assert!(operations >= 100, "only {operations} operations");
        // A path the document does not know is not routed.
        let (status, _) = send(&w, Method::GET, "/api/v1/no-such-thing", b"").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[test]
fn every_operation_is_fully_described() {
    let doc = openapi_check::document();
    let mut ids = std::collections::HashSet::new();
    let tags: Vec<&str> = doc["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .map(|t| t["name"].as_str().expect("name"))
        .collect();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let at = format!("{method} {path}");
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{at}: no id"));
            assert!(ids.insert(id.to_string()), "{at}: operation id {id} twice");
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{at}: no summary"
            );
            let tag = op["tags"][0]
                .as_str()
                .unwrap_or_else(|| panic!("{at}: no tag"));
            assert!(tags.contains(&tag), "{at}: tag {tag} not declared");
            let responses = op["responses"].as_object().expect("responses");
            assert!(
                responses.keys().any(|k| k.starts_with('2')),
                "{at}: no success"
            );
            for (code, r) in responses {
                assert!(
                    r.get("$ref").is_some() || r["description"].is_string(),
                    "{at}: {code} undescribed"
                );
                if code.starts_with('4') || code.starts_with('5') {
                    let schema = r.get("$ref").map_or_else(
                        || r["content"]["application/json"]["schema"].clone(),
                        |_| json!("shared"),
                    );
                    assert!(!schema.is_null(), "{at}: {code} has no error body");
                }
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                assert!(
                    p["schema"].is_object(),
                    "{at}: parameter {} has no schema",
                    p["name"]
                );
                if p["in"] == "path" {
                    assert!(path.contains(&format!("{{{}}}", p["name"].as_str().unwrap_or(""))));
                }
            }
            for segment in path.split('/').filter(|s| s.starts_with('{')) {
                let name = segment.trim_matches(|c| c == '{' || c == '}');
                assert!(
                    op["parameters"].as_array().is_some_and(|ps| ps
                        .iter()
                        .any(|p| p["name"] == name && p["in"] == "path")),
                    "{at}: path parameter {name} undocumented"
                );
            }
            let public = op.get("security") == Some(&json!([]));
            assert_eq!(
                public,
                path == "/api/openapi.json" || PUBLIC.contains(&(method.as_str(), path.as_str())),
                "{at}"
            );
            if !public {
                assert!(responses.contains_key("401"), "{at}: no 401");
            }
            if op
                .pointer("/requestBody/content/application~1json")
                .is_some()
            {
                for code in ["400", "413", "415", "422"] {
                    assert!(
                        responses.contains_key(code),
                        "{at}: JSON body without {code}"
                    );
                }
            }
        }
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        "bearer"
    );
    assert_eq!(doc["security"], json!([{ "bearerAuth": [] }]));
}

#[test]
fn every_reference_in_the_document_resolves() {
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
    let doc = openapi_check::document();
    let mut found = 0;
    walk(doc, doc, &mut found);
    assert!(found > 200, "only {found} references");
}

#[test]
fn enumerations_list_the_domain_values() {
    use serde_json::to_value;
    use tandem_domain::*;
    let schemas = &openapi_check::document()["components"]["schemas"];
    let all = |v: Result<Value, serde_json::Error>| v.expect("serialisable");
    assert_eq!(
        schemas["OrganisationKind"]["enum"],
        all(to_value(OrganisationKind::ALL))
    );
    assert_eq!(schemas["Mode"]["enum"], all(to_value(Mode::ALL)));
    assert_eq!(
        schemas["RelationshipStatus"]["enum"],
        all(to_value(RelationshipStatus::ALL))
    );
    assert_eq!(
        schemas["GradeSystem"]["enum"],
        all(to_value(GradeSystem::ALL))
    );
    assert_eq!(schemas["Country"]["enum"], json!(["GB", "NL"]));
}

/// The checker is what makes every test's API calls a check of the document, so it is tested too:
/// it must refuse a body, a status or a content type the document does not describe.
#[test]
fn the_response_checker_refuses_what_the_document_does_not_describe() {
    let json_headers = {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        h
    };
    let id = uuid::Uuid::nil();
    let uri = format!("/api/v1/organisations/{id}");
    let org = json!({ "id": id, "scheme_id": id, "name": "A", "kind": "charity", "country": "GB" });
    let check = |status: StatusCode, body: &Value| {
        openapi_check::check(
            &Method::GET,
            &uri,
            status,
            &json_headers,
            body.to_string().as_bytes(),
        )
    };
    assert_eq!(check(StatusCode::OK, &org), Ok(()));
    let mut extra = org.clone();
    extra["secret"] = json!(1);
    assert!(
        check(StatusCode::OK, &extra).is_err(),
        "an undocumented property"
    );
    let mut missing = org.clone();
    missing.as_object_mut().expect("object").remove("name");
    assert!(
        check(StatusCode::OK, &missing).is_err(),
        "a missing property"
    );
    let mut bad_enum = org.clone();
    bad_enum["kind"] = json!("hospital");
    assert!(
        check(StatusCode::OK, &bad_enum).is_err(),
        "a value outside the enumeration"
    );
    let mut bad_format = org.clone();
    bad_format["id"] = json!("not-a-uuid");
    assert!(
        check(StatusCode::OK, &bad_format).is_err(),
        "a malformed uuid"
    );
    // A status the operation does not document, even with a valid error body.
    let error = json!({ "error": { "code": "conflict", "message": "No.", "fields": [] } });
    assert!(
        check(StatusCode::CONFLICT, &error).is_err(),
        "an undocumented status"
    );
    assert_eq!(check(StatusCode::NOT_FOUND, &error), Ok(()));
    assert!(
        check(StatusCode::NOT_FOUND, &json!({ "error": "no" })).is_err(),
        "a malformed error"
    );
    // A body of a content type the response does not have.
    let mut csv = HeaderMap::new();
    csv.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv"));
    assert!(openapi_check::check(&Method::GET, &uri, StatusCode::OK, &csv, b"a,b").is_err());
    // Outside the API nothing is checked.
    assert_eq!(
        openapi_check::check(&Method::GET, "/people", StatusCode::OK, &csv, b"x"),
        Ok(())
    );
}
