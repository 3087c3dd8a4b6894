//! Benchmark: response time of the people page, the coordinators' dashboards and the
//! participant's home with 10,000 people on SQLite.
//!
//! Builds a scheme of eight organisations and 10,000 generated people (`tandem_demo`), signs in a
//! scheme coordinator and an organisation coordinator, and times whole requests through the
//! router in process (session lookup, authorisation, the scoped SQL query and the page render).
//! Prints the median and 95th percentile per kind of request. A benchmark, not a test: nothing is
//! asserted about speed.
//!
//! Run: `cargo bench -p tandem-web --bench people_page` (add `-- --quick` for fewer rounds).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use http_body_util::BodyExt;
use std::sync::Arc;
use std::time::Instant;
use tandem_app::accounts::token_hash;
use tandem_domain::{
    AccountId, Country, Organisation, OrganisationId, OrganisationKind, Role, RoleAssignment,
    Scheme, SchemeId, Scope,
};
use tandem_storage::{Account, PersonRecord, SessionRecord, Store};
use tandem_web::{AppState, WebConfig};
use tower::ServiceExt;

/// People in the generated scheme; `TANDEM_BENCH_PEOPLE` overrides it (e.g. 100000).
fn people_count() -> usize {
    std::env::var("TANDEM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

async fn session_for(
    store: &Store,
    scheme: SchemeId,
    record: &PersonRecord,
    role: RoleAssignment,
    token: &str,
) {
    store
        .grant_role(record.person.id, role)
        .await
        .expect("role");
    let account = Account {
        id: AccountId::new(),
        person_id: record.person.id,
        scheme_id: scheme,
        email: record.person.email.clone(),
        password_hash: None,
        disabled: false,
        failed_logins: 0,
        locked_until: None,
    };
    store.create_account(&account).await.expect("account");
    let now = Utc::now();
    let session = SessionRecord {
        token_hash: token_hash(token),
        account_id: account.id,
        csrf_token: "x".repeat(43),
        created_at: now,
        expires_at: now + chrono::Duration::hours(1),
    };
    store.create_session(&session).await.expect("session");
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 20 } else { 100 };
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::connect(&format!("sqlite:{}", dir.path().join("bench.db").display()))
        .await
        .expect("connect");
    store.migrate().await.expect("migrate");
    let scheme = SchemeId::new();
    store
        .create_scheme(&Scheme {
            id: scheme,
            name: "Bench".into(),
            description: String::new(),
        })
        .await
        .expect("scheme");
    let kinds = [
        OrganisationKind::NhsTrust,
        OrganisationKind::LocalAuthority,
        OrganisationKind::Charity,
        OrganisationKind::IndependentProvider,
    ];
    let orgs: Vec<Organisation> = (0..8)
        .map(|i| Organisation {
            id: OrganisationId::new(),
            scheme_id: scheme,
            name: format!("Organisation {i}"),
            kind: if i == 7 {
                OrganisationKind::DutchCareOrganisation
            } else {
                kinds[i % 4]
            },
            country: if i == 7 {
                Country::Netherlands
            } else {
                Country::UnitedKingdom
            },
        })
        .collect();
    for o in &orgs {
        store.create_organisation(o).await.expect("organisation");
    }
    let t = Instant::now();
    let people: Vec<PersonRecord> = tandem_demo::generate_people(scheme, &orgs, people_count(), 7)
        .into_iter()
        .map(|(person, employments)| PersonRecord {
            person,
            employments,
        })
        .collect();
    store
        .apply_people_import(&people, &[])
        .await
        .expect("import");
    eprintln!(
        "loaded {} people in {:.1} s",
        people.len(),
        t.elapsed().as_secs_f64()
    );

    let org0 = people
        .iter()
        .skip(1)
        .find(|p| {
            p.employments
                .iter()
                .any(|e| e.organisation_id == orgs[0].id)
        })
        .expect("someone at org 0");
    session_for(
        &store,
        scheme,
        &people[0],
        RoleAssignment {
            role: Role::SchemeCoordinator,
            scope: Scope::Scheme(scheme),
        },
        "scheme-coordinator-token",
    )
    .await;
    session_for(
        &store,
        scheme,
        org0,
        RoleAssignment {
            role: Role::OrganisationCoordinator,
            scope: Scope::Organisation(orgs[0].id),
        },
        "org-coordinator-token",
    )
    .await;
    // A participant with no other role: the home page (`/`) as most people see it.
    session_for(
        &store,
        scheme,
        &people[2],
        RoleAssignment {
            role: Role::Participant,
            scope: Scope::Scheme(scheme),
        },
        "participant-token",
    )
    .await;
    let state = AppState::new(
        tandem_app::Context::new(
            store,
            Arc::new(tandem_mail::MemoryMailer::new()),
            tandem_app::Settings::default(),
        ),
        WebConfig::default(),
    );
    let app = tandem_web::app(state);

    let family = people[1234].person.family_name.to_lowercase();
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "scheme coordinator, first page",
            "scheme-coordinator-token",
            "/people".into(),
        ),
        (
            "scheme coordinator, page 200",
            "scheme-coordinator-token",
            "/people?page=200".into(),
        ),
        (
            "scheme coordinator, name search",
            "scheme-coordinator-token",
            format!("/people?q={family}"),
        ),
        (
            "scheme coordinator, organisation filter",
            "scheme-coordinator-token",
            format!("/people?organisation={}", orgs[3].id),
        ),
        (
            "organisation coordinator, first page",
            "org-coordinator-token",
            "/people".into(),
        ),
        (
            "organisation coordinator, page 20",
            "org-coordinator-token",
            "/people?page=20".into(),
        ),
        (
            "scheme coordinator, dashboard",
            "scheme-coordinator-token",
            "/".into(),
        ),
        (
            "organisation coordinator, dashboard",
            "org-coordinator-token",
            "/".into(),
        ),
        ("participant, home", "participant-token", "/".into()),
        (
            "participant, account page",
            "participant-token",
            "/account".into(),
        ),
    ];
    println!(
        "people page and home, {} people on SQLite, {rounds} requests per case (milliseconds)",
        people_count()
    );
    println!("{:<42} {:>8} {:>8}", "case", "median", "p95");
    for (label, token, path) in cases {
        let mut times = Vec::with_capacity(rounds);
        for round in 0..rounds + 3 {
            let req = Request::get(&path)
                .header(header::COOKIE, format!("__Host-tandem_session={token}"))
                .body(Body::empty())
                .expect("request");
            let start = Instant::now();
            let res = app.clone().oneshot(req).await.expect("response");
            let status = res.status();
            let body = res.into_body().collect().await.expect("body").to_bytes();
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            assert_eq!(
                status,
                StatusCode::OK,
                "{path}: {}",
                String::from_utf8_lossy(&body)
            );
            if round >= 3 {
                times.push(ms);
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{label:<42} {:>8.2} {:>8.2}",
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
    }
}
