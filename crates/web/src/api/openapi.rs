#![allow(dead_code)]
//! The OpenAPI 3.1 document of the API, served at `/api/openapi.json`.
//!
//! Written by hand with `serde_json` rather than derived with a macro crate: the API has a dozen
//! operations, and a derive crate would add a heavy proc-macro build to every compile of the web
//! crate on a small machine. What keeps the hand-written document honest is in the tests: one
//! checks that its paths and methods are exactly the router's (in both directions), one checks
//! real responses against the schemas here, and a snapshot makes every change visible in review.
//! Enumerations are listed from the domain's own `ALL` constants through serde, so a new kind or
//! grade system appears here without editing this file.

use super::error::MAX_JSON_BYTES;
use serde::Serialize;
use serde_json::{Value, json};
use tandem_domain::{Country, GradeSystem, Language, Mode, OrganisationKind, ProgrammeKind};

/// The serialised names of an enumeration's values, as the API writes them.
pub(crate) fn names<T: Serialize>(all: &[T]) -> Value {
    Value::Array(
        all.iter()
            .map(|v| serde_json::to_value(v).unwrap_or(Value::Null))
            .collect(),
    )
}

pub(crate) fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

pub(crate) fn nullable(t: &str) -> Value {
    json!({ "type": [t, "null"] })
}

pub(crate) fn nullable_ref(name: &str) -> Value {
    json!({ "oneOf": [r(name), { "type": "null" }] })
}

pub(crate) fn array_of(item: Value) -> Value {
    json!({ "type": "array", "items": item })
}

/// An object schema whose every property is required (responses always carry every field).
pub(crate) fn object(props: Value) -> Value {
    let required: Vec<String> = props
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    json!({ "type": "object", "properties": props, "required": required })
}

/// An object schema for requests: only `required` must be sent.
pub(crate) fn input(props: Value, required: &[&str]) -> Value {
    json!({ "type": "object", "properties": props, "required": required })
}

pub(crate) fn uuid() -> Value {
    json!({ "type": "string", "format": "uuid" })
}

pub(crate) fn date() -> Value {
    json!({ "type": "string", "format": "date" })
}

pub(crate) fn json_body(schema: &str) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": r(schema) } } })
}

pub(crate) fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

pub(crate) fn err(name: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{name}") })
}

pub(crate) fn id_param(what: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": format!("Id of the {what}."), "schema": uuid() })
}

pub(crate) fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

/// One operation; `errors` name the error responses it can give besides 401 and 500.
pub(crate) fn op(
    id: &str,
    tag: &str,
    summary: &str,
    params: Vec<Value>,
    body: Option<Value>,
    success: (&str, Value),
    errors: &[&str],
) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert(success.0.to_string(), success.1);
    for e in errors {
        let name = match *e {
            "400" => "BadRequest",
            "403" => "Forbidden",
            "404" => "NotFound",
            "413" => "TooLarge",
            "415" => "UnsupportedMediaType",
            "422" => "Invalid",
            "409" => "Conflict",
            other => other,
        };
        responses.insert((*e).to_string(), err(name));
    }
    responses.insert("401".into(), err("Unauthenticated"));
    responses.insert("500".into(), err("Internal"));
    let mut o =
        json!({ "operationId": id, "tags": [tag], "summary": summary, "responses": responses });
    if !params.is_empty() {
        o["parameters"] = Value::Array(params);
    }
    if let Some(b) = body {
        o["requestBody"] = b;
    }
    o
}

pub(crate) const JSON_ERRORS: [&str; 4] = ["400", "413", "415", "422"];

pub(crate) fn with(base: &[&'static str], more: &[&'static str]) -> Vec<&'static str> {
    base.iter().chain(more).copied().collect()
}
