//! The decisive test of `tandem copy` (tandem_storage::copy): the demo, played through the use
//! cases into SQLite, copied into a fresh PostgreSQL database and served from there by two
//! instances, answers every API listing and a handful of pages exactly as the SQLite original
//! does, for people of every kind of role.
//!
//! The GET operations come from the generated OpenAPI document, so an endpoint added later is
//! requested too; path parameters are filled with ids found in earlier answers (a crawl), up to
//! a few per endpoint and person. Sign-ins (browser sessions and API tokens) are made on the
//! source before the copy, so the same cookie and token work on both sides and nothing is
//! written afterwards. Both applications run on one fixed clock. Nothing is normalised: the
//! CSRF token in a page is the session's, which the copy carries, so pages are compared byte for
//! byte, as are API answers (JSON, CSV, iCalendar).
//!
//! PostgreSQL only: without `TANDEM_TEST_POSTGRES_URL` it says so and returns, and it fails
//! under `TANDEM_TEST_REQUIRE_POSTGRES=1` (`scripts/test.sh` runs it in its PostgreSQL phase).

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tandem_app::{Clock, Context, Settings};
use tandem_storage::Store;
use tandem_test_support::{TempPgDatabase, postgres_url};
use tandem_web::{AppState, WebConfig};
use tower::ServiceExt;

/// Ids tried per endpoint and person: enough to reach real records of every kind, few enough
/// to keep the test quick.
const IDS_PER_ENDPOINT: usize = 4;

/// The time both applications see.
struct Fixed(DateTime<Utc>);

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn app(store: Store, clock: Arc<Fixed>) -> Router {
    let ctx = Context::with_clock(
        store,
        Arc::new(tandem_mail::MemoryMailer::new()),
        Settings::default(),
        clock,
    );
    crate::openapi_check::checked(tandem_web::app(AppState::new(ctx, web_config())))
}

fn web_config() -> WebConfig {
    WebConfig {
        cookie_secure: false,
        ..WebConfig::default()
    }
}

/// One answer: status, content type and body.
#[derive(Debug, PartialEq, Eq)]
struct Answer {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

/// Each file of a zip with its number of lines (the research export's shape, which does not
/// depend on how its respondents were numbered).
fn zip_rows(bytes: &[u8]) -> Vec<(String, usize)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("an entry");
        let mut text = String::new();
        f.read_to_string(&mut text).expect("text");
        out.push((f.name().expect("a name").to_string(), text.lines().count()));
    }
    out.sort();
    out
}

async fn get(app: &Router, path: &str, auth: &Auth) -> Answer {
    let mut req = Request::get(path);
    req = match auth {
        Auth::Bearer(t) => req.header(header::AUTHORIZATION, format!("Bearer {t}")),
        Auth::Cookie(c) => req.header(header::COOKIE, c.as_str()),
    };
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        content_type,
        body,
    }
}

enum Auth {
    Bearer(String),
    Cookie(String),
}

/// The resource a path parameter names: the segment before `{id}`.
fn resource_of_param(template: &str) -> Option<String> {
    let segments: Vec<&str> = template.split('/').collect();
    let at = segments.iter().position(|s| s.starts_with('{'))?;
    Some(segments[at - 1].to_string())
}

/// The resource an id-bearing key names: `intake_id` → `intakes`, `person_id` → `people`,
/// `run_id` → `match-runs`, `meeting_id` → `set-meetings`.
fn resource_of_key(key: &str) -> Option<String> {
    let stem = key.strip_suffix("_id")?;
    Some(match stem {
        "person" | "manager" | "line_manager" | "mentor_person" | "mentee_person" | "host" => {
            "people".into()
        }
        "run" | "match_run" => "match-runs".into(),
        "meeting" => "set-meetings".into(),
        "set" => "sets".into(),
        other => format!("{}s", other.replace('_', "-")),
    })
}

/// The resource a listing path lists: its last literal segment (`/api/v1/me/relationships` →
/// `relationships`).
fn resource_listed(path: &str) -> String {
    path.split('?')
        .next()
        .unwrap_or(path)
        .rsplit('/')
        .find(|s| !s.is_empty() && uuid::Uuid::parse_str(s).is_err())
        .map(alias)
        .unwrap_or_default()
}

/// The resource a listing's name stands for: a relationship's `bookings` are `sessions`, a
/// set's `meetings` are `set-meetings`, one's `received` and `sent` requests `peer-requests`.
fn alias(name: &str) -> String {
    match name {
        "bookings" => "sessions",
        "meetings" => "set-meetings",
        // One's conversation requests come as those received and those sent.
        "received" | "sent" => "peer-requests",
        other => other,
    }
    .to_string()
}

/// Collects ids from an answer: `id` of the top object and of the items of a top-level array
/// (under the listed resource), of the items of a top object's array field (under the resource
/// the field names), and every `…_id` value anywhere
/// (under the resource its key names); see [`alias`]. An action learning set is a relationship, so the
/// relationships found are also tried as sets.
fn harvest(path: &str, body: &Value, ids: &mut Ids) {
    fn is_uuid(v: &Value) -> Option<String> {
        let s = v.as_str()?;
        uuid::Uuid::parse_str(s).ok().map(|_| s.to_string())
    }
    fn walk(v: &Value, ids: &mut Ids) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    if let (Some(r), Some(id)) = (resource_of_key(k), is_uuid(v)) {
                        ids.add(r, id, false);
                    }
                    walk(v, ids);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, ids)),
            _ => {}
        }
    }
    walk(body, ids);
    let listed = resource_listed(path);
    let mut top = |v: &Value| {
        if let Some(id) = v.get("id").and_then(is_uuid) {
            ids.add(listed.clone(), id, booked(v));
        }
    };
    match body {
        Value::Array(items) => items.iter().for_each(&mut top),
        Value::Object(m) => {
            top(body);
            for (k, v) in m {
                for item in v.as_array().into_iter().flatten() {
                    if let Some(id) = item.get("id").and_then(is_uuid) {
                        ids.add(alias(k), id, booked(item));
                    }
                }
            }
        }
        _ => {}
    }
    for id in ids.of("relationships").to_vec() {
        ids.add("sets".into(), id, false);
    }
}

/// Whether an item is a session booked with a time: only those have a calendar, so they are
/// tried first.
fn booked(item: &Value) -> bool {
    item.get("starts_at").is_some_and(|v| !v.is_null())
}

/// Ids found so far, per resource, without repeats, in the order they are to be tried.
#[derive(Default)]
struct Ids(BTreeMap<String, Vec<String>>);

impl Ids {
    fn add(&mut self, resource: String, id: String, first: bool) {
        let list = self.0.entry(resource).or_default();
        if let Some(at) = list.iter().position(|i| *i == id) {
            if !first {
                return;
            }
            list.remove(at);
        }
        if first {
            list.insert(0, id);
        } else {
            list.push(id);
        }
    }

    fn of(&self, resource: &str) -> &[String] {
        self.0.get(resource).map_or(&[], Vec::as_slice)
    }
}

/// Requests `path` from the original and from the copy (the two instances in turn), fails on
/// any difference, and returns the answer.
struct Comparer {
    original: Router,
    copies: [Router; 2],
    turn: usize,
    compared: usize,
}

impl Comparer {
    async fn compare(&mut self, path: &str, auth: &Auth, who: &str) -> Answer {
        let want = get(&self.original, path, auth).await;
        let copy = &self.copies[self.turn % 2];
        self.turn += 1;
        let got = get(copy, path, auth).await;
        self.compared += 1;
        // The research export numbers its respondents afresh, in a random order, every time
        // (so two exports cannot be linked): two exports of one database differ too. Compare
        // what must not differ: the answer, its type, and the rows of every file in the zip.
        let export = path.ends_with("/research-export") || path.ends_with("/research.zip");
        if export && want.content_type.starts_with("application/zip") {
            assert_eq!(
                (want.status, &want.content_type),
                (got.status, &got.content_type),
                "GET {path} as {who}"
            );
            assert_eq!(
                zip_rows(&want.body),
                zip_rows(&got.body),
                "GET {path} as {who}"
            );
            return want;
        }
        // The audit log holds the entries of the exports this comparison itself makes, one
        // written on each side with a fresh random id (the rest is equal: same clock, same
        // order). Compare everything but those ids.
        if path.starts_with("/api/v1/audit") && want.status == got.status {
            let strip = |body: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(body).expect("json");
                for e in v["entries"].as_array_mut().into_iter().flatten() {
                    e.as_object_mut().map(|o| o.remove("id"));
                }
                v
            };
            assert_eq!(strip(&want.body), strip(&got.body), "GET {path} as {who}");
            return want;
        }
        if got != want {
            let (w, g) = (
                String::from_utf8_lossy(&want.body),
                String::from_utf8_lossy(&got.body),
            );
            let at = w
                .char_indices()
                .zip(g.chars())
                .find(|((_, a), b)| a != b)
                .map_or(w.len().min(g.len()), |((i, _), _)| i);
            let from = at.saturating_sub(200);
            panic!(
                "GET {path} as {who} differs: SQLite {} {}, PostgreSQL {} {}\n\
                 SQLite:     …{}…\nPostgreSQL: …{}…",
                want.status,
                want.content_type,
                got.status,
                got.content_type,
                w.get(from..(at + 200).min(w.len())).unwrap_or(""),
                g.get(from..(at + 200).min(g.len())).unwrap_or(""),
            );
        }
        want
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_copied_demo_serves_every_listing_and_page_as_the_original() {
    let Some(admin) = postgres_url() else { return };

    // The demo, played into a SQLite file, with a browser session and an API token for one
    // person of each kind of role.
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite_url = format!("sqlite:{}", dir.path().join("demo.db").display());
    let sqlite = Store::connect(&sqlite_url).await.expect("SQLite");
    sqlite.migrate().await.expect("migrate");
    let sign_ins = tandem_demo::play::load(&sqlite, &tandem_demo::generate(2026))
        .await
        .expect("play the demo");
    let clock = Arc::new(Fixed(Utc::now()));
    let source_ctx = Context::with_clock(
        sqlite.clone(),
        Arc::new(tandem_mail::MemoryMailer::new()),
        Settings::default(),
        clock.clone(),
    );
    let wanted = [
        "Scheme coordinator",
        "Administrator",
        "Organisation coordinator (St Clement's Hospice)",
        "Evaluator",
        "Participant (mentee, active match)",
        "Participant (action learning set)",
        "Participant (Paired Learning: Registrars and Managers)",
        // The assessor the peer network's story gives conversation requests in every state.
        "Participant (Online Action Learning for Social Work Assessors)",
    ];
    let mut people = Vec::new();
    for label in wanted {
        let s = sign_ins
            .iter()
            .find(|s| s.role_label == label)
            .unwrap_or_else(|| panic!("the demo has no {label}"));
        let session =
            tandem_app::accounts::sign_in(&source_ctx, &s.email, tandem_demo::play::DEMO_PASSWORD)
                .await
                .expect("sign in");
        let user = tandem_app::accounts::user_for_account(&source_ctx, session.account_id)
            .await
            .expect("user")
            .expect("an account");
        let token = tandem_app::accounts::create_api_token(&source_ctx, &user, "copy test")
            .await
            .expect("API token");
        let cookie = format!(
            "{}={}",
            tandem_web::session::session_cookie(&web_config()),
            session.token
        );
        people.push((label, Auth::Bearer(token), Auth::Cookie(cookie)));
    }

    // The copy, and two instances serving it, each with its own pool.
    let target = TempPgDatabase::create(&admin).await;
    let report = tandem_storage::copy::copy_sqlite_to_postgres(&sqlite_url, &target.url, |_| {})
        .await
        .expect("copy");
    assert!(
        report
            .tables
            .iter()
            .any(|t| t.table == "people" && t.rows >= 400)
    );
    let (first, second) = (
        Store::connect(&target.url).await.expect("PostgreSQL"),
        Store::connect(&target.url).await.expect("PostgreSQL"),
    );
    let mut cmp = Comparer {
        original: app(sqlite.clone(), clock.clone()),
        copies: [
            app(first.clone(), clock.clone()),
            app(second.clone(), clock.clone()),
        ],
        turn: 0,
        compared: 0,
    };

    // Every GET operation of the API, for everyone, crawling ids from the answers.
    let doc = crate::openapi_check::document();
    let templates: Vec<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .filter(|(_, item)| item.get("get").is_some())
        .map(|(p, _)| p.clone())
        .collect();
    let mut ok_per_template: BTreeMap<String, usize> =
        templates.iter().map(|t| (t.clone(), 0)).collect();
    let mut all_ids = Ids::default();
    for (who, bearer, _) in &people {
        let mut ids = Ids::default();
        let mut done: BTreeSet<String> = BTreeSet::new();
        // Rounds until no new request: ids found in one round open paths in the next.
        loop {
            let mut requests = Vec::new();
            for t in &templates {
                // An export is named by its kind, not by an id: one every demo holds.
                if t.contains("{kind}") {
                    let path = t.replace("{kind}", "relationships") + "?format=csv";
                    requests.push((t.clone(), path));
                    continue;
                }
                match resource_of_param(t) {
                    // An export is named by its kind, not by an id: one the demo holds.
                    None => {
                        requests.push((t.clone(), t.replace("{kind}", "relationships?format=csv")))
                    }
                    Some(r) => {
                        for id in ids.of(&r).iter().take(IDS_PER_ENDPOINT) {
                            // A table download names its file after the id: one every
                            // programme's evaluation has.
                            let path = t
                                .replacen("{id}", id, 1)
                                .replace("{file}", "participation.csv");
                            requests.push((t.clone(), path));
                        }
                    }
                }
            }
            // The people listing page by page, as an operator's client reads it.
            for offset in [0, 50, 150, 350] {
                let p = format!("/api/v1/people?offset={offset}&limit=50");
                requests.push(("/api/v1/people".into(), p));
            }
            requests.retain(|(_, p)| !done.contains(p));
            if requests.is_empty() {
                break;
            }
            for (t, path) in requests {
                done.insert(path.clone());
                let answer = cmp.compare(&path, bearer, who).await;
                if answer.status.is_success() {
                    *ok_per_template.get_mut(&t).expect("known") += 1;
                    if let Ok(v) = serde_json::from_slice::<Value>(&answer.body) {
                        harvest(&path, &v, &mut ids);
                    }
                }
            }
        }
        for (r, list) in ids.0 {
            for id in list {
                all_ids.add(r.clone(), id, false);
            }
        }
    }

    // Every endpoint answered with data at least once, except those whose records the demo
    // does not create.
    let demo_has_none = [
        // No intake of the demo is matched by shortlists, and nobody has set a goal, written a
        // reflection, run a workshop or written a session note yet.
        "/api/v1/intakes/{id}/shortlist",
        "/api/v1/goals/{id}",
        "/api/v1/reflections/{id}",
        "/api/v1/workshops/{id}/attendance",
        "/api/v1/sessions/{id}/note",
    ];
    let never: Vec<&String> = ok_per_template
        .iter()
        .filter(|(t, n)| **n == 0 && !demo_has_none.contains(&t.as_str()))
        .map(|(t, _)| t)
        .collect();
    assert!(never.is_empty(), "never answered with data: {never:?}");

    // A handful of pages for everyone, some of them about records found above.
    let first_of = |r: &str| all_ids.of(r).first().cloned();
    let mut pages: Vec<String> = [
        "/",
        "/dashboard",
        "/people",
        "/programmes",
        "/organisations",
        "/relationships",
        "/applications",
        "/mentors",
        "/mentoring",
        "/account",
        "/cpd",
        "/directory",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    for (prefix, r) in [
        ("/people/", "people"),
        ("/programmes/", "programmes"),
        ("/relationships/", "relationships"),
        ("/match-runs/", "match-runs"),
        ("/sets/", "sets"),
    ] {
        if let Some(id) = first_of(r) {
            pages.push(format!("{prefix}{id}"));
        }
    }
    if let Some(id) = first_of("intakes") {
        pages.push(format!("/intakes/{id}/applications"));
    }
    let mut pages_ok = 0;
    for (who, _, cookie) in &people {
        for p in &pages {
            let answer = cmp.compare(p, cookie, who).await;
            if answer.status == StatusCode::OK {
                pages_ok += 1;
                assert!(
                    String::from_utf8_lossy(&answer.body).contains("Sign out"),
                    "{p} as {who} is not a signed-in page"
                );
            }
        }
    }
    assert!(pages_ok >= 40, "only {pages_ok} pages answered 200");
    eprintln!(
        "compared {} answers ({} GET endpoints, {} pages) for {} people",
        cmp.compared,
        templates.len(),
        pages.len(),
        people.len()
    );
    drop(cmp);
    first.close().await;
    second.close().await;
    sqlite.close().await;
}
