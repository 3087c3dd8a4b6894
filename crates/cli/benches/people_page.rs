//! Benchmark: the people page with 10,000 people on SQLite.
//!
//! Builds a temporary SQLite database holding one scheme, the demo organisations and 10,000
//! synthetic people, signs a scheme coordinator in, then requests the people list through the
//! whole application (router, session, authorisation, SQL, template) in-process: the first page,
//! a later page, a name search and an organisation filter. Prints the median and spread of each.
//! Not a test: figures go to docs/benchmarks-web.md. Run with
//! `cargo bench -p tandem --bench people_page` (env PEOPLE=n to change the population).

use axum::body::Body;
use axum::http::{Request, header};
use std::sync::Arc;
use std::time::Instant;
use tandem_domain::{AccountId, Role, RoleAssignment, Scope};
use tandem_storage::{Account, PersonRecord, Store};
use tandem_web::{AppState, WebConfig};
use tower::ServiceExt;

const RUNS: usize = 41;

fn main() {
    let people: usize = std::env::var("PEOPLE").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(run(people));
}

async fn run(n: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("bench.db").display());
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");

    let demo = tandem_demo::generate(7);
    store.create_scheme(&demo.scheme).await.expect("scheme");
    for o in &demo.organisations {
        store.create_organisation(o).await.expect("organisation");
    }
    let people = tandem_demo::generate_people(demo.scheme.id, &demo.organisations, n, 7);
    let records: Vec<PersonRecord> = people.iter().map(|(p, e)| PersonRecord { person: p.clone(), employments: e.clone() }).collect();
    let t = Instant::now();
    store.apply_people_import(&records, &[]).await.expect("people");
    eprintln!("loaded {n} people in {:.2} s", t.elapsed().as_secs_f64());

    let coordinator = &records[0].person;
    store.grant_role(coordinator.id, RoleAssignment { role: Role::SchemeCoordinator, scope: Scope::Scheme(demo.scheme.id) }).await.expect("role");
    let password = "benchmark-password-1";
    store
        .create_account(&Account {
            id: AccountId::new(),
            person_id: coordinator.id,
            scheme_id: demo.scheme.id,
            email: coordinator.email.clone(),
            password_hash: Some(password_auth::generate_hash(password)),
            disabled: false,
            failed_logins: 0,
            locked_until: None,
        })
        .await
        .expect("account");

    let config = WebConfig { cookie_secure: false, ..WebConfig::default() };
    let state = AppState::new(store, Arc::new(tandem_mail::MemoryMailer::new()), config.clone());
    let session = tandem_web::services::accounts::sign_in(&state, &coordinator.email, password).await.expect("sign in");
    let cookie = format!("{}={}", tandem_web::session::session_cookie(&config), session.token);
    let app = tandem_web::app(state);

    let org = demo.organisations[0].id;
    let cases = [
        ("first page", "/people".to_string()),
        ("page 100", "/people?page=100".to_string()),
        ("search 'smi'", "/people?q=smi".to_string()),
        ("organisation filter", format!("/people?organisation={org}")),
    ];
    println!("people page, {n} people, SQLite, {RUNS} requests each (in-process, whole stack)");
    println!("| request | median ms | min ms | max ms |");
    println!("|---|---|---|---|");
    for (label, uri) in cases {
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let req = Request::get(&uri).header(header::COOKIE, &cookie).body(Body::empty()).expect("request");
            let t = Instant::now();
            let res = app.clone().oneshot(req).await.expect("response");
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(status.is_success(), "{uri}: {status}");
            assert!(!body.is_empty());
        }
        times.sort_by(f64::total_cmp);
        println!("| {label} | {:.2} | {:.2} | {:.2} |", times[RUNS / 2], times[0], times[RUNS - 1]);
    }
}
