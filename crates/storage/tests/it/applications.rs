//! Storage stories of recruitment: applications, their conditional status moves, places,
//! line-manager links and intake forms.

use crate::fixtures::{at, org, person, scheme};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use tandem_domain::application::{ManagerLink, PlaceUse};
use tandem_domain::{
    Answer, Answers, Application, ApplicationEvent, ApplicationId, ApplicationRole,
    ApplicationStatus, FrameworkDimension, Intake, IntakeId, IntakePlace, MatchingProfile, Mode,
    OrganisationId, PersonId, Programme, ProgrammeId, ProgrammeKind, ProgrammeRules, Question,
    QuestionKind, Slot,
};
use tandem_storage::{Clash, Store, StoreError, UniqueField};

use ApplicationStatus::*;

/// A scheme with two organisations and one mentoring intake giving them `places_a` and
/// `places_b` places.
struct Setup {
    scheme: tandem_domain::SchemeId,
    org_a: OrganisationId,
    org_b: OrganisationId,
    intake: Intake,
}

async fn setup(store: &Store, places_a: u32, places_b: u32) -> Setup {
    let s = scheme(store, "North").await;
    let a = org(store, s.id, "Alpha Trust").await;
    let b = org(store, s.id, "Beta Council").await;
    let programme = Programme {
        id: ProgrammeId::new(),
        scheme_id: s.id,
        name: "Mentoring".into(),
        kind: ProgrammeKind::Mentoring,
        description: String::new(),
        rules: ProgrammeRules {
            modes: vec![Mode::Video],
            ..ProgrammeRules::default()
        },
    };
    store.create_programme(&programme).await.unwrap();
    let intake = Intake {
        id: IntakeId::new(),
        programme_id: programme.id,
        name: "Spring".into(),
        opens_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        closes_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        starts_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        places: vec![
            IntakePlace {
                organisation_id: a.id,
                places: places_a,
            },
            IntakePlace {
                organisation_id: b.id,
                places: places_b,
            },
        ],
    };
    store.create_intake(&intake).await.unwrap();
    Setup {
        scheme: s.id,
        org_a: a.id,
        org_b: b.id,
        intake,
    }
}

fn application(
    intake: IntakeId,
    person: PersonId,
    org: OrganisationId,
    role: ApplicationRole,
    status: ApplicationStatus,
    submitted: DateTime<Utc>,
) -> Application {
    let mut answers = Answers::new();
    answers.insert("why".into(), Answer::Text("To grow <b>'; DROP".into()));
    answers.insert("scale".into(), Answer::Number(4));
    answers.insert("pick".into(), Answer::Choices(vec!["a".into(), "b".into()]));
    Application {
        id: ApplicationId::new(),
        intake_id: intake,
        person_id: person,
        role,
        organisation_id: org,
        status,
        profile: MatchingProfile {
            goals: vec![FrameworkDimension::LeadingWithCare],
            expertise: vec![],
            availability: vec![Slot { day: 1, part: 0 }, Slot { day: 3, part: 2 }],
            modes: vec![Mode::Video],
            conflicts: vec![],
        },
        answers,
        line_manager_id: None,
        submitted_at: submitted,
        updated_at: submitted,
        version: 1,
    }
}

fn event(a: ApplicationId, status: ApplicationStatus, at: DateTime<Utc>) -> ApplicationEvent {
    ApplicationEvent {
        application_id: a,
        at,
        actor_id: None,
        status,
        note: format!("applications.history.{}", status.code()),
    }
}

/// Creates `n` people of `org`, each with one application (awaiting the coordinator) as mentee.
async fn applicants(store: &Store, s: &Setup, org: OrganisationId, n: usize) -> Vec<Application> {
    let mut out = Vec::new();
    for i in 0..n {
        let p = person(store, s.scheme, &format!("P{i}"), &format!("{org}"), &[org]).await;
        let a = application(
            s.intake.id,
            p.person.id,
            org,
            ApplicationRole::Mentee,
            AwaitingCoordinator,
            at(2026, 1, 5, 9, i as u32),
        );
        store
            .create_application(&a, &event(a.id, AwaitingCoordinator, a.submitted_at))
            .await
            .unwrap();
        out.push(a);
    }
    out
}

async fn place_of(store: &Store, intake: IntakeId, org: OrganisationId) -> PlaceUse {
    store
        .place_use(intake)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.organisation_id == org)
        .expect("organisation has places")
}

pub async fn applications_round_trip_with_history(store: Store) {
    let s = setup(&store, 3, 1).await;
    let p = person(&store, s.scheme, "Ada", "Lovelace", &[s.org_a]).await;
    let later = application(
        s.intake.id,
        p.person.id,
        s.org_a,
        ApplicationRole::Mentor,
        AwaitingManager,
        at(2026, 1, 9, 10, 0),
    );
    let earlier = Application {
        id: ApplicationId::new(),
        role: ApplicationRole::Mentee,
        status: AwaitingCoordinator,
        submitted_at: at(2026, 1, 3, 10, 0),
        updated_at: at(2026, 1, 3, 10, 0),
        ..later.clone()
    };
    for a in [&later, &earlier] {
        store
            .create_application(a, &event(a.id, a.status, a.submitted_at))
            .await
            .unwrap();
    }
    assert_eq!(store.get_application(later.id).await.unwrap(), later);
    assert_eq!(
        store.list_applications(s.intake.id).await.unwrap(),
        vec![earlier.clone(), later.clone()],
        "oldest submission first"
    );
    assert_eq!(
        store.applications_of_person(p.person.id).await.unwrap(),
        vec![later.clone(), earlier.clone()],
        "newest first"
    );
    assert!(matches!(
        store.get_application(ApplicationId::new()).await,
        Err(StoreError::NotFound)
    ));

    let moved = store
        .move_application(
            later.id,
            AwaitingManager,
            &event(later.id, AwaitingCoordinator, at(2026, 1, 10, 8, 0)),
        )
        .await
        .unwrap();
    assert_eq!(moved.status, AwaitingCoordinator);
    assert_eq!(moved.version, 2);
    assert_eq!(moved.updated_at, at(2026, 1, 10, 8, 0));
    let history = store.application_history(later.id).await.unwrap();
    assert_eq!(
        history.iter().map(|e| e.status).collect::<Vec<_>>(),
        vec![AwaitingManager, AwaitingCoordinator]
    );
    assert_eq!(history[1].note, "applications.history.awaiting_coordinator");
    assert!(
        store
            .application_history(ApplicationId::new())
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn a_second_application_to_the_same_role_conflicts_and_writes_nothing(store: Store) {
    let s = setup(&store, 3, 1).await;
    let p = person(&store, s.scheme, "Ada", "Lovelace", &[s.org_a]).await;
    let first = application(
        s.intake.id,
        p.person.id,
        s.org_a,
        ApplicationRole::Mentee,
        AwaitingCoordinator,
        at(2026, 1, 5, 9, 0),
    );
    store
        .create_application(
            &first,
            &event(first.id, AwaitingCoordinator, first.submitted_at),
        )
        .await
        .unwrap();
    let again = Application {
        id: ApplicationId::new(),
        submitted_at: at(2026, 1, 6, 9, 0),
        ..first.clone()
    };
    match store
        .create_application(
            &again,
            &event(again.id, AwaitingCoordinator, again.submitted_at),
        )
        .await
    {
        Err(StoreError::Conflict {
            field: UniqueField::Role,
        }) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        store.list_applications(s.intake.id).await.unwrap(),
        vec![first.clone()]
    );
    assert!(
        store
            .application_history(again.id)
            .await
            .unwrap()
            .is_empty()
    );

    // Another role in the same intake is a separate application.
    let mentor = Application {
        id: ApplicationId::new(),
        role: ApplicationRole::Mentor,
        ..first.clone()
    };
    store
        .create_application(
            &mentor,
            &event(mentor.id, AwaitingCoordinator, mentor.submitted_at),
        )
        .await
        .unwrap();
    assert_eq!(store.list_applications(s.intake.id).await.unwrap().len(), 2);

    // An application may never be created holding a place (that would skip the count).
    let approved = Application {
        id: ApplicationId::new(),
        role: ApplicationRole::PairManager,
        status: Approved,
        ..first.clone()
    };
    assert!(matches!(
        store
            .create_application(
                &approved,
                &event(approved.id, Approved, approved.submitted_at)
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(place_of(&store, s.intake.id, s.org_a).await.taken, 0);
}

pub async fn status_moves_are_conditional_and_stale_ones_change_nothing(store: Store) {
    let s = setup(&store, 3, 1).await;
    let a = applicants(&store, &s, s.org_a, 1).await.remove(0);
    let when = at(2026, 1, 7, 9, 0);
    // Stale: the caller thinks it waits for the manager.
    match store
        .move_application(
            a.id,
            AwaitingManager,
            &event(a.id, AwaitingCoordinator, when),
        )
        .await
    {
        Err(StoreError::Refused(Clash::StatusChanged)) => {}
        other => panic!("expected a stale conflict, got {other:?}"),
    }
    // Not a move the rules allow.
    assert!(matches!(
        store
            .move_application(a.id, AwaitingCoordinator, &event(a.id, Matched, when))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .move_application(
                ApplicationId::new(),
                AwaitingCoordinator,
                &event(a.id, Declined, when)
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    let missing = ApplicationId::new();
    assert!(matches!(
        store
            .move_application(
                missing,
                AwaitingCoordinator,
                &event(missing, Declined, when)
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let unchanged = store.get_application(a.id).await.unwrap();
    assert_eq!(unchanged, a, "nothing changed, version included");
    assert_eq!(store.application_history(a.id).await.unwrap().len(), 1);

    let declined = store
        .move_application(a.id, AwaitingCoordinator, &event(a.id, Declined, when))
        .await
        .unwrap();
    assert_eq!((declined.status, declined.version), (Declined, 2));
    // A second coordinator acting on what they saw before: refused.
    assert!(matches!(
        store
            .move_application(a.id, AwaitingCoordinator, &event(a.id, Approved, when))
            .await,
        Err(StoreError::Refused(Clash::StatusChanged))
    ));
    assert_eq!(place_of(&store, s.intake.id, s.org_a).await.taken, 0);
}

pub async fn approval_never_exceeds_places_and_withdrawal_frees_one(store: Store) {
    let s = setup(&store, 2, 1).await;
    let apps = applicants(&store, &s, s.org_a, 3).await;
    let when = at(2026, 1, 8, 9, 0);
    for a in &apps[..2] {
        store
            .move_application(a.id, AwaitingCoordinator, &event(a.id, Approved, when))
            .await
            .unwrap();
    }
    let third = &apps[2];
    match store
        .move_application(
            third.id,
            AwaitingCoordinator,
            &event(third.id, Approved, when),
        )
        .await
    {
        Err(StoreError::Refused(Clash::PlacesFull)) => {}
        other => panic!("expected no places left, got {other:?}"),
    }
    let still = store.get_application(third.id).await.unwrap();
    assert_eq!((still.status, still.version), (AwaitingCoordinator, 1));
    assert_eq!(store.application_history(third.id).await.unwrap().len(), 1);
    assert_eq!(
        place_of(&store, s.intake.id, s.org_a).await,
        PlaceUse {
            organisation_id: s.org_a,
            places: 2,
            taken: 2
        }
    );
    // The other organisation's places are its own.
    assert_eq!(place_of(&store, s.intake.id, s.org_b).await.taken, 0);

    store
        .move_application(
            third.id,
            AwaitingCoordinator,
            &event(third.id, WaitingList, when),
        )
        .await
        .unwrap();
    // An approved applicant withdraws: the place goes back, and the waiting list can have it.
    store
        .move_application(apps[0].id, Approved, &event(apps[0].id, Withdrawn, when))
        .await
        .unwrap();
    assert_eq!(place_of(&store, s.intake.id, s.org_a).await.taken, 1);
    store
        .move_application(third.id, WaitingList, &event(third.id, Approved, when))
        .await
        .unwrap();
    assert_eq!(place_of(&store, s.intake.id, s.org_a).await.taken, 2);

    // Matched still holds the place; a matched applicant who withdraws frees it.
    store
        .move_application(apps[1].id, Approved, &event(apps[1].id, Matched, when))
        .await
        .unwrap();
    assert_eq!(place_of(&store, s.intake.id, s.org_a).await.taken, 2);
    store
        .move_application(apps[1].id, Matched, &event(apps[1].id, Withdrawn, when))
        .await
        .unwrap();
    assert_eq!(place_of(&store, s.intake.id, s.org_a).await.taken, 1);
}

pub async fn concurrent_approvals_never_exceed_the_places(store: Store) {
    let s = setup(&store, 3, 1).await;
    let apps = applicants(&store, &s, s.org_a, 8).await;
    let mut tasks = Vec::new();
    for a in apps.clone() {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .move_application(
                    a.id,
                    AwaitingCoordinator,
                    &event(a.id, Approved, at(2026, 1, 9, 9, 0)),
                )
                .await
        }));
    }
    let mut approved = 0;
    let mut refused = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(a) => {
                assert_eq!(a.status, Approved);
                approved += 1;
            }
            Err(StoreError::Refused(Clash::PlacesFull)) => refused += 1,
            Err(e) => panic!("unexpected error {e:?}"),
        }
    }
    assert_eq!((approved, refused), (3, 5));
    assert_eq!(place_of(&store, s.intake.id, s.org_a).await.taken, 3);
    let now_approved = store
        .list_applications(s.intake.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.status == Approved)
        .count();
    assert_eq!(now_approved, 3);
}

pub async fn updating_an_intake_keeps_the_places_taken(store: Store) {
    let s = setup(&store, 3, 1).await;
    let apps = applicants(&store, &s, s.org_a, 3).await;
    let when = at(2026, 1, 8, 9, 0);
    for a in &apps[..2] {
        store
            .move_application(a.id, AwaitingCoordinator, &event(a.id, Approved, when))
            .await
            .unwrap();
    }
    store
        .move_application(apps[1].id, Approved, &event(apps[1].id, Matched, when))
        .await
        .unwrap();
    store
        .move_application(
            apps[2].id,
            AwaitingCoordinator,
            &event(apps[2].id, WaitingList, when),
        )
        .await
        .unwrap();
    let changed = Intake {
        name: "Spring, renamed".into(),
        places: vec![
            IntakePlace {
                organisation_id: s.org_b,
                places: 4,
            },
            IntakePlace {
                organisation_id: s.org_a,
                places: 2,
            },
        ],
        ..s.intake.clone()
    };
    store.update_intake(&changed).await.unwrap();
    assert_eq!(
        store.place_use(s.intake.id).await.unwrap(),
        vec![
            PlaceUse {
                organisation_id: s.org_b,
                places: 4,
                taken: 0
            },
            PlaceUse {
                organisation_id: s.org_a,
                places: 2,
                taken: 2
            },
        ]
    );
    // Still full: the waiting list cannot be approved into a place that is held.
    assert!(matches!(
        store
            .move_application(apps[2].id, WaitingList, &event(apps[2].id, Approved, when))
            .await,
        Err(StoreError::Refused(Clash::PlacesFull))
    ));
}

fn link(a: &Application, manager: PersonId, created: DateTime<Utc>, hash: &str) -> ManagerLink {
    ManagerLink {
        token_hash: hash.into(),
        application_id: a.id,
        manager_id: manager,
        created_at: created,
        expires_at: created + Duration::days(14),
        used_at: None,
    }
}

pub async fn manager_links_work_once_and_expire(store: Store) {
    let s = setup(&store, 3, 1).await;
    let manager = person(&store, s.scheme, "Mo", "Manager", &[s.org_a]).await;
    let mut made = Vec::new();
    for (i, name) in ["Ann", "Bob", "Cy"].iter().enumerate() {
        let p = person(&store, s.scheme, name, "Applicant", &[s.org_a]).await;
        let a = Application {
            line_manager_id: Some(manager.person.id),
            ..application(
                s.intake.id,
                p.person.id,
                s.org_a,
                ApplicationRole::Mentee,
                AwaitingManager,
                at(2026, 1, 5, 9, i as u32),
            )
        };
        store
            .create_application(&a, &event(a.id, AwaitingManager, a.submitted_at))
            .await
            .unwrap();
        made.push(a);
    }
    let created = at(2026, 1, 5, 10, 0);
    let hashes = ["a".repeat(64), "b".repeat(64), "c".repeat(64)];
    for (a, h) in made.iter().zip(&hashes) {
        store
            .create_manager_link(&link(a, manager.person.id, created, h))
            .await
            .unwrap();
    }
    assert_eq!(
        store.manager_link(&hashes[0]).await.unwrap(),
        Some(link(&made[0], manager.person.id, created, &hashes[0]))
    );
    assert_eq!(store.manager_link(&"f".repeat(64)).await.unwrap(), None);

    // A forged link: nothing happens.
    let now = created + Duration::days(1);
    let approve = |a: &Application| ApplicationEvent {
        actor_id: None,
        ..event(a.id, AwaitingCoordinator, now)
    };
    assert!(matches!(
        store
            .answer_manager_link(&"f".repeat(64), now, &approve(&made[0]))
            .await,
        Err(StoreError::NotFound)
    ));
    // Used once: approved; a second use is refused and changes nothing.
    let a = store
        .answer_manager_link(&hashes[0], now, &approve(&made[0]))
        .await
        .unwrap();
    assert_eq!((a.status, a.version), (AwaitingCoordinator, 2));
    assert_eq!(
        store
            .manager_link(&hashes[0])
            .await
            .unwrap()
            .unwrap()
            .used_at,
        Some(now)
    );
    match store
        .answer_manager_link(&hashes[0], now, &approve(&made[0]))
        .await
    {
        Err(StoreError::Refused(Clash::LinkUsed)) => {}
        other => panic!("expected a used link, got {other:?}"),
    }
    assert_eq!(store.get_application(made[0].id).await.unwrap().version, 2);
    assert_eq!(
        store.application_history(made[0].id).await.unwrap().len(),
        2
    );

    // Expired: refused, the application still waits for the manager.
    let late = created + Duration::days(14);
    match store
        .answer_manager_link(&hashes[1], late, &approve(&made[1]))
        .await
    {
        Err(StoreError::Refused(Clash::LinkExpired)) => {}
        other => panic!("expected an expired link, got {other:?}"),
    }
    assert_eq!(
        store.get_application(made[1].id).await.unwrap().status,
        AwaitingManager
    );
    assert_eq!(
        store
            .manager_link(&hashes[1])
            .await
            .unwrap()
            .unwrap()
            .used_at,
        None
    );

    // A link whose application was withdrawn meanwhile: refused, and the link is not spent.
    store
        .move_application(
            made[2].id,
            AwaitingManager,
            &event(made[2].id, Withdrawn, now),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .answer_manager_link(&hashes[2], now, &approve(&made[2]))
            .await,
        Err(StoreError::Refused(Clash::StatusChanged))
    ));
    assert_eq!(
        store
            .manager_link(&hashes[2])
            .await
            .unwrap()
            .unwrap()
            .used_at,
        None
    );
    // A link answering for another application than its own: refused.
    assert!(matches!(
        store
            .answer_manager_link(&hashes[1], now, &approve(&made[0]))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store
            .manager_link(&hashes[1])
            .await
            .unwrap()
            .unwrap()
            .used_at,
        None
    );
}

pub async fn application_forms_round_trip(store: Store) {
    let s = setup(&store, 3, 1).await;
    assert!(
        store
            .application_form(s.intake.id)
            .await
            .unwrap()
            .is_empty()
    );
    let questions = vec![
        Question {
            key: "q1".into(),
            kind: QuestionKind::SingleChoice,
            prompt: "Which site?".into(),
            hint: String::new(),
            options: vec!["North".into(), "South".into()],
            scale_max: None,
            required: true,
            roles: vec![ApplicationRole::Mentee],
        },
        Question {
            key: "q2".into(),
            kind: QuestionKind::Scale,
            prompt: "How confident are you?".into(),
            hint: "1 = not at all".into(),
            options: vec![],
            scale_max: Some(7),
            required: false,
            roles: vec![],
        },
    ];
    store
        .set_application_form(s.intake.id, &questions, at(2026, 1, 1, 9, 0))
        .await
        .unwrap();
    assert_eq!(
        store.application_form(s.intake.id).await.unwrap(),
        questions
    );
    store
        .set_application_form(s.intake.id, &questions[1..], at(2026, 1, 2, 9, 0))
        .await
        .unwrap();
    assert_eq!(
        store.application_form(s.intake.id).await.unwrap(),
        questions[1..].to_vec()
    );
    assert!(matches!(
        store
            .set_application_form(IntakeId::new(), &questions, at(2026, 1, 2, 9, 0))
            .await,
        Err(StoreError::NotFound)
    ));
}
