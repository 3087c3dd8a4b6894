//! Every API response a test receives is checked against the OpenAPI document.
//!
//! The harness wraps the application it tests in [`checked`], so every request any test sends,
//! through whichever helper, passes this check on its way back. It finds the documented operation
//! of the method and path, requires the status to be one the operation documents, and validates
//! a JSON body against that response's schema with the `boon` crate (JSON Schema 2020-12,
//! the dialect of OpenAPI 3.1, formats included). A response that does not match its
//! documentation fails the test that received it.
//!
//! Objects are checked closed: a property the schema does not list is an error
//! (`additionalProperties: false` is added to the test's copy of every object schema), so a field
//! added to a response without documenting it is caught, not just a wrong type.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use http_body_util::BodyExt;
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

/// The served document (the one the application generates).
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(tandem_web::api::document)
}

/// The application with every exchange checked (see the module documentation).
pub fn checked(app: Router) -> Router {
    app.layer(middleware::from_fn(check_exchange))
}

async fn check_exchange(req: Request, next: Next) -> Response {
    let (method, uri) = (req.method().clone(), req.uri().to_string());
    let (parts, body) = next.run(req).await.into_parts();
    let bytes = body.collect().await.expect("response body").to_bytes();
    response(&method, &uri, parts.status, &parts.headers, &bytes);
    Response::from_parts(parts, Body::from(bytes))
}

/// Checks one exchange with the API; requests outside `/api/` are not checked.
#[track_caller]
pub fn response(method: &Method, uri: &str, status: StatusCode, headers: &HeaderMap, body: &[u8]) {
    if let Err(e) = check(method, uri, status, headers, body) {
        panic!(
            "{method} {uri} answered {status}, which the OpenAPI document does not describe: {e}\nbody: {}",
            String::from_utf8_lossy(body)
        );
    }
}

/// As [`response`], returning the mismatch instead of failing the test.
pub fn check(
    method: &Method,
    uri: &str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), String> {
    let path = uri.split('?').next().unwrap_or(uri);
    if !path.starts_with("/api/") {
        return Ok(());
    }
    let doc = document();
    let Some((template, item)) = path_item(doc, path) else {
        // Unknown paths are the router's fallback: 404 with the error body.
        return expect_error(status, StatusCode::NOT_FOUND, body);
    };
    let m = method.as_str().to_ascii_lowercase();
    let Some(op) = item.get(&m) else {
        return expect_error(status, StatusCode::METHOD_NOT_ALLOWED, body);
    };
    let code = status.as_u16().to_string();
    let mut res = op["responses"]
        .get(&code)
        .ok_or_else(|| format!("{} documents no {code} response", label(op, &m, template)))?;
    if let Some(r) = res.get("$ref").and_then(Value::as_str) {
        res = doc
            .pointer(r.trim_start_matches('#'))
            .ok_or_else(|| format!("{r} does not resolve"))?;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    let Some(content) = res.get("content").and_then(Value::as_object) else {
        return if body.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{code} is documented without a body, but one came ({content_type:?})"
            ))
        };
    };
    let ct = content_type.ok_or("a body is documented but the response has no content type")?;
    let media = content
        .get(&ct)
        .ok_or_else(|| format!("{ct} is not a documented content type of {code}"))?;
    if ct != "application/json" {
        return Ok(());
    }
    let pointer = format!(
        "/paths/{}/{m}/responses/{code}",
        template.replace('~', "~0").replace('/', "~1")
    );
    let schema = media
        .get("schema")
        .ok_or("no schema for application/json")?;
    let instance: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    validate(&pointer, schema, &instance)
}

fn label(op: &Value, method: &str, template: &str) -> String {
    format!(
        "{} ({} {template})",
        op["operationId"].as_str().unwrap_or("?"),
        method.to_uppercase()
    )
}

/// A failure the router answers itself (no such path, no such method): the shared error body.
fn expect_error(status: StatusCode, expected: StatusCode, body: &[u8]) -> Result<(), String> {
    if status != expected {
        return Err(format!("undocumented, so {expected} was expected"));
    }
    let instance: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    validate(
        "/components/schemas/Error",
        &json!({ "$ref": "#/components/schemas/Error" }),
        &instance,
    )
}

/// The documented path item matching a concrete path; literal segments win over parameters
/// (`/people/import` over `/people/{id}`).
fn path_item<'d>(doc: &'d Value, path: &str) -> Option<(&'d str, &'d Value)> {
    let segments: Vec<&str> = path.split('/').collect();
    doc["paths"]
        .as_object()?
        .iter()
        .filter_map(|(template, item)| {
            let t: Vec<&str> = template.split('/').collect();
            if t.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (a, b) in t.iter().zip(&segments) {
                if a.starts_with('{') && a.ends_with('}') {
                    if b.is_empty() {
                        return None;
                    }
                } else if a == b {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, template.as_str(), item))
        })
        .max_by_key(|(literal, ..)| *literal)
        .map(|(_, t, i)| (t, i))
}

/// The compiled schemas, one per documented response, compiled on first use.
#[derive(Default)]
struct Compiled {
    schemas: boon::Schemas,
    by_pointer: HashMap<String, boon::SchemaIndex>,
}

/// Validates `instance` against `schema` (found at `pointer` in the document), with the
/// document's component schemas, closed, beside it for its references.
fn validate(pointer: &str, schema: &Value, instance: &Value) -> Result<(), String> {
    static CACHE: OnceLock<Mutex<Compiled>> = OnceLock::new();
    let mut guard = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let compiled = &mut *guard;
    let index = match compiled.by_pointer.get(pointer) {
        Some(i) => *i,
        None => {
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": { "schemas": closed_schemas() },
                "allOf": [closed(schema.clone())],
            });
            // A compiler is not `Send`, so each schema gets its own; the compiled schemas are kept.
            let mut compiler = boon::Compiler::new();
            // Formats (uuid, date, date-time…) are checked; unknown ones are ignored.
            compiler.enable_format_assertions();
            let url = format!(
                "http://tandem.test/responses/{}.json",
                compiled.by_pointer.len()
            );
            let broken =
                |e: boon::CompileError| format!("the schema at {pointer} does not compile: {e}");
            compiler.add_resource(&url, root).map_err(broken)?;
            let index = compiler
                .compile(&url, &mut compiled.schemas)
                .map_err(broken)?;
            compiled.by_pointer.insert(pointer.to_string(), index);
            index
        }
    };
    compiled
        .schemas
        .validate(instance, index)
        .map_err(|e| format!("schema {pointer}:\n  {e}"))
}

/// The document's component schemas with every object closed. A schema that another one
/// extends (`allOf`, which is how a flattened struct is described) cannot be closed on its own,
/// so the extending schema closes the whole with `unevaluatedProperties` instead.
fn closed_schemas() -> Value {
    static CLOSED: OnceLock<Value> = OnceLock::new();
    CLOSED
        .get_or_init(|| {
            let schemas = document()["components"]["schemas"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            let mut extended = HashSet::new();
            for s in schemas.values() {
                collect_extended(s, &mut extended);
            }
            let out: Map<String, Value> = schemas
                .into_iter()
                .map(|(name, s)| {
                    let s = if extended.contains(&name) {
                        s
                    } else {
                        closed(s)
                    };
                    (name, s)
                })
                .collect();
            Value::Object(out)
        })
        .clone()
}

fn collect_extended(v: &Value, out: &mut HashSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(parts)) = m.get("allOf") {
                for p in parts {
                    if let Some(r) = p.get("$ref").and_then(Value::as_str) {
                        out.insert(r.rsplit('/').next().unwrap_or("").to_string());
                    }
                }
            }
            m.values().for_each(|x| collect_extended(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_extended(x, out)),
        _ => {}
    }
}

fn closed(mut s: Value) -> Value {
    let Some(m) = s.as_object_mut() else { return s };
    if m.contains_key("allOf") {
        m.entry("unevaluatedProperties").or_insert(json!(false));
        if let Some(Value::Array(parts)) = m.get_mut("allOf") {
            for p in parts.iter_mut() {
                // Inline parts are closed by the whole; only their nested objects close here.
                if let Some(Value::Object(props)) = p.get_mut("properties") {
                    for v in props.values_mut() {
                        *v = closed(v.take());
                    }
                }
            }
        }
        return s;
    }
    if m.contains_key("properties") && !m.contains_key("additionalProperties") {
        m.insert("additionalProperties".into(), json!(false));
    }
    for key in ["properties", "$defs"] {
        if let Some(Value::Object(props)) = m.get_mut(key) {
            for v in props.values_mut() {
                *v = closed(v.take());
            }
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(v) = m.get_mut(key).filter(|v| v.is_object()) {
            *v = closed(v.take());
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(parts)) = m.get_mut(key) {
            for p in parts.iter_mut() {
                *p = closed(p.take());
            }
        }
    }
    s
}
