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

fn paths() -> Value {
    let write_errors = with(&JSON_ERRORS, &["403"]);
    let update_errors = with(&JSON_ERRORS, &["403", "404"]);
    json!({
        "/api/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "tags": ["meta"],
                "summary": "This document. Needs no authentication.",
                "security": [],
                "responses": { "200": ok("The OpenAPI 3.1 document.", json!({ "type": "object" })) },
            },
        },
        "/api/v1/scheme": {
            "get": op("getScheme", "scheme", "The scheme dashboard: organisations, programmes and the counts the caller may see.",
                vec![], None, ("200", ok("The dashboard.", r("Scheme"))), &["403"]),
        },
        "/api/v1/organisations": {
            "get": op("listOrganisations", "organisations", "All organisations of the scheme, by name.",
                vec![], None, ("200", ok("The organisations.", array_of(r("Organisation")))), &["403"]),
            "post": op("createOrganisation", "organisations", "Adds an organisation (scheme coordinators).",
                vec![], Some(json_body("OrganisationInput")), ("201", ok("The new organisation; `Location` names it.", r("Organisation"))), &write_errors),
        },
        "/api/v1/organisations/{id}": {
            "get": op("getOrganisation", "organisations", "One organisation.",
                vec![id_param("organisation")], None, ("200", ok("The organisation.", r("Organisation"))), &["403", "404"]),
            "put": op("replaceOrganisation", "organisations", "Replaces an organisation's name, kind and country (scheme coordinators).",
                vec![id_param("organisation")], Some(json_body("OrganisationInput")), ("200", ok("The changed organisation.", r("Organisation"))), &update_errors),
            "patch": op("updateOrganisation", "organisations", "Changes only the fields sent (scheme coordinators).",
                vec![id_param("organisation")], Some(json_body("OrganisationPatch")), ("200", ok("The changed organisation.", r("Organisation"))), &update_errors),
        },
        "/api/v1/programmes": {
            "get": op("listProgrammes", "programmes", "All programmes of the scheme with their rules.",
                vec![], None, ("200", ok("The programmes.", array_of(r("Programme")))), &["403"]),
            "post": op("createProgramme", "programmes", "Adds a programme with its rules (scheme coordinators).",
                vec![], Some(json_body("ProgrammeInput")), ("201", ok("The new programme; `Location` names it.", r("Programme"))), &write_errors),
        },
        "/api/v1/programmes/{id}": {
            "get": op("getProgramme", "programmes", "One programme with its rules.",
                vec![id_param("programme")], None, ("200", ok("The programme.", r("Programme"))), &["403", "404"]),
            "put": op("replaceProgramme", "programmes", "Replaces a programme's name, kind, description and rules (scheme coordinators).",
                vec![id_param("programme")], Some(json_body("ProgrammeInput")), ("200", ok("The changed programme.", r("Programme"))), &update_errors),
        },
        "/api/v1/programmes/{id}/intakes": {
            "get": op("listIntakes", "intakes", "The programme's intakes, earliest first.",
                vec![id_param("programme")], None, ("200", ok("The intakes.", array_of(r("Intake")))), &["403", "404"]),
            "post": op("createIntake", "intakes", "Adds an intake with places per organisation (scheme coordinators).",
                vec![id_param("programme")], Some(json_body("IntakeInput")), ("201", ok("The new intake; `Location` names it.", r("Intake"))), &update_errors),
        },
        "/api/v1/intakes/{id}": {
            "get": op("getIntake", "intakes", "One intake.",
                vec![id_param("intake")], None, ("200", ok("The intake.", r("Intake"))), &["403", "404"]),
            "put": op("replaceIntake", "intakes", "Replaces an intake's name, dates and places (scheme coordinators).",
                vec![id_param("intake")], Some(json_body("IntakeInput")), ("200", ok("The changed intake.", r("Intake"))), &update_errors),
        },
        "/api/v1/people": {
            "get": op("listPeople", "people",
                "Searches the people the caller may see (an organisation coordinator sees their organisations' people only), ordered by family name, given name.",
                vec![
                    query("q", "Text contained in the name or e-mail address, case-insensitively.", json!({ "type": "string" })),
                    query("organisation", "Only people employed by this organisation.", uuid()),
                    query("profession", "Only people in this profession (exact).", json!({ "type": "string" })),
                    query("grade_system", "Only people graded in this system.", json!({ "type": "string", "enum": names(&GradeSystem::ALL) })),
                    query("offset", "Rows to skip; a multiple of `limit`.", json!({ "type": "integer", "minimum": 0, "default": 0 })),
                    query("limit", "Rows per page (larger values are reduced to 200).", json!({ "type": "integer", "minimum": 1, "default": super::handlers::DEFAULT_LIMIT })),
                ],
                None, ("200", ok("One page of people and the total number of matches.", r("PeoplePage"))), &["400", "403", "422"]),
            "post": op("createPerson", "people", "Adds a person with their primary employment.",
                vec![], Some(json_body("PersonInput")), ("201", ok("The new person; `Location` names them.", r("Person"))), &write_errors),
        },
        "/api/v1/people/{id}": {
            "get": op("getPerson", "people",
                "A person's profile. A person the caller may not see (e.g. another organisation's) is reported as not found, so their existence is not revealed.",
                vec![id_param("person")], None, ("200", ok("The person.", r("Person"))), &["404"]),
            "put": op("replacePerson", "people", "Replaces a person's details and primary employment; other employments are kept.",
                vec![id_param("person")], Some(json_body("PersonInput")), ("200", ok("The changed person.", r("Person"))), &update_errors),
        },
        "/api/v1/people/import": {
            "post": {
                "operationId": "importPeople",
                "tags": ["people"],
                "summary": "Imports people from an HR extract. A dry run (the default) validates every row and writes nothing; `dry_run=false` writes all rows in one transaction, or nothing when any row has a problem. People are matched by e-mail: a re-import updates them.",
                "parameters": [
                    query("dry_run", "`true` (default) to preview only; `false` to import.", json!({ "type": "boolean", "default": true })),
                ],
                "requestBody": {
                    "required": true,
                    "description": format!("The file, at most {} bytes, with a header row naming the columns {}.",
                        tandem_people_io::MAX_UPLOAD_BYTES, tandem_people_io::COLUMNS.join(", ")),
                    "content": {
                        "text/csv": { "schema": { "type": "string" } },
                        super::people_io::XLSX_MIME: { "schema": { "type": "string", "contentEncoding": "binary" } },
                    },
                },
                "responses": {
                    "200": {
                        "description": "The preview (dry run) or what was imported.",
                        "content": { "application/json": { "schema": { "oneOf": [r("ImportPreview"), r("ImportOutcome")] } } },
                    },
                    "400": err("BadRequest"),
                    "401": err("Unauthenticated"),
                    "403": err("Forbidden"),
                    "413": err("TooLarge"),
                    "415": err("UnsupportedMediaType"),
                    "422": {
                        "description": "The file cannot be read (an error on `file`), a parameter is not valid, or (`dry_run=false`) some rows have problems: nothing was written.",
                        "content": { "application/json": { "schema": r("ImportRefused") } },
                    },
                    "500": err("Internal"),
                },
            },
        },
        "/api/v1/people/export": {
            "get": {
                "operationId": "exportPeople",
                "tags": ["people"],
                "summary": "Exports the people the caller may see in the import's columns (an organisation coordinator gets only their organisations' employments).",
                "parameters": [
                    query("format", "File format.", json!({ "type": "string", "enum": ["csv", "xlsx"], "default": "csv" })),
                ],
                "responses": {
                    "200": {
                        "description": "The file, as an attachment.",
                        "content": {
                            "text/csv": { "schema": { "type": "string" } },
                            super::people_io::XLSX_MIME: { "schema": { "type": "string", "contentEncoding": "binary" } },
                        },
                    },
                    "401": err("Unauthenticated"),
                    "403": err("Forbidden"),
                    "422": err("Invalid"),
                    "500": err("Internal"),
                },
            },
        },
    })
}

fn schemas() -> Value {
    let rules = json!({
        "session_cap": { "type": ["integer", "null"], "minimum": 1, "description": "Most sessions per relationship; null = no cap." },
        "session_minutes": { "type": ["integer", "null"], "minimum": 1, "maximum": 1440, "description": "Length of one session in minutes." },
        "total_minutes_cap": { "type": ["integer", "null"], "readOnly": true, "description": "session_cap × session_minutes; ignored in requests." },
        "modes": array_of(r("Mode")),
        "term_months": nullable("integer"),
        "mentor_load_min": nullable("integer"),
        "mentor_load_max": nullable("integer"),
        "set_size_min": nullable("integer"),
        "set_size_max": nullable("integer"),
        "cadence_weeks": { "type": ["integer", "null"], "description": "Weeks between set meetings." },
        "eligibility": r("Eligibility"),
        "pilot": { "type": "boolean" },
    });
    let person_input = json!({
        "given_name": { "type": "string", "maxLength": tandem_domain::validate::MAX_TEXT },
        "family_name": { "type": "string", "maxLength": tandem_domain::validate::MAX_TEXT },
        "email": { "type": "string", "format": "email", "description": "Work e-mail; unique in the scheme." },
        "language": r("Language"),
        "organisation_id": uuid(),
        "job_title": { "type": "string" },
        "profession": { "type": "string" },
        "grade_system": r("GradeSystem"),
        "grade": { "type": "string", "description": "A grade of the grade system, e.g. `8a`, `ST4`, `PO2`, `FWG 45`." },
        "line_manager_email": { "type": ["string", "null"], "description": "E-mail of the line manager, who must already be known to the scheme." },
    });
    let row = object(json!({
        "line": { "type": "integer", "description": "Spreadsheet row; the header is row 1." },
        "email": { "type": "string" },
        "action": { "type": "string", "enum": ["create", "update", "unchanged"] },
        "errors": array_of(r("CellError")),
    }));
    json!({
        "Error": object(json!({ "error": object(json!({
            "code": { "type": "string", "description": "Stable code: unauthenticated, forbidden, not_found, validation, conflict, payload_too_large, bad_request, malformed_json, unsupported_media_type, method_not_allowed, internal." },
            "message": { "type": "string" },
            "fields": array_of(r("FieldError")),
        })) })),
        "FieldError": object(json!({
            "field": { "type": "string", "description": "The field (or query parameter) at fault; nested fields are dotted, e.g. `rules.session_cap`." },
            "code": { "type": "string", "description": "Stable code of the problem (a translation key), e.g. `error.email_taken`." },
            "message": { "type": "string" },
        })),
        "ImportRefused": object(json!({ "error": {
            "type": "object",
            "properties": {
                "code": { "type": "string" },
                "message": { "type": "string" },
                "fields": array_of(r("FieldError")),
                "rows": { "type": "array", "items": r("ImportRow"), "description": "The rows with problems (real runs only)." },
            },
            "required": ["code", "message", "fields"],
        } })),
        "OrganisationKind": { "type": "string", "enum": names(&OrganisationKind::ALL) },
        "Country": { "type": "string", "enum": names(&Country::ALL), "description": "ISO 3166-1 alpha-2." },
        "ProgrammeKind": { "type": "string", "enum": names(&ProgrammeKind::ALL) },
        "Mode": { "type": "string", "enum": names(&Mode::ALL) },
        "GradeSystem": { "type": "string", "enum": names(&GradeSystem::ALL) },
        "Language": { "type": "string", "enum": names(&Language::ALL), "description": "BCP 47 tag." },
        "Scheme": object(json!({
            "scheme_id": uuid(),
            "organisations": array_of(r("SchemeOrganisation")),
            "programmes": array_of(r("SchemeProgramme")),
            "people_total": { "type": ["integer", "null"], "description": "People the caller may see; null when they may not list people." },
            "intakes_total": { "type": "integer" },
        })),
        "SchemeOrganisation": object(json!({
            "id": uuid(),
            "name": { "type": "string" },
            "kind": r("OrganisationKind"),
            "country": r("Country"),
            "people": { "type": ["integer", "null"], "description": "null when the caller may not see this organisation's people." },
        })),
        "SchemeProgramme": object(json!({
            "id": uuid(),
            "name": { "type": "string" },
            "kind": r("ProgrammeKind"),
            "intakes": { "type": "integer" },
        })),
        "Organisation": object(json!({
            "id": uuid(),
            "scheme_id": uuid(),
            "name": { "type": "string" },
            "kind": r("OrganisationKind"),
            "country": r("Country"),
        })),
        "OrganisationInput": input(json!({
            "name": { "type": "string", "maxLength": tandem_domain::validate::MAX_TEXT, "description": "Unique in the scheme, case-insensitively." },
            "kind": r("OrganisationKind"),
            "country": r("Country"),
        }), &["name", "kind", "country"]),
        "OrganisationPatch": input(json!({
            "name": { "type": "string", "maxLength": tandem_domain::validate::MAX_TEXT },
            "kind": r("OrganisationKind"),
            "country": r("Country"),
        }), &[]),
        "GradeRange": object(json!({
            "grade_system": r("GradeSystem"),
            "lowest": { "type": "string" },
            "highest": { "type": "string" },
        })),
        "Eligibility": object(json!({
            "grade_ranges": array_of(r("GradeRange")),
            "professions": array_of(json!({ "type": "string" })),
            "organisation_kinds": array_of(r("OrganisationKind")),
            "mentor_training_required": { "type": "boolean" },
        })),
        "Rules": object(rules),
        "Programme": object(json!({
            "id": uuid(),
            "scheme_id": uuid(),
            "name": { "type": "string" },
            "kind": r("ProgrammeKind"),
            "description": { "type": "string" },
            "rules": r("Rules"),
        })),
        "ProgrammeInput": input(json!({
            "name": { "type": "string", "maxLength": tandem_domain::validate::MAX_TEXT },
            "kind": r("ProgrammeKind"),
            "description": { "type": "string", "maxLength": tandem_app::programmes::MAX_DESCRIPTION },
            "rules": { "$ref": "#/components/schemas/Rules", "description": "Any field may be left out." },
        }), &["name", "kind"]),
        "Place": object(json!({
            "organisation_id": uuid(),
            "places": { "type": "integer", "minimum": 0, "maximum": tandem_app::intakes::MAX_PLACES },
        })),
        "Intake": object(json!({
            "id": uuid(),
            "programme_id": uuid(),
            "name": { "type": "string" },
            "opens_on": date(),
            "closes_on": date(),
            "starts_on": date(),
            "places": array_of(r("Place")),
            "total_places": { "type": "integer" },
        })),
        "IntakeInput": input(json!({
            "name": { "type": "string", "maxLength": tandem_domain::validate::MAX_TEXT },
            "opens_on": date(),
            "closes_on": { "type": "string", "format": "date", "description": "On or after opens_on." },
            "starts_on": { "type": "string", "format": "date", "description": "On or after closes_on." },
            "places": array_of(r("Place")),
        }), &["name", "opens_on", "closes_on", "starts_on"]),
        "PersonSummary": object(json!({
            "id": uuid(),
            "given_name": { "type": "string" },
            "family_name": { "type": "string" },
            "email": { "type": "string" },
            "language": r("Language"),
            "organisation_id": { "type": ["string", "null"], "format": "uuid" },
            "organisation_name": nullable("string"),
            "job_title": nullable("string"),
            "profession": nullable("string"),
            "grade_system": nullable_ref("GradeSystem"),
            "grade": nullable("string"),
        })),
        "PeoplePage": object(json!({
            "items": array_of(r("PersonSummary")),
            "total": { "type": "integer" },
            "offset": { "type": "integer" },
            "limit": { "type": "integer" },
        })),
        "LineManager": object(json!({
            "id": uuid(),
            "name": { "type": ["string", "null"], "description": "null when the caller may not see the manager." },
        })),
        "Employment": object(json!({
            "id": uuid(),
            "organisation_id": uuid(),
            "organisation_name": { "type": "string" },
            "job_title": { "type": "string" },
            "profession": { "type": "string" },
            "grade_system": r("GradeSystem"),
            "grade": { "type": "string" },
            "line_manager": nullable_ref("LineManager"),
            "primary": { "type": "boolean" },
        })),
        "Person": object(json!({
            "id": uuid(),
            "given_name": { "type": "string" },
            "family_name": { "type": "string" },
            "email": { "type": "string" },
            "language": r("Language"),
            "employments": { "type": "array", "items": r("Employment"), "description": "Employments at organisations the caller may see." },
            "hidden_employments": { "type": "integer", "description": "Employments elsewhere: counted, not shown." },
            "has_account": { "type": "boolean" },
        })),
        "PersonInput": input(person_input, &["given_name", "family_name", "email", "organisation_id", "job_title", "profession", "grade_system", "grade"]),
        "CellError": object(json!({
            "column": { "type": "string" },
            "code": { "type": "string", "description": "Stable code, e.g. `import.unknown_organisation`, `import.organisation_not_allowed`." },
            "message": { "type": "string" },
            "params": { "type": "object", "additionalProperties": { "type": "string" } },
        })),
        "ImportRow": row,
        "ImportPreview": object(json!({
            "dry_run": { "type": "boolean", "const": true },
            "valid": { "type": "boolean" },
            "creates": { "type": "integer" },
            "updates": { "type": "integer" },
            "unchanged": { "type": "integer" },
            "rows_with_errors": { "type": "integer" },
            "rows": array_of(r("ImportRow")),
        })),
        "ImportOutcome": object(json!({
            "dry_run": { "type": "boolean", "const": false },
            "created": { "type": "integer" },
            "updated": { "type": "integer" },
            "unchanged": { "type": "integer" },
        })),
    })
}

fn error_response(description: &str) -> Value {
    ok(description, r("Error"))
}

/// One JSON object from the core entries and each area's (an entry defined twice is a bug).
fn merged<const N: usize>(core: Value, areas: [serde_json::Map<String, Value>; N]) -> Value {
    let mut all = match core {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    for area in areas {
        for (k, v) in area {
            assert!(!all.contains_key(&k), "OpenAPI entry {k} defined twice");
            all.insert(k, v);
        }
    }
    Value::Object(all)
}

/// The whole document.
pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Tandem API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!("Tandem's JSON API: the scheme, organisations, programmes and intakes, and people with import and export.\n\n\
    Authenticate with `Authorization: Bearer <token>`; cookies are not accepted. Every error has the body \
    `{{\"error\": {{\"code\", \"message\", \"fields\": [{{\"field\", \"code\", \"message\"}}]}}}}`. Dates are ISO 8601 (`YYYY-MM-DD`). \
    JSON bodies may be at most {MAX_JSON_BYTES} bytes; unknown fields in them are ignored."),
            "license": { "name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later" },
        },
        "servers": [{ "url": "/" }],
        "security": [{ "bearerAuth": [] }],
        "tags": [
            { "name": "meta" }, { "name": "scheme" }, { "name": "organisations" }, { "name": "programmes" }, { "name": "intakes" }, { "name": "people" }, { "name": "applications" }, { "name": "mentors" }, { "name": "matching" }, { "name": "relationships" }, { "name": "sessions" }, { "name": "sets" }, { "name": "growth" }, { "name": "pairs" },
        ],
        "paths": merged(paths(), [super::applications::paths(), super::mentors::paths(), super::matching::paths(), super::sessions::paths(), super::sets::paths(), super::growth::paths(), super::pairs::paths()]),
        "components": {
            "securitySchemes": {
                "bearerAuth": { "type": "http", "scheme": "bearer", "description": "An API token created by a signed-in user." },
            },
            "schemas": merged(schemas(), [super::applications::schemas(), super::mentors::schemas(), super::matching::schemas(), super::sessions::schemas(), super::sets::schemas(), super::growth::schemas(), super::pairs::schemas()]),
            "responses": {
                "BadRequest": error_response("The request cannot be read (malformed JSON or query string)."),
                "Unauthenticated": {
                    "description": "No bearer token, or not a valid one.",
                    "headers": { "WWW-Authenticate": { "schema": { "type": "string" }, "description": "`Bearer realm=\"tandem\"`, with `error=\"invalid_token\"` when a token was sent." } },
                    "content": { "application/json": { "schema": r("Error") } },
                },
                "Forbidden": error_response("The caller's roles do not allow this."),
                "NotFound": error_response("No such resource, or one the caller may not know of."),
                "TooLarge": error_response("The body is larger than allowed."),
                "UnsupportedMediaType": error_response("The body's content type is not accepted here."),
                "Invalid": error_response("Some values are not valid; `fields` names each one."),
                "Conflict": error_response("Refused because of the state of things (a deadline passed, the data changed since it was read, a limit is reached); `message` says why. Nothing was changed."),
                "Internal": error_response("Something went wrong on the server; it has been logged."),
            },
        },
    })
}
