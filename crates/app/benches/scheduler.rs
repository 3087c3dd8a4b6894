//! Times one scheduler tick on a scheme of 10,000 relationships (SQLite file, or PostgreSQL when
//! `TANDEM_BENCH_POSTGRES_URL` names a fresh, empty database): 9,000 running mentoring
//! relationships (a tenth with a confirmed session in the next 24 hours, a tenth with one that
//! ended unlogged an hour ago, all quiet for the weekly digest) and 1,000 offers due in a day.
//!
//! `cargo bench -p tandem-app --bench scheduler` (release build), or add `--profile dev` for a
//! quick indicative run; `TANDEM_BENCH_RELATIONSHIPS` changes the size. Prints the first tick
//! (which queues everything due) and the median of the ticks after it (which find the same
//! things due and queue nothing new: the cost every instance pays once a minute). Asserts only
//! that the ticks after the first add nothing.

use chrono::{Duration, Utc};
use std::time::Instant;
use tandem_app::notify::scheduler;
use tandem_domain::sessions::{Booking, BookingStatus};
use tandem_domain::{
    ApplicationRole, Mode, OrganisationKind, ProgrammeKind, ProgrammeRules, RelationshipKind,
    RelationshipStatus as S, Role, RoleAssignment, Scope, SessionId,
};
use tandem_storage::{SessionCaps, Store};
use tandem_test_support::{WorldOptions, context, fixtures};

const RUNS: usize = 11;

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("TANDEM_BENCH_RELATIONSHIPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("TANDEM_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| format!("sqlite:{}", dir.path().join("bench.db").display()));
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    println!("backend: {:?}, relationships: {n}", store.backend());

    let seeding = Instant::now();
    let now = Utc::now();
    let started = now - Duration::weeks(6);
    let scheme = fixtures::scheme(&store, "Bench").await;
    let org_a = fixtures::organisation(&store, scheme, "Alpha", OrganisationKind::NhsTrust).await;
    let org_b = fixtures::organisation(&store, scheme, "Beta", OrganisationKind::NhsTrust).await;
    let rules = ProgrammeRules {
        session_cap: Some(12),
        session_minutes: Some(60),
        modes: vec![Mode::Video],
        ..ProgrammeRules::default()
    };
    let programme =
        fixtures::programme(&store, scheme, "Mentoring", ProgrammeKind::Mentoring, rules).await;
    let today = now.date_naive();
    let places = u32::try_from(n).expect("size");
    let intake = fixtures::intake(
        &store,
        programme.id,
        "Bench",
        [
            today - Duration::days(90),
            today - Duration::days(60),
            today - Duration::days(50),
        ],
        &[(org_a, places), (org_b, places)],
    )
    .await;
    // A scheme coordinator, so the weekly digest is worked out (once: later ticks find it queued).
    let coordinator = fixtures::add_person(
        &store,
        scheme,
        org_a,
        "Scheme",
        "Coordinator",
        "sc@a.example",
    )
    .await;
    store
        .grant_role(
            coordinator,
            RoleAssignment {
                role: Role::SchemeCoordinator,
                scope: Scope::Scheme(scheme),
            },
        )
        .await
        .unwrap();
    let offers = n / 10;
    for i in 0..n {
        let mentee = fixtures::add_person(
            &store,
            scheme,
            org_a,
            "Mentee",
            &format!("N{i}"),
            &format!("mentee{i}@a.example"),
        )
        .await;
        let mentor = fixtures::add_person(
            &store,
            scheme,
            org_b,
            "Mentor",
            &format!("N{i}"),
            &format!("mentor{i}@b.example"),
        )
        .await;
        let profile = fixtures::matchable_profile;
        let a = fixtures::submitted_application(
            &store,
            intake.id,
            mentee,
            org_a,
            ApplicationRole::Mentee,
            profile(),
            started,
        )
        .await;
        let a = fixtures::approve(&store, &a, started).await;
        let b = fixtures::submitted_application(
            &store,
            intake.id,
            mentor,
            org_b,
            ApplicationRole::Mentor,
            profile(),
            started,
        )
        .await;
        let b = fixtures::approve(&store, &b, started).await;
        let running = i >= offers;
        let offer = fixtures::Offer {
            at: started,
            deadline: if running {
                started + Duration::days(14)
            } else {
                now + Duration::days(1)
            },
            slot: None,
        };
        let r = fixtures::publish(
            &store,
            intake.id,
            RelationshipKind::Mentoring,
            &[&a, &b],
            offer,
        )
        .await;
        if !running {
            continue;
        }
        store
            .move_relationship(r.id, S::Proposed, S::Accepted, started)
            .await
            .unwrap();
        store
            .move_relationship(r.id, S::Accepted, S::Active, started)
            .await
            .unwrap();
        let starts = match i % 10 {
            0 => now + Duration::hours(3) + Duration::minutes((i % 600) as i64),
            1 => now - Duration::hours(2),
            _ => continue,
        };
        let booking = Booking {
            id: SessionId::new(),
            relationship_id: r.id,
            status: BookingStatus::Confirmed,
            starts_at: Some(starts),
            held_on: starts.date_naive(),
            minutes: 60,
            mode: Mode::Video,
            link: "https://meet.example.org/bench".into(),
            place: String::new(),
            proposed_by: Some(mentee),
            sequence: 1,
            topics: String::new(),
            action_points: String::new(),
            logged_by: None,
            updated_at: started,
        };
        let caps = SessionCaps {
            sessions: Some(12),
            minutes: None,
        };
        store
            .propose_session(&booking, &[mentee, mentor], caps)
            .await
            .unwrap();
    }
    println!("seeded in {:.1} s", seeding.elapsed().as_secs_f64());

    let (ctx, _mailer, _clock) = context(store, WorldOptions::default());
    let t = Instant::now();
    let queued = scheduler::tick(&ctx).await.expect("tick");
    println!(
        "first tick: {:>8.1} ms, queued {queued}",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let again = scheduler::tick(&ctx).await.expect("tick");
        times.push(t.elapsed());
        assert_eq!(again, 0, "a tick after the first queues nothing new");
    }
    times.sort();
    println!(
        "steady tick: median {:>8.1} ms (of {RUNS})",
        times[RUNS / 2].as_secs_f64() * 1000.0
    );
}
