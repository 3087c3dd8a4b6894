//! Storage stories of the scheme journey: mentor development (training, supervision, standing
//! and load).
//!
//! The load stories need relationships, which only the matching code creates; until its store
//! functions are used here, they insert relationship rows with a raw connection of their own
//! (`mentor_load_counts_*`, run on SQLite always and on PostgreSQL when configured).

use crate::fixtures::{at, org, person, scheme};
use chrono::{Duration, NaiveDate};
use sqlx::{AnyConnection, Connection};
use tandem_domain::mentor::MentorOverview;
use tandem_domain::{
    Intake, IntakeId, MentorStanding, MentorStatus, OrganisationId, PersonId, Programme,
    ProgrammeId, ProgrammeKind, ProgrammeRules, SupervisionId, SupervisionRecord, TrainingId,
    TrainingRecord,
};
use tandem_storage::{Store, StoreError, UniqueField};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn training(
    person: PersonId,
    course: &str,
    completed_on: NaiveDate,
    qualifies: bool,
) -> TrainingRecord {
    TrainingRecord {
        id: TrainingId::new(),
        person_id: person,
        course: course.into(),
        provider: "Leadership Academy".into(),
        completed_on,
        evidence: format!("Certificate for {course}"),
        qualifies_as_mentor_training: qualifies,
        recorded_by: None,
        recorded_at: at(2025, 5, 1, 9, 0),
        verified_by: None,
        verified_at: None,
    }
}

fn supervision(person: PersonId, held_on: NaiveDate, minutes: u32) -> SupervisionRecord {
    SupervisionRecord {
        id: SupervisionId::new(),
        person_id: person,
        held_on,
        supervisor: "Dr Jo Supervisor".into(),
        minutes,
        themes: "Boundaries\nEndings, and 'quotes' \"too\"".into(),
        recorded_by: None,
        recorded_at: at(2025, 5, 1, 9, 0),
    }
}

pub async fn training_round_trips_newest_first(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let mentor = person(&store, s.id, "Mia", "Mentor", &[a.id]).await.person;
    let recorder = person(&store, s.id, "Cora", "Coordinator", &[a.id])
        .await
        .person;
    let other = person(&store, s.id, "Otto", "Other", &[a.id]).await.person;
    assert!(store.list_training(mentor.id).await.unwrap().is_empty());
    assert!(!store.is_mentor_trained(mentor.id).await.unwrap());

    let old = training(mentor.id, "Listening skills", d(2023, 3, 1), false);
    let newest = TrainingRecord {
        recorded_by: Some(recorder.id),
        ..training(mentor.id, "Coaching conversations", d(2025, 2, 1), false)
    };
    // Same completion date as `newest`, recorded earlier: listed after it.
    let same_day_earlier = TrainingRecord {
        recorded_at: at(2025, 4, 1, 9, 0),
        ..training(mentor.id, "Reflective practice", d(2025, 2, 1), false)
    };
    for t in [&old, &same_day_earlier, &newest] {
        store.create_training(t).await.unwrap();
    }
    assert_eq!(
        store.list_training(mentor.id).await.unwrap(),
        vec![newest.clone(), same_day_earlier.clone(), old.clone()]
    );
    // None of these counts as mentor training yet.
    assert!(!store.is_mentor_trained(mentor.id).await.unwrap());
    let qualifying = training(mentor.id, "Mentor foundation", d(2024, 1, 10), true);
    store.create_training(&qualifying).await.unwrap();
    // Their own entry, not verified: it does not count yet.
    assert!(!store.is_mentor_trained(mentor.id).await.unwrap());
    // Verifying someone else's record is NotFound, and changes nothing.
    assert!(matches!(
        store
            .verify_training(other.id, qualifying.id, recorder.id, at(2025, 6, 1, 9, 0))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(!store.is_mentor_trained(mentor.id).await.unwrap());
    store
        .verify_training(mentor.id, qualifying.id, recorder.id, at(2025, 6, 1, 9, 0))
        .await
        .unwrap();
    assert!(store.is_mentor_trained(mentor.id).await.unwrap());
    // A second verification keeps the first.
    store
        .verify_training(mentor.id, qualifying.id, other.id, at(2025, 7, 1, 9, 0))
        .await
        .unwrap();
    let verified = store
        .list_training(mentor.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.id == qualifying.id)
        .unwrap();
    assert_eq!(verified.verified_by, Some(recorder.id));
    assert_eq!(verified.verified_at, Some(at(2025, 6, 1, 9, 0)));
    assert!(verified.verified());
    assert!(!store.is_mentor_trained(other.id).await.unwrap());
    assert!(store.list_training(other.id).await.unwrap().is_empty());
    assert_eq!(store.list_training(mentor.id).await.unwrap().len(), 4);

    assert!(matches!(
        store.create_training(&qualifying).await,
        Err(StoreError::Conflict {
            field: UniqueField::Id
        })
    ));
    assert!(matches!(
        store
            .create_training(&training(PersonId::new(), "Nobody's", d(2024, 1, 1), true))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.list_training(mentor.id).await.unwrap().len(), 4);
}

pub async fn supervision_round_trips_newest_first(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let mentor = person(&store, s.id, "Mia", "Mentor", &[a.id]).await.person;
    let other = person(&store, s.id, "Otto", "Other", &[a.id]).await.person;
    assert!(store.list_supervision(mentor.id).await.unwrap().is_empty());

    let january = supervision(mentor.id, d(2025, 1, 15), 60);
    let march = SupervisionRecord {
        recorded_by: Some(other.id),
        ..supervision(mentor.id, d(2025, 3, 15), 600)
    };
    let february = supervision(mentor.id, d(2025, 2, 15), 1);
    for s in [&january, &march, &february] {
        store.create_supervision(s).await.unwrap();
    }
    store
        .create_supervision(&supervision(other.id, d(2025, 4, 1), 45))
        .await
        .unwrap();
    assert_eq!(
        store.list_supervision(mentor.id).await.unwrap(),
        vec![march.clone(), february.clone(), january.clone()]
    );
    assert_eq!(store.list_supervision(other.id).await.unwrap().len(), 1);
    assert!(matches!(
        store.create_supervision(&march).await,
        Err(StoreError::Conflict {
            field: UniqueField::Id
        })
    ));
    assert!(matches!(
        store
            .create_supervision(&supervision(PersonId::new(), d(2025, 1, 1), 30))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.list_supervision(mentor.id).await.unwrap().len(), 3);
}

pub async fn standing_is_upserted(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let mentor = person(&store, s.id, "Mia", "Mentor", &[a.id]).await.person;
    assert_eq!(store.mentor_standing(mentor.id).await.unwrap(), None);
    assert!(store.mentor_standings(s.id).await.unwrap().is_empty());

    let paused = MentorStanding {
        person_id: mentor.id,
        status: MentorStatus::Paused,
        load_max: Some(3),
        updated_at: at(2025, 5, 1, 9, 0),
    };
    store.set_mentor_standing(&paused).await.unwrap();
    assert_eq!(
        store.mentor_standing(mentor.id).await.unwrap(),
        Some(paused.clone())
    );
    // Saving again replaces the row: back to active, personal load removed.
    let active = MentorStanding {
        status: MentorStatus::Active,
        load_max: None,
        updated_at: at(2025, 5, 2, 10, 30),
        ..paused.clone()
    };
    store.set_mentor_standing(&active).await.unwrap();
    assert_eq!(
        store.mentor_standing(mentor.id).await.unwrap(),
        Some(active.clone())
    );
    assert_eq!(store.mentor_standings(s.id).await.unwrap(), vec![active]);
    let withdrawn = MentorStanding {
        status: MentorStatus::Withdrawn,
        load_max: Some(1),
        updated_at: at(2025, 5, 3, 10, 30),
        ..paused
    };
    store.set_mentor_standing(&withdrawn).await.unwrap();
    assert_eq!(store.mentor_standings(s.id).await.unwrap(), vec![withdrawn]);

    let nobody = MentorStanding::initial(PersonId::new(), at(2025, 5, 1, 9, 0));
    assert!(matches!(
        store.set_mentor_standing(&nobody).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn concurrent_standing_saves_leave_one_row(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let mentor = person(&store, s.id, "Mia", "Mentor", &[a.id]).await.person;
    let mut tasks = Vec::new();
    for i in 1..=8u32 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let st = MentorStanding {
                person_id: mentor.id,
                status: if i % 2 == 0 {
                    MentorStatus::Active
                } else {
                    MentorStatus::Paused
                },
                load_max: Some(i),
                updated_at: at(2025, 5, 1, 9, 0) + Duration::minutes(i64::from(i)),
            };
            store.set_mentor_standing(&st).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let all = store.mentor_standings(s.id).await.unwrap();
    assert_eq!(all.len(), 1);
    // Whichever save came last, its status and load belong together.
    let l = all[0].load_max.unwrap();
    assert!((1..=8).contains(&l));
    assert_eq!(
        all[0].status,
        if l % 2 == 0 {
            MentorStatus::Active
        } else {
            MentorStatus::Paused
        }
    );
}

pub async fn standings_are_isolated_per_scheme(store: Store) {
    let north = scheme(&store, "North").await;
    let south = scheme(&store, "South").await;
    let na = org(&store, north.id, "North Trust").await;
    let sa = org(&store, south.id, "South Trust").await;
    let n1 = person(&store, north.id, "Nia", "North", &[na.id])
        .await
        .person;
    let n2 = person(&store, north.id, "Ned", "North", &[na.id])
        .await
        .person;
    let s1 = person(&store, south.id, "Sol", "South", &[sa.id])
        .await
        .person;
    let mut expected_north = Vec::new();
    for (p, status) in [
        (n1.id, MentorStatus::Paused),
        (n2.id, MentorStatus::Active),
        (s1.id, MentorStatus::Withdrawn),
    ] {
        let st = MentorStanding {
            person_id: p,
            status,
            load_max: Some(2),
            updated_at: at(2025, 5, 1, 9, 0),
        };
        store.set_mentor_standing(&st).await.unwrap();
        if p != s1.id {
            expected_north.push(st);
        }
    }
    expected_north.sort_by_key(|s| s.person_id.to_string());
    assert_eq!(
        store.mentor_standings(north.id).await.unwrap(),
        expected_north
    );
    let south_rows = store.mentor_standings(south.id).await.unwrap();
    assert_eq!(south_rows.len(), 1);
    assert_eq!(south_rows[0].person_id, s1.id);
    assert_eq!(south_rows[0].status, MentorStatus::Withdrawn);
    // The overview is per scheme too.
    let north_list: Vec<PersonId> = store
        .mentor_overview(north.id, None)
        .await
        .unwrap()
        .iter()
        .map(|m| m.person_id)
        .collect();
    assert!(north_list.contains(&n1.id) && north_list.contains(&n2.id));
    assert!(!north_list.contains(&s1.id));
}

pub async fn overview_lists_people_with_mentor_records(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    // Ordered by family name, then given name, case-insensitively.
    let trained = person(&store, s.id, "Tess", "zeta", &[a.id]).await.person;
    let standing_only = person(&store, s.id, "Sami", "Alpha", &[b.id]).await.person;
    let untrained = person(&store, s.id, "Uma", "Mid", &[a.id, b.id])
        .await
        .person;
    let nobody = person(&store, s.id, "Ned", "Nobody", &[a.id]).await.person;
    store
        .create_training(&training(
            trained.id,
            "Mentor foundation",
            d(2024, 1, 1),
            true,
        ))
        .await
        .unwrap();
    store
        .create_training(&training(untrained.id, "First aid", d(2024, 1, 1), false))
        .await
        .unwrap();
    let st = MentorStanding {
        person_id: standing_only.id,
        status: MentorStatus::Paused,
        load_max: Some(4),
        updated_at: at(2025, 5, 1, 9, 0),
    };
    store.set_mentor_standing(&st).await.unwrap();

    let all = store.mentor_overview(s.id, None).await.unwrap();
    let expected = vec![
        MentorOverview {
            person_id: standing_only.id,
            given_name: "Sami".into(),
            family_name: "Alpha".into(),
            standing: Some(st.clone()),
            trained: false,
            current_load: 0,
        },
        MentorOverview {
            person_id: untrained.id,
            given_name: "Uma".into(),
            family_name: "Mid".into(),
            standing: None,
            trained: false,
            current_load: 0,
        },
        MentorOverview {
            person_id: trained.id,
            given_name: "Tess".into(),
            family_name: "zeta".into(),
            standing: None,
            trained: true,
            current_load: 0,
        },
    ];
    assert_eq!(all, expected);
    assert!(all.iter().all(|m| m.person_id != nobody.id));
    assert_eq!(all[0].status(), MentorStatus::Paused);
    assert_eq!(all[1].status(), MentorStatus::Active);

    let only_a: Vec<PersonId> = store
        .mentor_overview(s.id, Some(&[a.id]))
        .await
        .unwrap()
        .iter()
        .map(|m| m.person_id)
        .collect();
    assert_eq!(only_a, vec![untrained.id, trained.id]);
    let only_b: Vec<PersonId> = store
        .mentor_overview(s.id, Some(&[b.id]))
        .await
        .unwrap()
        .iter()
        .map(|m| m.person_id)
        .collect();
    assert_eq!(only_b, vec![standing_only.id, untrained.id]);
    assert_eq!(
        store
            .mentor_overview(s.id, Some(&[a.id, b.id]))
            .await
            .unwrap(),
        expected
    );
    assert!(
        store
            .mentor_overview(s.id, Some(&[]))
            .await
            .unwrap()
            .is_empty()
    );
    let elsewhere = OrganisationId::new();
    assert!(
        store
            .mentor_overview(s.id, Some(&[elsewhere]))
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn mentor_load_is_zero_without_relationships(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let mentor = person(&store, s.id, "Mia", "Mentor", &[a.id]).await.person;
    assert_eq!(store.mentor_load(mentor.id).await.unwrap(), 0);
    assert_eq!(store.mentor_load(PersonId::new()).await.unwrap(), 0);
}

// ---------------------------------------------------------------------------------------------
// Load counted from relationships inserted with a raw connection.

/// Inserts an application (any status) and returns its id.
async fn raw_application(
    conn: &mut AnyConnection,
    intake: IntakeId,
    person: PersonId,
    org: OrganisationId,
    role: &str,
) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO applications (id, intake_id, person_id, role, organisation_id, status, \
         profile, answers, line_manager_id, submitted_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, 'matched', '{}', '{}', NULL, $6, $6, 1)",
    )
    .bind(id.clone())
    .bind(intake.to_string())
    .bind(person.to_string())
    .bind(role)
    .bind(org.to_string())
    .bind("2025-05-01T09:00:00.000000000Z")
    .execute(&mut *conn)
    .await
    .expect("insert application");
    id
}

/// Inserts a relationship with `status` and its members (person, application, role).
async fn raw_relationship(
    conn: &mut AnyConnection,
    intake: IntakeId,
    status: &str,
    members: &[(PersonId, &str, &str)],
) {
    let id = uuid::Uuid::now_v7().to_string();
    let now = "2025-05-01T09:00:00.000000000Z";
    sqlx::query(
        "INSERT INTO relationships (id, intake_id, run_id, kind, status, offer_deadline, \
         meeting_slot, created_at, updated_at, activated_at, closed_at, version) \
         VALUES ($1, $2, NULL, 'mentoring', $3, $4, '', $4, $4, NULL, NULL, 1)",
    )
    .bind(id.clone())
    .bind(intake.to_string())
    .bind(status)
    .bind(now)
    .execute(&mut *conn)
    .await
    .expect("insert relationship");
    for (person, application, role) in members {
        sqlx::query(
            "INSERT INTO relationship_members (relationship_id, person_id, application_id, \
             role, response) VALUES ($1, $2, $3, $4, 'pending')",
        )
        .bind(id.clone())
        .bind(person.to_string())
        .bind(application.to_string())
        .bind(role.to_string())
        .execute(&mut *conn)
        .await
        .expect("insert member");
    }
}

async fn load_story(store: Store, url: &str) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let mentor = person(&store, s.id, "Mia", "Mentor", &[a.id]).await.person;
    let mentee = person(&store, s.id, "Max", "Mentee", &[b.id]).await.person;
    let both = person(&store, s.id, "Bo", "Both", &[b.id]).await.person;
    let programme = Programme {
        id: ProgrammeId::new(),
        scheme_id: s.id,
        name: "Mentoring".into(),
        kind: ProgrammeKind::Mentoring,
        description: String::new(),
        rules: ProgrammeRules::default(),
    };
    store.create_programme(&programme).await.unwrap();
    let intake = Intake {
        id: IntakeId::new(),
        programme_id: programme.id,
        name: "Spring".into(),
        opens_on: d(2025, 1, 1),
        closes_on: d(2025, 2, 1),
        starts_on: d(2025, 3, 1),
        places: vec![],
    };
    store.create_intake(&intake).await.unwrap();

    let mut conn = AnyConnection::connect(url).await.expect("raw connection");
    let mentor_app = raw_application(&mut conn, intake.id, mentor.id, a.id, "mentor").await;
    let mentee_app = raw_application(&mut conn, intake.id, mentee.id, b.id, "mentee").await;
    let both_as_mentee = raw_application(&mut conn, intake.id, both.id, b.id, "mentee").await;
    // Someone who only applied to mentor appears in the coordinators' list.
    assert!(
        store
            .mentor_overview(s.id, None)
            .await
            .unwrap()
            .iter()
            .any(|m| m.person_id == mentor.id && m.current_load == 0 && m.standing.is_none())
    );
    assert!(
        !store
            .mentor_overview(s.id, None)
            .await
            .unwrap()
            .iter()
            .any(|m| m.person_id == mentee.id)
    );

    // Every live status counts; ended, declined and closed ones do not.
    let statuses = [
        ("proposed", true),
        ("accepted", true),
        ("active", true),
        ("winding_down", true),
        ("closed", false),
        ("declined", false),
        ("ended", false),
    ];
    let mut live = 0;
    for (status, counts) in statuses {
        raw_relationship(
            &mut conn,
            intake.id,
            status,
            &[
                (mentor.id, &mentor_app, "mentor"),
                (mentee.id, &mentee_app, "mentee"),
            ],
        )
        .await;
        if counts {
            live += 1;
        }
        assert_eq!(
            store.mentor_load(mentor.id).await.unwrap(),
            live,
            "after {status}"
        );
    }
    assert_eq!(live, 4);
    // Being a mentee takes none of one's own load.
    assert_eq!(store.mentor_load(mentee.id).await.unwrap(), 0);
    raw_relationship(
        &mut conn,
        intake.id,
        "active",
        &[
            (mentor.id, &mentor_app, "mentor"),
            (both.id, &both_as_mentee, "mentee"),
        ],
    )
    .await;
    assert_eq!(store.mentor_load(mentor.id).await.unwrap(), 5);
    assert_eq!(store.mentor_load(both.id).await.unwrap(), 0);
    let row = store
        .mentor_overview(s.id, None)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.person_id == mentor.id)
        .expect("the mentor is listed");
    assert_eq!(row.current_load, 5);
    conn.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentor_load_counts_live_relationships_on_sqlite() {
    tandem_test_support::on_sqlite(|db| async move { load_story(db.store, &db.url).await }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentor_load_counts_live_relationships_on_postgres() {
    tandem_test_support::on_postgres(|db| async move { load_story(db.store, &db.url).await }).await;
}
