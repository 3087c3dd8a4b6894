//! Storage stories of matching runs and relationships: publishing (all or nothing, never with
//! changed inputs), offers and their deadline, agreement versions and signatures, the lifecycle,
//! private no-fault endings, pins and mentor loads.

use crate::fixtures::{approved_applicant, at, org, scheme};
use chrono::{DateTime, NaiveDate, Utc};
use tandem_domain::{
    AgreementTerms, Application, ApplicationRole, ApplicationStatus, FitCheck, IntakeId, MatchRun,
    MatchRunId, Mode, OfferResponse, OrganisationId, PersonId, Pin, PinKind, ProgrammeKind,
    ProgrammeRules, Relationship, RelationshipKind, RelationshipStatus, RunStatus, SchemeId,
};
use tandem_storage::{Clash, Publication, Store, StoreError, UniqueField};
use tandem_test_support::fixtures::{self, Offer};

pub(crate) struct World {
    pub(crate) scheme: SchemeId,
    pub(crate) intake: IntakeId,
    pub(crate) org_a: OrganisationId,
    pub(crate) org_b: OrganisationId,
}

const T0: (i32, u32, u32) = (2026, 3, 1);

pub(crate) fn t(day: u32, hour: u32) -> DateTime<Utc> {
    at(T0.0, T0.1, day, hour, 0)
}

pub(crate) async fn world(store: &Store) -> World {
    let s = scheme(store, "North").await;
    let a = org(store, s.id, "Alpha Trust").await;
    let b = org(store, s.id, "Beta Council").await;
    let rules = ProgrammeRules {
        modes: vec![Mode::Video],
        ..ProgrammeRules::default()
    };
    let programme =
        fixtures::programme(store, s.id, "Mentoring", ProgrammeKind::Mentoring, rules).await;
    let d = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
    let places = [(a.id, 10), (b.id, 10)];
    let intake = fixtures::intake(store, programme.id, "Spring", [d(1), d(2), d(3)], &places).await;
    World {
        scheme: s.id,
        intake: intake.id,
        org_a: a.id,
        org_b: b.id,
    }
}

/// A person with an approved application in the intake.
pub(crate) async fn approved(
    store: &Store,
    w: &World,
    name: &str,
    org: OrganisationId,
    role: ApplicationRole,
) -> Application {
    let name = (name, "Applicant");
    approved_applicant(store, w.scheme, w.intake, name, org, role, t(1, 9)).await
}

fn draft(w: &World) -> MatchRun {
    fixtures::draft_run(w.intake, t(2, 9))
}

/// Offers are made on the 3rd, to be answered by the 16th at 17:00.
fn offer() -> Offer {
    Offer {
        at: t(3, 9),
        deadline: t(16, 17),
        slot: None,
    }
}

fn relationship(
    w: &World,
    run: MatchRunId,
    kind: RelationshipKind,
    apps: &[&Application],
) -> Relationship {
    fixtures::proposed_relationship(w.intake, run, kind, apps, offer())
}

/// Publishes one relationship of `apps` and returns it.
pub(crate) async fn publish(
    store: &Store,
    w: &World,
    kind: RelationshipKind,
    apps: &[&Application],
) -> Relationship {
    fixtures::publish(store, w.intake, kind, apps, offer()).await
}

async fn status_of(store: &Store, a: &Application) -> ApplicationStatus {
    store.get_application(a.id).await.unwrap().status
}

async fn taken(store: &Store, w: &World, org: OrganisationId) -> u32 {
    store
        .place_use(w.intake)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.organisation_id == org)
        .unwrap()
        .taken
}

pub(crate) fn terms() -> AgreementTerms {
    AgreementTerms {
        goals: "Grow as a leader".into(),
        frequency: "Monthly".into(),
        channel: Some(Mode::Video),
        cancellation_notice_hours: 48,
        ..AgreementTerms::default()
    }
}

pub async fn runs_are_numbered_and_publishing_is_all_or_nothing(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let first = draft(&w);
    assert_eq!(store.create_match_run(&first).await.unwrap(), 1);
    let second = draft(&w);
    assert_eq!(store.create_match_run(&second).await.unwrap(), 2);
    assert_eq!(
        store.get_match_run(first.id).await.unwrap().status,
        RunStatus::Superseded,
        "a newer run supersedes the older draft"
    );
    // A stale expected version: nothing is written at all.
    let r = relationship(
        &w,
        second.id,
        RelationshipKind::Mentoring,
        &[&mentee, &mentor],
    );
    let stale = Publication {
        run_id: second.id,
        intake_id: w.intake,
        expected: vec![(mentee.id, mentee.version), (mentor.id, mentor.version + 7)],
        relationships: vec![r.clone()],
        actor: None,
        at: t(3, 9),
    };
    assert!(matches!(
        store.publish_match_run(&stale).await,
        Err(StoreError::Refused(Clash::InputsChanged))
    ));
    assert_eq!(
        status_of(&store, &mentee).await,
        ApplicationStatus::Approved
    );
    assert_eq!(
        store.get_match_run(second.id).await.unwrap().status,
        RunStatus::Draft
    );
    assert!(
        store
            .relationships_of_intake(w.intake)
            .await
            .unwrap()
            .is_empty()
    );
    // The real publication.
    let good = Publication {
        expected: vec![(mentee.id, mentee.version), (mentor.id, mentor.version)],
        ..stale
    };
    store.publish_match_run(&good).await.unwrap();
    assert_eq!(status_of(&store, &mentee).await, ApplicationStatus::Matched);
    assert_eq!(status_of(&store, &mentor).await, ApplicationStatus::Matched);
    let run = store.get_match_run(second.id).await.unwrap();
    assert_eq!(run.status, RunStatus::Published);
    assert!(run.published_at.is_some());
    let got = store.get_relationship(r.id).await.unwrap();
    assert_eq!(got.status, RelationshipStatus::Proposed);
    assert_eq!(got.members.len(), 2);
    assert_eq!(
        store
            .relationships_of_person(mentee.person_id)
            .await
            .unwrap()[0]
            .id,
        r.id
    );
    // Publishing twice is refused.
    assert!(matches!(
        store.publish_match_run(&good).await,
        Err(StoreError::Refused(Clash::RunNotDraft))
    ));
    // The history of the application records the match.
    let history = store.application_history(mentee.id).await.unwrap();
    assert_eq!(history.last().unwrap().status, ApplicationStatus::Matched);
    // Matched still holds the place.
    assert_eq!(taken(&store, &w, w.org_a).await, 1);
}

pub async fn concurrent_publications_of_one_run_succeed_once(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let run = draft(&w);
    store.create_match_run(&run).await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let store = store.clone();
        let r = relationship(&w, run.id, RelationshipKind::Mentoring, &[&mentee, &mentor]);
        let p = Publication {
            run_id: run.id,
            intake_id: w.intake,
            expected: vec![(mentee.id, mentee.version), (mentor.id, mentor.version)],
            relationships: vec![r],
            actor: None,
            at: t(3, 9),
        };
        tasks.push(tokio::spawn(
            async move { store.publish_match_run(&p).await },
        ));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::Refused(Clash::RunNotDraft)) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(
        store.relationships_of_intake(w.intake).await.unwrap().len(),
        1
    );
}

pub async fn offers_are_answered_once_and_before_the_deadline(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let r = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
    // Late acceptance: refused, nothing changes.
    assert!(matches!(
        store
            .respond_to_offer(r.id, mentee.person_id, true, &terms(), t(20, 9))
            .await,
        Err(StoreError::Refused(Clash::OfferClosed))
    ));
    assert_eq!(
        store.get_relationship(r.id).await.unwrap().members[0].response,
        OfferResponse::Pending
    );
    // Someone else's offer: not found.
    assert!(matches!(
        store
            .respond_to_offer(r.id, PersonId::new(), true, &terms(), t(4, 9))
            .await,
        Err(StoreError::NotFound)
    ));
    let o = store
        .respond_to_offer(r.id, mentee.person_id, true, &terms(), t(4, 9))
        .await
        .unwrap();
    assert_eq!(o.status, RelationshipStatus::Proposed);
    assert!(matches!(
        store
            .respond_to_offer(r.id, mentee.person_id, false, &terms(), t(4, 10))
            .await,
        Err(StoreError::Refused(Clash::AlreadyAnswered))
    ));
    let o = store
        .respond_to_offer(r.id, mentor.person_id, true, &terms(), t(5, 9))
        .await
        .unwrap();
    assert_eq!(o.status, RelationshipStatus::Accepted);
    let agreement = store.get_agreement(r.id).await.unwrap().expect("agreement");
    assert_eq!(agreement.version, 1);
    assert_eq!(agreement.terms, terms());
}

pub async fn a_declined_pair_returns_both_to_the_pool(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let r = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
    let o = store
        .respond_to_offer(r.id, mentor.person_id, false, &terms(), t(4, 9))
        .await
        .unwrap();
    assert_eq!(o.status, RelationshipStatus::Declined);
    assert_eq!(o.returned_to_pool.len(), 2);
    assert_eq!(
        status_of(&store, &mentee).await,
        ApplicationStatus::Approved
    );
    assert_eq!(
        status_of(&store, &mentor).await,
        ApplicationStatus::Approved
    );
    assert_eq!(
        taken(&store, &w, w.org_a).await,
        1,
        "back in the pool keeps the place"
    );
    // A declined offer can no longer be accepted.
    assert!(matches!(
        store
            .respond_to_offer(r.id, mentee.person_id, true, &terms(), t(4, 10))
            .await,
        Err(StoreError::Refused(Clash::StatusChanged))
    ));
    // Lapsing needs a proposed offer past its deadline.
    let mentee2 = approved(&store, &w, "Noor", w.org_a, ApplicationRole::Mentee).await;
    let mentor2 = approved(&store, &w, "Olu", w.org_b, ApplicationRole::Mentor).await;
    let r2 = publish(
        &store,
        &w,
        RelationshipKind::Mentoring,
        &[&mentee2, &mentor2],
    )
    .await;
    assert!(matches!(
        store.lapse_offer(r2.id, None, t(10, 9)).await,
        Err(StoreError::Refused(Clash::OfferStillOpen))
    ));
    let o = store.lapse_offer(r2.id, None, t(17, 9)).await.unwrap();
    assert_eq!(o.status, RelationshipStatus::Declined);
    assert_eq!(
        status_of(&store, &mentee2).await,
        ApplicationStatus::Approved
    );
}

pub async fn a_set_goes_on_without_a_member_who_declines(store: Store) {
    let w = world(&store).await;
    let mut members = Vec::new();
    for (i, org) in [w.org_a, w.org_b, w.org_a].into_iter().enumerate() {
        members.push(
            approved(
                &store,
                &w,
                &format!("S{i}"),
                org,
                ApplicationRole::SetMember,
            )
            .await,
        );
    }
    let refs: Vec<&Application> = members.iter().collect();
    let r = publish(&store, &w, RelationshipKind::Set, &refs).await;
    let o = store
        .respond_to_offer(r.id, members[2].person_id, false, &terms(), t(4, 9))
        .await
        .unwrap();
    assert_eq!(o.status, RelationshipStatus::Proposed);
    assert_eq!(o.returned_to_pool, vec![members[2].id]);
    store
        .respond_to_offer(r.id, members[0].person_id, true, &terms(), t(4, 10))
        .await
        .unwrap();
    let o = store
        .respond_to_offer(r.id, members[1].person_id, true, &terms(), t(4, 11))
        .await
        .unwrap();
    assert_eq!(o.status, RelationshipStatus::Accepted);
    let got = store.get_relationship(r.id).await.unwrap();
    assert_eq!(got.remaining().count(), 2);
}

pub async fn agreements_are_versioned_and_signed_by_everyone(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let r = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
    for p in [mentee.person_id, mentor.person_id] {
        store
            .respond_to_offer(r.id, p, true, &terms(), t(4, 9))
            .await
            .unwrap();
    }
    // The mentee signs version 1, then the mentor edits: version 2 needs both again.
    assert_eq!(
        store
            .sign_agreement(r.id, mentee.person_id, 1, t(5, 9))
            .await
            .unwrap(),
        RelationshipStatus::Accepted
    );
    let mut changed = terms();
    changed.goals = "Lead a service change".into();
    assert!(matches!(
        store
            .save_agreement(r.id, &changed, 9, mentor.person_id, t(5, 10))
            .await,
        Err(StoreError::Refused(Clash::VersionChanged))
    ));
    assert_eq!(
        store
            .save_agreement(r.id, &changed, 1, mentor.person_id, t(5, 10))
            .await
            .unwrap(),
        2
    );
    assert!(matches!(
        store
            .sign_agreement(r.id, mentor.person_id, 1, t(5, 11))
            .await,
        Err(StoreError::Refused(Clash::VersionChanged))
    ));
    assert_eq!(
        store
            .sign_agreement(r.id, mentor.person_id, 2, t(5, 11))
            .await
            .unwrap(),
        RelationshipStatus::Accepted,
        "the mentee's signature was for version 1"
    );
    assert_eq!(
        store
            .sign_agreement(r.id, mentee.person_id, 2, t(5, 12))
            .await
            .unwrap(),
        RelationshipStatus::Active
    );
    let got = store.get_relationship(r.id).await.unwrap();
    assert_eq!(got.status, RelationshipStatus::Active);
    assert!(got.activated_at.is_some());
    assert_eq!(
        store.get_agreement(r.id).await.unwrap().unwrap().terms,
        changed
    );
    // An active agreement cannot be edited.
    assert!(matches!(
        store
            .save_agreement(r.id, &terms(), 2, mentee.person_id, t(6, 9))
            .await,
        Err(StoreError::Refused(Clash::StatusChanged))
    ));
    // Fit check, winding down and closing.
    store
        .record_fit_check(r.id, mentee.person_id, FitCheck::Good, t(20, 9))
        .await
        .unwrap();
    store
        .move_relationship(
            r.id,
            RelationshipStatus::Active,
            RelationshipStatus::WindingDown,
            t(21, 9),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .move_relationship(
                r.id,
                RelationshipStatus::Active,
                RelationshipStatus::Closed,
                t(21, 10)
            )
            .await,
        Err(StoreError::Refused(Clash::StatusChanged))
    ));
    store
        .move_relationship(
            r.id,
            RelationshipStatus::WindingDown,
            RelationshipStatus::Closed,
            t(22, 9),
        )
        .await
        .unwrap();
    let got = store.get_relationship(r.id).await.unwrap();
    assert_eq!(got.status, RelationshipStatus::Closed);
    assert_eq!(
        got.member(mentee.person_id).unwrap().fit_check,
        Some(FitCheck::Good)
    );
}

pub async fn a_no_fault_ending_is_private_and_rematches_the_partner(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let r = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
    for p in [mentee.person_id, mentor.person_id] {
        store
            .respond_to_offer(r.id, p, true, &terms(), t(4, 9))
            .await
            .unwrap();
    }
    for p in [mentee.person_id, mentor.person_id] {
        store.sign_agreement(r.id, p, 1, t(4, 10)).await.unwrap();
    }
    assert_eq!(taken(&store, &w, w.org_a).await, 1);
    assert_eq!(
        store.mentor_loads(w.scheme).await.unwrap(),
        vec![(mentor.person_id, 1)]
    );
    let o = store
        .end_relationship(r.id, mentee.person_id, "Our diaries never meet", t(9, 9))
        .await
        .unwrap();
    assert_eq!(o.status, RelationshipStatus::Ended);
    assert_eq!(o.returned_to_pool, vec![mentor.id]);
    assert_eq!(
        status_of(&store, &mentee).await,
        ApplicationStatus::Withdrawn
    );
    assert_eq!(
        status_of(&store, &mentor).await,
        ApplicationStatus::Approved
    );
    assert_eq!(
        taken(&store, &w, w.org_a).await,
        0,
        "the ender's place is freed"
    );
    assert_eq!(
        taken(&store, &w, w.org_b).await,
        1,
        "the partner keeps theirs"
    );
    assert!(store.mentor_loads(w.scheme).await.unwrap().is_empty());
    assert_eq!(
        store
            .own_ending_reason(r.id, mentee.person_id)
            .await
            .unwrap()
            .as_deref(),
        Some("Our diaries never meet")
    );
    assert_eq!(
        store
            .own_ending_reason(r.id, mentor.person_id)
            .await
            .unwrap(),
        None
    );
    // Ending twice: the relationship is over.
    assert!(matches!(
        store
            .end_relationship(r.id, mentor.person_id, "", t(9, 10))
            .await,
        Err(StoreError::Refused(Clash::StatusChanged))
    ));
}

pub async fn pins_lock_one_partner_and_forbid_either_way(store: Store) {
    let w = world(&store).await;
    let a = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let b = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let c = approved(&store, &w, "Noor", w.org_b, ApplicationRole::Mentor).await;
    let lock = |x: &Application, y: &Application| Pin {
        kind: PinKind::Lock,
        first: x.id,
        second: y.id,
    };
    store
        .add_pin(w.intake, lock(&a, &b), t(2, 9))
        .await
        .unwrap();
    store
        .add_pin(w.intake, lock(&a, &b), t(2, 9))
        .await
        .unwrap();
    assert_eq!(store.list_pins(w.intake).await.unwrap(), vec![lock(&a, &b)]);
    // Locking a with c replaces the lock with b.
    store
        .add_pin(w.intake, lock(&a, &c), t(2, 10))
        .await
        .unwrap();
    assert_eq!(store.list_pins(w.intake).await.unwrap(), vec![lock(&a, &c)]);
    // A forbid of the same pair (either order) replaces its lock.
    let forbid = Pin {
        kind: PinKind::Forbid,
        first: c.id,
        second: a.id,
    };
    store.add_pin(w.intake, forbid, t(2, 11)).await.unwrap();
    assert_eq!(store.list_pins(w.intake).await.unwrap(), vec![forbid]);
    store
        .remove_pin(
            w.intake,
            Pin {
                first: a.id,
                second: c.id,
                ..forbid
            },
        )
        .await
        .unwrap();
    assert!(store.list_pins(w.intake).await.unwrap().is_empty());
}

pub async fn sessions_are_logged_within_the_caps(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let r = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
    let log = |minutes: u32, day: u32| tandem_domain::SessionLog {
        id: tandem_domain::SessionId::new(),
        relationship_id: r.id,
        held_on: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
        minutes,
        mode: Mode::Video,
        logged_by: Some(mentee.person_id),
        logged_at: t(day, 18),
        topics: String::new(),
        action_points: String::new(),
    };
    let caps = tandem_storage::SessionCaps {
        sessions: Some(3),
        minutes: Some(180),
    };
    // Not active yet: nothing can be logged.
    assert!(matches!(
        store.log_session(&log(60, 5), caps).await,
        Err(StoreError::Refused(Clash::StatusChanged))
    ));
    for p in [mentee.person_id, mentor.person_id] {
        store
            .respond_to_offer(r.id, p, true, &terms(), t(4, 9))
            .await
            .unwrap();
    }
    for p in [mentee.person_id, mentor.person_id] {
        store.sign_agreement(r.id, p, 1, t(4, 10)).await.unwrap();
    }
    store.log_session(&log(90, 6), caps).await.unwrap();
    assert!(matches!(
        store.log_session(&log(100, 7), caps).await,
        Err(StoreError::Refused(Clash::MinutesCap))
    ));
    store.log_session(&log(45, 8), caps).await.unwrap();
    store.log_session(&log(45, 9), caps).await.unwrap();
    assert!(matches!(
        store.log_session(&log(1, 10), caps).await,
        Err(StoreError::Refused(Clash::SessionsCap))
    ));
    let held = store.sessions_of(r.id).await.unwrap();
    assert_eq!(
        held.iter().map(|s| s.minutes).collect::<Vec<_>>(),
        vec![90, 45, 45]
    );
    assert_eq!(
        store.last_sessions(w.intake).await.unwrap(),
        vec![(r.id, NaiveDate::from_ymd_opt(2026, 3, 9).unwrap())]
    );
}

pub async fn shortlist_rankings_are_replaced_whole(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let m1 = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let m2 = approved(&store, &w, "Noor", w.org_b, ApplicationRole::Mentor).await;
    store
        .save_shortlist_ranking(w.intake, mentee.id, &[m1.id, m2.id], t(2, 9))
        .await
        .unwrap();
    assert_eq!(
        store.shortlist_rankings(w.intake).await.unwrap(),
        vec![(mentee.id, vec![m1.id, m2.id])]
    );
    store
        .save_shortlist_ranking(w.intake, mentee.id, &[m2.id], t(2, 10))
        .await
        .unwrap();
    assert_eq!(
        store.shortlist_rankings(w.intake).await.unwrap(),
        vec![(mentee.id, vec![m2.id])]
    );
    // Naming a mentor twice is refused and keeps the previous ranking.
    assert!(matches!(
        store
            .save_shortlist_ranking(w.intake, mentee.id, &[m1.id, m1.id], t(2, 11))
            .await,
        Err(StoreError::Conflict {
            field: UniqueField::Ranking
        })
    ));
    assert_eq!(
        store.shortlist_rankings(w.intake).await.unwrap(),
        vec![(mentee.id, vec![m2.id])]
    );
}

pub async fn a_mentor_with_two_mentees_stays_matched_until_both_end(store: Store) {
    let w = world(&store).await;
    let e1 = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let e2 = approved(&store, &w, "Noor", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let run = draft(&w);
    store.create_match_run(&run).await.unwrap();
    let r1 = relationship(&w, run.id, RelationshipKind::Mentoring, &[&e1, &mentor]);
    let r2 = relationship(&w, run.id, RelationshipKind::Mentoring, &[&e2, &mentor]);
    // The mentor's application is listed once per match; it moves once.
    store
        .publish_match_run(&Publication {
            run_id: run.id,
            intake_id: w.intake,
            expected: vec![
                (e1.id, e1.version),
                (mentor.id, mentor.version),
                (e2.id, e2.version),
                (mentor.id, mentor.version),
            ],
            relationships: vec![r1.clone(), r2.clone()],
            actor: None,
            at: t(3, 9),
        })
        .await
        .unwrap();
    assert_eq!(status_of(&store, &mentor).await, ApplicationStatus::Matched);
    assert_eq!(
        store.mentor_loads(w.scheme).await.unwrap(),
        vec![(mentor.person_id, 2)]
    );
    // One mentee declines: that mentee is back in the pool, the mentor is still matched.
    let o = store
        .respond_to_offer(r1.id, e1.person_id, false, &terms(), t(4, 9))
        .await
        .unwrap();
    assert_eq!(o.returned_to_pool, vec![e1.id]);
    assert_eq!(status_of(&store, &mentor).await, ApplicationStatus::Matched);
    assert_eq!(
        store.mentor_loads(w.scheme).await.unwrap(),
        vec![(mentor.person_id, 1)]
    );
    // The other relationship goes live and is ended by the mentor: now they leave the pool for
    // good (withdrawn) and the mentee goes back.
    for p in [e2.person_id, mentor.person_id] {
        store
            .respond_to_offer(r2.id, p, true, &terms(), t(4, 10))
            .await
            .unwrap();
    }
    for p in [e2.person_id, mentor.person_id] {
        store.sign_agreement(r2.id, p, 1, t(4, 11)).await.unwrap();
    }
    store
        .end_relationship(r2.id, mentor.person_id, "", t(6, 9))
        .await
        .unwrap();
    assert_eq!(
        status_of(&store, &mentor).await,
        ApplicationStatus::Withdrawn
    );
    assert_eq!(status_of(&store, &e2).await, ApplicationStatus::Approved);
}
