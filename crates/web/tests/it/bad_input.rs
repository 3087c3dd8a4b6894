//! Bad input, everywhere: a fuzz test driven by the OpenAPI document the server serves.
//!
//! For every operation with a request body or parameters, each string field of the body is sent a
//! battery of bad values (NUL, line breaks in one-line fields, a right-to-left override, 100 kB of
//! text, dates in year 0000 and 9999, a time "9:5", wrong types) and each number field negative,
//! huge and wrongly typed values, one at a time, as the scheme coordinator (or as a member of the
//! pair, for a pair's own records). Whatever the operation, the server must never answer 5xx; a
//! value the text rule refuses (`tandem_domain::text`) must be a 422 whose field errors name the
//! field, whenever the same request with a harmless value in that field was not refused for
//! another reason first (not found, not allowed, not now).
//!
//! The test reads the document, not a list of routes, so every operation added later is covered
//! without touching it. Its one list is [`BLOCKS`]: the fields where line breaks are allowed.
//!
//! The router here is the application itself, without the harness's response check
//! (`openapi_check`): that check is about documentation and has its own tests; here a 404 for a
//! made-up id is an expected answer, not a documentation failure.

use crate::harness::{PA, SC, api_token, on_backends};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Map, Value, json};
use tandem_domain::{Mode, ProgrammeRules};
use tower::ServiceExt;

/// Body fields that are blocks of text (line breaks allowed, see `tandem_domain::text::Shape`),
/// by property name. Every other string field is one line, and a line break in it must be refused.
const BLOCKS: &[&str] = &[
    "action",
    "action_points",
    "aim",
    "answers",
    "body",
    "description",
    "introduction",
    "interests",
    "issue",
    "learning",
    "note",
    "progress_note",
    "reason",
    "reflection",
    "summary",
    "text",
    "themes",
    "topics",
    "what_went_well",
    "content",
    "comment",
    "evidence",
    "goals",
    "ground_rules",
    "confidentiality_notes",
    "message",
];

/// One way a field can be made bad, and what the answer must then be.
struct Bad {
    label: &'static str,
    value: Value,
    /// The text rule refuses it: a 422 naming the field (413 is accepted for the long value).
    strict: bool,
}

fn string_battery(name: &str, schema: &Value) -> Vec<Bad> {
    let format = schema["format"].as_str().unwrap_or("");
    let is_time = schema["pattern"].as_str().is_some_and(|p| p.contains(':'));
    let block = BLOCKS.contains(&name)
        || schema["description"]
            .as_str()
            .is_some_and(|d| d.contains("line breaks"));
    let mut v = vec![
        Bad {
            label: "NUL",
            value: json!("a\u{0}b"),
            strict: true,
        },
        Bad {
            label: "escape (C0)",
            value: json!("a\u{1b}[31mb"),
            strict: true,
        },
        Bad {
            label: "C1 control",
            value: json!("a\u{85}b"),
            strict: true,
        },
        Bad {
            label: "right-to-left override",
            value: json!("abc\u{202e}fed"),
            strict: true,
        },
        Bad {
            label: "first-strong isolate",
            value: json!("abc\u{2068}def\u{2069}"),
            strict: true,
        },
        Bad {
            label: "CR LF",
            value: json!("line one\r\nline two"),
            strict: !block,
        },
        Bad {
            label: "lone CR",
            value: json!("line one\rline two"),
            strict: !block,
        },
        Bad {
            label: "100 kB",
            value: json!("x".repeat(100_000)),
            strict: true,
        },
        Bad {
            label: "a number",
            value: json!(12345),
            strict: true,
        },
        Bad {
            label: "an object",
            value: json!({ "a": 1 }),
            strict: true,
        },
    ];
    if format == "date" {
        for (label, d) in [
            ("year 0000", "0000-01-01"),
            ("year 9999", "9999-12-31"),
            ("year -001", "-001-06-01"),
            ("one-digit month", "2027-1-05"),
            ("30 February", "2027-02-30"),
        ] {
            v.push(Bad {
                label,
                value: json!(d),
                strict: true,
            });
        }
    }
    if is_time {
        for (label, t) in [("9:5", "9:5"), ("24:00", "24:00"), ("09:60", "09:60")] {
            v.push(Bad {
                label,
                value: json!(t),
                strict: true,
            });
        }
    }
    v
}

fn number_battery(schema: &Value) -> Vec<Bad> {
    let non_negative = schema["minimum"].as_f64().is_some_and(|m| m >= 0.0);
    let bounded = schema["maximum"].is_number();
    vec![
        Bad {
            label: "negative",
            value: json!(-1),
            strict: non_negative,
        },
        Bad {
            label: "very negative",
            value: json!(i64::MIN),
            strict: non_negative,
        },
        Bad {
            label: "huge",
            value: json!(4_000_000_000_000u64),
            strict: bounded,
        },
        Bad {
            label: "beyond 64 bits",
            value: json!(1e30),
            strict: true,
        },
        Bad {
            label: "a string",
            value: json!("seven"),
            strict: true,
        },
    ]
}

/// Follows `$ref`s and picks the non-null variant of `oneOf`/`anyOf`; an `allOf` is merged into
/// one object schema.
fn resolve(doc: &Value, s: &Value) -> Value {
    let s = follow(doc, s);
    let Some(parts) = s["allOf"].as_array() else {
        return s.clone();
    };
    let mut props = Map::new();
    for part in parts {
        let part = resolve(doc, part);
        if let Some(p) = part["properties"].as_object() {
            props.extend(p.clone());
        }
    }
    json!({ "type": "object", "properties": props })
}

fn follow<'a>(doc: &'a Value, mut s: &'a Value) -> &'a Value {
    for _ in 0..16 {
        if let Some(r) = s["$ref"].as_str() {
            s = doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or(&Value::Null);
            continue;
        }
        let variants = ["oneOf", "anyOf"].iter().find_map(|k| s[*k].as_array());
        if let Some(vs) = variants {
            match vs.iter().find(|v| v["type"] != "null") {
                Some(v) => {
                    s = v;
                    continue;
                }
                None => return s,
            }
        }
        return s;
    }
    s
}

/// The schema's type, ignoring `null`.
fn kind(s: &Value) -> &str {
    match &s["type"] {
        Value::String(t) => t,
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if s["properties"].is_object() => "object",
        _ => "",
    }
}

/// Ids of the seeded world, by the collection a path or property names.
struct Ids {
    organisation: String,
    person: String,
    programme: String,
    intake: String,
    relationship: String,
    application: String,
    session: String,
    mentee: String,
    mentor: String,
}

impl Ids {
    fn for_segment(&self, collection: &str) -> String {
        match collection {
            "organisations" => self.organisation.clone(),
            "people" => self.person.clone(),
            "programmes" => self.programme.clone(),
            "intakes" => self.intake.clone(),
            "relationships" => self.relationship.clone(),
            "applications" => self.application.clone(),
            "sessions" => self.session.clone(),
            _ => "0190f0a0-0000-7000-8000-000000000000".to_string(),
        }
    }

    fn for_property(&self, name: &str) -> String {
        match name {
            "organisation_id" | "organisation" => self.organisation.clone(),
            "programme_id" => self.programme.clone(),
            "intake_id" => self.intake.clone(),
            "relationship_id" => self.relationship.clone(),
            n if n.ends_with("person_id") || n == "host" || n == "person" => self.person.clone(),
            _ => "0190f0a0-0000-7000-8000-000000000000".to_string(),
        }
    }
}

/// A harmless instance of a schema: what a form would send, so that the request gets as far as
/// the field checks.
fn sample(doc: &Value, ids: &Ids, name: &str, schema: &Value, depth: usize) -> Value {
    let s = &resolve(doc, schema);
    // Values a form would send where the type alone does not say enough (only where the schema
    // allows them: `mode` is a way of meeting in one place and a weight in another).
    let hint = match name {
        "mode" | "channel" => json!("video"),
        "modes" => json!(["video"]),
        "kind" => json!("single_choice"),
        "options" => json!(["Yes", "No"]),
        "grade" => json!("6"),
        "lowest" => json!("5"),
        "highest" => json!("7"),
        "key" => json!("q1"),
        "languages" => json!(["en"]),
        "conflicts" | "nominees" => json!([]),
        "work_phone" | "mobile_phone" => json!("020 7946 0000"),
        "line_manager_email" | "shortlist" => Value::Null,
        "done_on" | "held_on" | "completed_on" | "written_on" => json!("2025-06-02"),
        "first" | "mentee" => json!(ids.mentee),
        "second" | "mentor" => json!(ids.mentor),
        _ => json!("no hint"),
    };
    let allowed = match (s["enum"].as_array(), &hint) {
        (_, Value::String(h)) if h == "no hint" => false,
        (Some(e), h) => e.contains(h),
        (None, _) => !(kind(s) == "string" && hint.is_array()),
    };
    if allowed {
        return hint;
    }
    if let Some(e) = s["enum"].as_array().and_then(|e| e.first()) {
        return e.clone();
    }
    if depth > 6 {
        return Value::Null;
    }
    match kind(s) {
        "string" => match s["format"].as_str().unwrap_or("") {
            "uuid" => json!(ids.for_property(name)),
            "date" => json!("2030-06-03"),
            "date-time" => json!("2030-06-03T10:00:00Z"),
            _ if s["pattern"].as_str().is_some_and(|p| p.contains(':')) => json!("10:00"),
            _ if name.contains("email") => json!("fuzz.sample@alpha.example.org"),
            _ if name.contains("link") || name.contains("url") => {
                json!("https://meet.example.org/fuzz")
            }
            _ => json!("Fuzz value"),
        },
        "integer" | "number" => {
            let lo = s["minimum"].as_i64().unwrap_or(1).max(1);
            let hi = s["maximum"].as_i64().unwrap_or(i64::MAX);
            json!(lo.min(hi))
        }
        "boolean" => json!(false),
        "array" => json!([sample(doc, ids, name, &s["items"], depth + 1)]),
        "object" => {
            let mut m = Map::new();
            if let Some(props) = s["properties"].as_object() {
                for (k, v) in props {
                    m.insert(k.clone(), sample(doc, ids, k, v, depth + 1));
                }
            }
            Value::Object(m)
        }
        _ => Value::Null,
    }
}

/// One step of a path into a body.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index,
}

/// Every scalar leaf of a sampled body, with its schema: where to put a bad value.
fn leaves(
    doc: &Value,
    schema: &Value,
    path: Vec<Step>,
    out: &mut Vec<(Vec<Step>, Value)>,
    depth: usize,
) {
    let s = resolve(doc, schema);
    // Fields only responses carry are read and dropped in requests.
    if depth > 6 || s["readOnly"] == true || schema["readOnly"] == true {
        return;
    }
    match kind(&s) {
        "object" => {
            if let Some(props) = s["properties"].as_object() {
                for (k, v) in props {
                    let mut p = path.clone();
                    p.push(Step::Key(k.clone()));
                    leaves(doc, v, p, out, depth + 1);
                }
            }
        }
        "array" => {
            let mut p = path.clone();
            p.push(Step::Index);
            leaves(doc, &s["items"], p, out, depth + 1);
        }
        "string" | "integer" | "number" if !path.is_empty() => out.push((path, s.clone())),
        _ => {}
    }
}

/// Puts `value` at `path`; false when the harmless body has no such place (an empty list).
fn set(body: &mut Value, path: &[Step], value: Value) -> bool {
    let mut at = body;
    for step in path {
        at = match step {
            Step::Key(k) => match at.get_mut(k.as_str()) {
                Some(v) => v,
                None => return false,
            },
            Step::Index => match at.get_mut(0) {
                Some(v) => v,
                None => return false,
            },
        };
    }
    *at = value;
    true
}

fn leaf_name(path: &[Step]) -> String {
    path.iter()
        .rev()
        .find_map(|s| match s {
            Step::Key(k) => Some(k.clone()),
            Step::Index => None,
        })
        .unwrap_or_default()
}

/// Whether a field error names the field at `path`: its own name, the name of the property it
/// is inside (`places[0].places`, `rules.session_cap`), or the serde path to it.
/// A list's items may be named by their own key (`question_q1` for an item of `questions`).
fn names(error_field: &str, path: &[Step]) -> bool {
    let keys: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Index => None,
        })
        .collect();
    let head = error_field.split(['.', '[']).next().unwrap_or_default();
    let leaf = leaf_name(path);
    keys.contains(&error_field)
        || keys.contains(&head)
        || error_field.ends_with(&format!(".{leaf}"))
        || keys.iter().any(|k| {
            k.strip_suffix('s')
                .is_some_and(|one| error_field.starts_with(&format!("{one}_")))
        })
}

struct Answer {
    status: StatusCode,
    body: Value,
}

impl Answer {
    fn fields(&self) -> Vec<String> {
        self.body["error"]["fields"]
            .as_array()
            .map(|fs| {
                fs.iter()
                    .filter_map(|f| f["field"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

async fn send(
    app: &Router,
    method: &Method,
    uri: &str,
    token: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Answer {
    let mut req = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::from(body)).expect("request"))
        .await
        .expect("infallible");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Answer {
        status,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// Percent-encodes a query or path value.
fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An operation of the document, ready to call.
struct Op {
    method: Method,
    template: String,
    uri: String,
    json_body: Option<Value>,
    other_body: Option<String>,
    query: Vec<(String, Value)>,
    /// May end or decide something (a relationship, an application): run after the others.
    last: bool,
}

fn operations(doc: &Value, ids: &Ids) -> Vec<Op> {
    let mut ops = Vec::new();
    for (template, item) in doc["paths"].as_object().expect("paths") {
        for (m, op) in item.as_object().expect("path item") {
            let Ok(method) = m.to_ascii_uppercase().parse::<Method>() else {
                continue;
            };
            if !matches!(m.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                continue;
            }
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let content = op["requestBody"]["content"].as_object();
            if params.is_empty() && content.is_none() {
                continue;
            }
            // Path parameters get ids of the seeded world, by the collection before them.
            let mut uri = String::new();
            let mut previous = "";
            for seg in template.split('/').filter(|s| !s.is_empty()) {
                uri.push('/');
                if seg.starts_with('{') {
                    uri.push_str(&ids.for_segment(previous));
                } else {
                    uri.push_str(seg);
                }
                previous = seg;
            }
            let query = params
                .iter()
                .filter(|p| p["in"] == "query")
                .map(|p| {
                    let name = p["name"].as_str().unwrap_or_default().to_string();
                    (name, p["schema"].clone())
                })
                .collect();
            let last = [
                "status", "ending", "decision", "response", "remove", "cancel",
            ]
            .iter()
            .any(|w| template.ends_with(w))
                || method == Method::DELETE;
            ops.push(Op {
                method,
                template: template.clone(),
                uri,
                json_body: content
                    .and_then(|c| c.get("application/json"))
                    .map(|c| c["schema"].clone()),
                other_body: content
                    .and_then(|c| c.keys().find(|k| *k != "application/json").cloned()),
                last,
                query,
            });
        }
    }
    // What may end or decide something goes last, so that the others find the world as it was.
    ops.sort_by_key(|o| o.last);
    ops
}

/// How far a harmless request got: accepted, refused field by field (fewer errors is further),
/// or stopped before its fields were looked at.
fn rank(a: &Answer) -> usize {
    if a.status.is_success() {
        0
    } else if a.status == StatusCode::UNPROCESSABLE_ENTITY {
        1 + a.fields().len()
    } else if matches!(a.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) {
        1000
    } else {
        // Refused for the state of things: past the access check at least.
        500
    }
}

fn json_bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("json")
}

#[tokio::test]
async fn no_bad_value_is_a_server_error_and_text_rule_refusals_name_the_field() {
    on_backends(|w| async move {
        let rules = ProgrammeRules {
            modes: vec![Mode::Video, Mode::InPerson],
            ..ProgrammeRules::default()
        };
        let (m, r) = w.active_mentoring(rules).await;
        // The application without the harness's documentation check (see the module comment).
        let app = tandem_web::app(w.state.clone());
        let coordinator = api_token(&w, SC).await;
        let member = api_token(&w, PA).await;
        let json_ct = Some("application/json");
        // A proposed session, so that the session operations reach their checks.
        let when = (w.ctx.now() + chrono::Duration::days(14)).date_naive();
        let booked = send(
            &app,
            &Method::POST,
            &format!("/api/v1/relationships/{}/bookings", r.id),
            &member,
            json_ct,
            json_bytes(
                &json!({ "date": when.to_string(), "start": "10:00", "minutes": 60,
                "mode": "video", "link": "https://meet.example.org/fuzz" }),
            ),
        )
        .await;
        assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
        let ids = Ids {
            organisation: w.org_a.to_string(),
            person: w.staff_a[0].to_string(),
            programme: m.programme.id.to_string(),
            intake: m.intake.id.to_string(),
            relationship: r.id.to_string(),
            application: m.mentee.id.to_string(),
            session: booked.body["id"].as_str().expect("session id").to_string(),
            mentee: m.mentee.person_id.to_string(),
            mentor: m.mentor.person_id.to_string(),
        };

        // The document the server serves, not the snapshot: operations added later are covered.
        let served = send(
            &app,
            &Method::GET,
            "/api/openapi.json",
            &coordinator,
            None,
            vec![],
        )
        .await;
        assert_eq!(served.status, StatusCode::OK);
        let doc = served.body;
        let ops = operations(&doc, &ids);
        assert!(ops.len() > 50, "the document lists the API's operations");

        let mut failures: Vec<String> = Vec::new();
        let mut checked_strict = 0usize;
        let mut requests = 0usize;
        for op in &ops {
            let label = format!("{} {}", op.method, op.template);
            // Query parameters: bad values may be refused or ignored, never a server error.
            for (name, schema) in &op.query {
                let s = resolve(&doc, schema);
                let values: Vec<String> = match kind(&s) {
                    "integer" | "number" => vec!["-1".into(), "1e400".into(), "seven".into()],
                    _ => vec!["a\0b".into(), "a\u{202e}b".into(), "x".repeat(20_000)],
                };
                for v in values {
                    let uri = format!("{}?{name}={}", op.uri, enc(&v));
                    // The body is not what is tested here; none is enough.
                    let a = send(&app, &op.method, &uri, &coordinator, None, vec![]).await;
                    requests += 1;
                    if a.status.is_server_error() {
                        failures.push(format!("{label} query {name}={v:.20?}: {}", a.status));
                    }
                }
            }
            // Other media types (CSV and XLSX imports): garbage is refused, never a server error.
            if let Some(ct) = &op.other_body {
                let garbage: [&[u8]; 3] = [
                    b"\0\0\0\xff\xfe",
                    "given_name,email\n\u{202e}Ann,a\0@x.org\r\n".as_bytes(),
                    &[b'x'; 100_000],
                ];
                for g in garbage {
                    let a = send(
                        &app,
                        &op.method,
                        &op.uri,
                        &coordinator,
                        Some(ct),
                        g.to_vec(),
                    )
                    .await;
                    requests += 1;
                    if a.status.is_server_error() {
                        failures.push(format!("{label} {ct} garbage: {}", a.status));
                    }
                }
            }
            let Some(schema) = &op.json_body else {
                continue;
            };
            let base = sample(&doc, &ids, "", schema, 0);
            // Whose request gets furthest, the coordinator's or a member's of the pair: asked with
            // an empty body where the harmless one could end or decide something.
            let probe = if op.last { json!({}) } else { base.clone() };
            let as_coordinator = send(
                &app,
                &op.method,
                &op.uri,
                &coordinator,
                json_ct,
                json_bytes(&probe),
            )
            .await;
            let as_member = send(
                &app,
                &op.method,
                &op.uri,
                &member,
                json_ct,
                json_bytes(&probe),
            )
            .await;
            requests += 2;
            let token = if rank(&as_member) < rank(&as_coordinator) {
                &member
            } else {
                &coordinator
            };
            let mut fields = Vec::new();
            leaves(&doc, schema, vec![], &mut fields, 0);
            let mut answers = Vec::new();
            for (path, leaf) in &fields {
                let name = leaf_name(path);
                let battery = match kind(leaf) {
                    "string" if leaf["enum"].is_array() => string_battery(&name, &json!({}))
                        .into_iter()
                        .filter(|b| b.value.is_string())
                        .take(2)
                        .collect(),
                    "string" => string_battery(&name, leaf),
                    _ => number_battery(leaf),
                };
                for bad in battery {
                    let mut body = base.clone();
                    if !set(&mut body, path, bad.value.clone()) {
                        break;
                    }
                    let a =
                        send(&app, &op.method, &op.uri, token, json_ct, json_bytes(&body)).await;
                    requests += 1;
                    answers.push((
                        format!("{label} {path:?} = {}", bad.label),
                        path.clone(),
                        bad,
                        a,
                    ));
                }
            }
            // The harmless body last, so that bad values meet the world as it was.
            let baseline = send(&app, &op.method, &op.uri, token, json_ct, json_bytes(&base)).await;
            requests += 1;
            if std::env::var_os("TANDEM_FUZZ_DEBUG").is_some() {
                eprintln!(
                    "BASELINE {label}: {} {}",
                    baseline.status,
                    baseline
                        .body
                        .to_string()
                        .chars()
                        .take(300)
                        .collect::<String>()
                );
            }
            if baseline.status.is_server_error() {
                failures.push(format!("{label} harmless body: {}", baseline.status));
            }
            // Reached the field checks: accepted, or refused field by field.
            let reached =
                baseline.status.is_success() || baseline.status == StatusCode::UNPROCESSABLE_ENTITY;
            for (what, path, bad, a) in answers {
                if a.status.is_server_error() {
                    failures.push(format!("{what}: {} {}", a.status, a.body));
                    continue;
                }
                if !bad.strict {
                    continue;
                }
                if a.status.is_success() {
                    failures.push(format!("{what}: accepted ({})", a.status));
                    continue;
                }
                let refused_here = a.status == StatusCode::UNPROCESSABLE_ENTITY
                    && a.fields().iter().any(|f| names(f, &path));
                let too_large = bad.label == "100 kB" && a.status == StatusCode::PAYLOAD_TOO_LARGE;
                if reached {
                    checked_strict += 1;
                    if !(refused_here || too_large) {
                        failures.push(format!(
                            "{what}: {} {} (wanted 422 naming the field)",
                            a.status,
                            a.body.to_string().chars().take(300).collect::<String>()
                        ));
                    }
                } else if !(a.status == baseline.status
                    || a.status == StatusCode::UNPROCESSABLE_ENTITY
                    || too_large)
                {
                    failures.push(format!(
                        "{what}: {} where the harmless body had {}",
                        a.status, baseline.status
                    ));
                }
            }
        }
        eprintln!(
            "bad input: {} operations, {requests} requests, {checked_strict} strict checks",
            ops.len()
        );
        assert!(
            checked_strict > 300,
            "most operations reach their checks ({checked_strict})"
        );
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    })
    .await;
}

/// The pages apply the same rule: the form comes back (422) with the NHS error summary and the
/// rule's message, nothing is written, and a block's Windows line ends are stored as `\n`.
#[tokio::test]
async fn pages_refuse_what_the_rule_refuses_and_say_why() {
    on_backends(|w| async move {
        let mut pat = w.signed_in(PA).await;
        let today = w.ctx.now().date_naive();
        let form = |day: &str, month: &str, year: &str, activity: &str, reflection: &str| {
            vec![
                ("done_on-day".to_string(), day.to_string()),
                ("done_on-month".to_string(), month.to_string()),
                ("done_on-year".to_string(), year.to_string()),
                ("activity".to_string(), activity.to_string()),
                ("hours".to_string(), "1".to_string()),
                ("reflection".to_string(), reflection.to_string()),
            ]
        };
        for (f, message) in [
            (
                form("31", "12", "1899", "Course", ""),
                "Enter a date between 1 1 1900 and 31 12 2100",
            ),
            (
                form("1", "1", "9999", "Course", ""),
                "Enter a date between 1 1 1900 and 31 12 2100",
            ),
            (
                form("1", "3", "2026", "Cour\u{202e}se", ""),
                "Remove the hidden characters that change the direction of the text",
            ),
            (
                form("1", "3", "2026", "Course\r\nTwo", ""),
                "Must not contain control characters",
            ),
            (
                form("1", "3", "2026", "Course", "Bell\u{7}"),
                "Must not contain control characters",
            ),
        ] {
            let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let page = pat.post("/cpd", &refs).await;
            page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            assert!(page.contains("nhsuk-error-summary"), "{f:?}");
            assert!(page.contains(message), "{f:?} should say {message:?}");
        }
        let me = w.participant;
        assert!(w.ctx.store.cpd_activities_of(me).await.unwrap().is_empty());

        let day = today.format("%d").to_string();
        let month = today.format("%m").to_string();
        let year = today.format("%Y").to_string();
        let f = form(&day, &month, &year, "Cafe\u{301} talk", "One\r\nTwo\rThree");
        let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        pat.post("/cpd", &refs)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let saved = w.ctx.store.cpd_activities_of(me).await.unwrap();
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].activity, "Caf\u{e9} talk");
        assert_eq!(saved[0].reflection, "One\nTwo\nThree");
    })
    .await;
}
