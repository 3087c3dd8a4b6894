//! Times `evaluation::programme_report` on a programme with 100,000 survey responses (SQLite
//! file, or PostgreSQL when `TANDEM_BENCH_POSTGRES_URL` names a fresh, empty database): 25,000
//! respondents of two organisations and two intakes answering a ten-item GSES survey at
//! baseline, end, follow-up and once more as session feedback (1,000,000 answers), and 25,000
//! survey requests.
//!
//! `cargo bench -p tandem-app --bench evaluation` (release build), or add `--profile dev` for a
//! quick indicative run; `TANDEM_BENCH_RESPONSES` changes the size. Prints the seeding time and
//! the median of 5 reports (whole programme; then one organisation's slice). Asserts only that
//! the report counted every respondent.

use chrono::{Duration, Utc};
use std::time::Instant;
use tandem_app::evaluation::{self, ReportFilter};
use tandem_domain::survey::{
    InstrumentCode, Item, LocalText, ResponseId, StoredAnswer, Survey, SurveyId, SurveyRequestId,
    WaveKind, instrument, score,
};
use tandem_domain::{
    Actor, OrganisationKind, PersonId, ProgrammeKind, ProgrammeRules, Role, RoleAssignment, Scope,
};
use tandem_storage::{NewResponse, Store, SurveyRequest};
use tandem_test_support::{WorldOptions, add_person, context, fixtures};

const RUNS: usize = 5;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("TANDEM_BENCH_RESPONSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("TANDEM_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| format!("sqlite:{}", dir.path().join("bench.db").display()));
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    println!("backend: {:?}, responses: {n}", store.backend());

    let seeding = Instant::now();
    let now = Utc::now();
    let scheme = fixtures::scheme(&store, "Bench").await;
    let org_a = fixtures::organisation(&store, scheme, "Alpha", OrganisationKind::NhsTrust).await;
    let org_b = fixtures::organisation(&store, scheme, "Beta", OrganisationKind::NhsTrust).await;
    let programme = fixtures::programme(
        &store,
        scheme,
        "Mentoring",
        ProgrammeKind::Mentoring,
        ProgrammeRules::default(),
    )
    .await;
    let today = now.date_naive();
    let dates = |start: i64| [start, start + 20, start + 30].map(|d| today + Duration::days(d));
    let pilot = fixtures::intake(
        &store,
        programme.id,
        "Pilot",
        dates(-400),
        &[(org_a, 1), (org_b, 1)],
    )
    .await;
    let later = fixtures::intake(
        &store,
        programme.id,
        "Later",
        dates(-200),
        &[(org_a, 1), (org_b, 1)],
    )
    .await;
    let survey = Survey {
        id: SurveyId::new(),
        programme_id: programme.id,
        title: LocalText::new("Outcomes", "Resultaten"),
        waves: vec![WaveKind::Baseline, WaveKind::End, WaveKind::FollowUp],
        items: vec![Item::Instrument {
            code: InstrumentCode::Gses,
        }],
        version: 1,
        created_at: now,
        updated_at: now,
    };
    store.create_survey(&survey).await.expect("survey");
    let keys: Vec<String> = instrument(InstrumentCode::Gses)
        .items
        .iter()
        .map(|q| q.key.clone())
        .collect();
    let respondents = n / 4;
    let mut batch = Vec::new();
    for i in 0..n {
        let who = i % respondents;
        let wave = WaveKind::ALL[i / respondents % 4];
        let org = if who.is_multiple_of(3) { org_b } else { org_a };
        let intake = if who.is_multiple_of(2) {
            pilot.id
        } else {
            later.id
        };
        let answers: Vec<StoredAnswer> = keys
            .iter()
            .enumerate()
            .map(|(k, key)| StoredAnswer {
                item: key.clone(),
                number: Some(f64::from(1 + ((who + k + i / respondents) % 4) as u32)),
                text: None,
            })
            .collect();
        batch.push(NewResponse {
            id: ResponseId::new(),
            survey_id: survey.id,
            survey_version: 1,
            programme_id: programme.id,
            intake_id: intake,
            organisation_id: Some(org),
            wave,
            role: "mentee".into(),
            respondent: format!("bench-{who}"),
            pair_key: format!("bench-{who}"),
            submitted_month: "2026-09".into(),
            research_consent: who.is_multiple_of(2),
            share_free_text: false,
            scores: score(&survey, &answers),
            answers,
        });
        if batch.len() == 5_000 {
            store
                .insert_survey_responses(&batch)
                .await
                .expect("responses");
            batch.clear();
        }
    }
    store
        .insert_survey_responses(&batch)
        .await
        .expect("responses");
    // Requests: a thousand people asked 25 times over (one per wave and survey copy would need
    // as many people; the counts are what the report reads).
    let people: Vec<PersonId> = {
        let mut v = Vec::new();
        for k in 0..1_000usize {
            let org = if k.is_multiple_of(3) { org_b } else { org_a };
            v.push(
                add_person(
                    &store,
                    scheme,
                    org,
                    "Bench",
                    &format!("P{k}"),
                    &format!("p{k}@bench.example.org"),
                )
                .await,
            );
        }
        v
    };
    let mut requests = Vec::new();
    for (k, p) in people.iter().enumerate() {
        for s in 0..25 {
            requests.push(SurveyRequest {
                id: SurveyRequestId::new(),
                survey_id: survey.id,
                wave: WaveKind::ALL[s % 4],
                person_id: *p,
                relationship_id: None,
                session_key: format!("bench-{s}"),
                programme_id: programme.id,
                intake_id: if k.is_multiple_of(2) {
                    pilot.id
                } else {
                    later.id
                },
                organisation_id: Some(if k.is_multiple_of(3) { org_b } else { org_a }),
                role: "mentee".into(),
                opens_at: now,
                closes_at: now + Duration::days(28),
                reminded_at: None,
                answered_at: None,
                declined_at: None,
                created_at: now,
            });
        }
    }
    store
        .open_survey_requests(&requests)
        .await
        .expect("requests");
    println!("seeded in {:.1} s", seeding.elapsed().as_secs_f64());

    // Each read on its own, once, to show where the time goes.
    let whole = tandem_storage::Slice::default();
    let t = Instant::now();
    store
        .evaluation_request_counts(programme.id, whole)
        .await
        .expect("requests");
    println!("  request counts {:.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    store
        .evaluation_participation(programme.id, whole)
        .await
        .expect("participation");
    println!("  participation {:.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let pairs = store
        .evaluation_paired_scores(programme.id, "gses", WaveKind::Baseline, WaveKind::End)
        .await
        .expect("pairs");
    println!(
        "  paired scores ({} pairs) {:.3} s",
        pairs.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let sid = survey.id.to_string();
    for key in &keys {
        store
            .evaluation_item_answered(programme.id, whole, &sid, key, 10)
            .await
            .expect("answered");
    }
    println!("  evidence (10 items) {:.3} s", t.elapsed().as_secs_f64());
    let (ctx, _mailer, _clock) = context(store, WorldOptions::default());
    let actor = Actor {
        person_id: PersonId::new(),
        scheme_id: scheme,
        roles: vec![RoleAssignment {
            role: Role::SchemeCoordinator,
            scope: Scope::Scheme(scheme),
        }],
    };
    for (what, filter) in [
        ("whole programme", ReportFilter::default()),
        (
            "one organisation",
            ReportFilter {
                organisation: Some(org_a),
                ..ReportFilter::default()
            },
        ),
    ] {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let report = evaluation::programme_report(&ctx, &actor, programme.id, filter)
                .await
                .expect("report");
            times.push(t.elapsed().as_secs_f64());
            assert!(!report.tables.is_empty());
        }
        println!(
            "programme_report ({what}): median of {RUNS} {:.3} s",
            median(times)
        );
    }
}
