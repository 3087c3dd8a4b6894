//! Storage stories of relationships in motion: action learning set meetings, attendance, the
//! agreed rota, presenters' issues and actions.

use crate::fixtures::{at, org, person, scheme};
use chrono::{NaiveDate, NaiveTime};
use tandem_domain::sets::{ActionStatus, Attendance, SetAction, SetMeeting};
use tandem_domain::{
    Application, ApplicationEvent, ApplicationId, ApplicationRole, ApplicationStatus, Intake,
    IntakeId, IntakePlace, MatchRun, MatchRunId, MatchingProfile, Member, OfferResponse, PersonId,
    Programme, ProgrammeId, ProgrammeKind, ProgrammeRules, Relationship, RelationshipId,
    RelationshipKind, RelationshipStatus, RunResult, RunStatus,
};
use tandem_storage::{Clash, Publication, Store, StoreError};
use uuid::Uuid;

/// A published set of three members (its status does not matter to storage).
async fn set_of_three(store: &Store) -> (RelationshipId, Vec<PersonId>) {
    let s = scheme(store, "North").await;
    let a = org(store, s.id, "Alpha Trust").await;
    let programme = Programme {
        id: ProgrammeId::new(),
        scheme_id: s.id,
        name: "Sets".into(),
        kind: ProgrammeKind::ActionLearningSets,
        description: String::new(),
        rules: ProgrammeRules::default(),
    };
    store.create_programme(&programme).await.unwrap();
    let intake = Intake {
        id: IntakeId::new(),
        programme_id: programme.id,
        name: "Spring".into(),
        opens_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        closes_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        starts_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        places: vec![IntakePlace {
            organisation_id: a.id,
            places: 10,
        }],
    };
    store.create_intake(&intake).await.unwrap();
    let mut apps = Vec::new();
    for name in ["Ann", "Bea", "Cai"] {
        let p = person(store, s.id, name, "Member", &[a.id]).await;
        let app = Application {
            id: ApplicationId::new(),
            intake_id: intake.id,
            person_id: p.person.id,
            role: ApplicationRole::SetMember,
            organisation_id: a.id,
            status: ApplicationStatus::AwaitingCoordinator,
            profile: MatchingProfile::default(),
            answers: Default::default(),
            line_manager_id: None,
            submitted_at: at(2026, 2, 1, 9, 0),
            updated_at: at(2026, 2, 1, 9, 0),
            version: 1,
        };
        let ev = |status| ApplicationEvent {
            application_id: app.id,
            at: at(2026, 2, 1, 9, 0),
            actor_id: None,
            status,
            note: "test".into(),
        };
        store
            .create_application(&app, &ev(ApplicationStatus::AwaitingCoordinator))
            .await
            .unwrap();
        let app = store
            .move_application(
                app.id,
                ApplicationStatus::AwaitingCoordinator,
                &ev(ApplicationStatus::Approved),
            )
            .await
            .unwrap();
        apps.push(app);
    }
    let run = MatchRun {
        id: MatchRunId::new(),
        intake_id: intake.id,
        number: 0,
        status: RunStatus::Draft,
        created_at: at(2026, 2, 2, 9, 0),
        created_by: None,
        inputs_digest: "d".into(),
        inputs: "{}".into(),
        parameters: "{}".into(),
        result: RunResult {
            matches: vec![],
            unmatched: vec![],
            total_score: 0,
            mean_score_percent: 0,
            optimal: true,
            per_organisation: vec![],
            ignored_pins: vec![],
        },
        published_at: None,
    };
    store.create_match_run(&run).await.unwrap();
    let r = Relationship {
        id: RelationshipId::new(),
        intake_id: intake.id,
        run_id: Some(run.id),
        kind: RelationshipKind::Set,
        status: RelationshipStatus::Proposed,
        offer_deadline: at(2026, 2, 20, 17, 0),
        meeting_slot: None,
        members: apps
            .iter()
            .map(|a| Member {
                person_id: a.person_id,
                application_id: a.id,
                role: a.role,
                response: OfferResponse::Pending,
                responded_at: None,
                signed_version: None,
                signed_at: None,
                fit_check: None,
                left_at: None,
            })
            .collect(),
        created_at: at(2026, 2, 3, 9, 0),
        updated_at: at(2026, 2, 3, 9, 0),
        activated_at: None,
        closed_at: None,
    };
    store
        .publish_match_run(&Publication {
            run_id: run.id,
            intake_id: intake.id,
            expected: apps.iter().map(|a| (a.id, a.version)).collect(),
            relationships: vec![r.clone()],
            actor: None,
            at: at(2026, 2, 3, 9, 0),
        })
        .await
        .unwrap();
    (r.id, apps.iter().map(|a| a.person_id).collect())
}

fn meeting(rel: RelationshipId, day: u32) -> SetMeeting {
    SetMeeting {
        id: Uuid::new_v4(),
        relationship_id: rel,
        starts_on: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
        starts_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
        link: "https://meet.example/set".into(),
        facilitator: None,
        timekeeper: None,
        rota_agreed: false,
        attendance_recorded: false,
        created_by: None,
        created_at: at(2026, 3, 1, 9, 0),
    }
}

pub async fn meetings_keep_rota_attendance_issues_and_actions(store: Store) {
    let (rel, people) = set_of_three(&store).await;
    // Created out of date order: listed by date.
    let second = meeting(rel, 24);
    let first = meeting(rel, 10);
    store.create_set_meeting(&second).await.unwrap();
    store.create_set_meeting(&first).await.unwrap();
    let all = store.set_meetings_of(rel).await.unwrap();
    let ids: Vec<Uuid> = all.iter().map(|m| m.meeting.id).collect();
    assert_eq!(ids, vec![first.id, second.id]);
    assert!(!all[0].meeting.rota_agreed);

    store
        .agree_set_rota(
            first.id,
            Some(people[0]),
            Some(people[1]),
            &[people[2], people[1]],
        )
        .await
        .unwrap();
    let got = store.get_set_meeting(first.id).await.unwrap();
    assert!(got.meeting.rota_agreed);
    assert_eq!(got.meeting.facilitator, Some(people[0]));
    assert_eq!(got.meeting.timekeeper, Some(people[1]));
    let order: Vec<PersonId> = got.presentations.iter().map(|p| p.person_id).collect();
    assert_eq!(order, vec![people[2], people[1]]);
    assert!(got.as_past().is_none(), "no history before attendance");

    // Only presenters of the agreed rota have an issue.
    assert!(matches!(
        store.record_set_issue(first.id, people[0], "x").await,
        Err(StoreError::NotFound)
    ));
    store
        .record_set_issue(first.id, people[2], "Rota gaps")
        .await
        .unwrap();
    // Once an issue is recorded the presenters stay.
    assert!(matches!(
        store
            .agree_set_rota(first.id, None, None, &[people[0]])
            .await,
        Err(StoreError::Refused(Clash::IssuesRecorded))
    ));
    let got = store.get_set_meeting(first.id).await.unwrap();
    assert_eq!(got.presentations[0].issue, "Rota gaps");
    assert_eq!(got.presentations.len(), 2);

    let present = |p: PersonId, present: bool| Attendance {
        person_id: p,
        present,
    };
    store
        .record_set_attendance(
            first.id,
            &[
                present(people[0], true),
                present(people[1], false),
                present(people[2], true),
            ],
        )
        .await
        .unwrap();
    // A correction replaces the list.
    store
        .record_set_attendance(
            first.id,
            &[
                present(people[0], true),
                present(people[1], true),
                present(people[2], true),
            ],
        )
        .await
        .unwrap();
    let got = store.get_set_meeting(first.id).await.unwrap();
    assert_eq!(got.attendance.len(), 3);
    let past = got.as_past().unwrap();
    assert_eq!(past.attended.len(), 3);
    assert_eq!(past.presenters, vec![people[2], people[1]]);
    // A meeting that happened cannot be moved.
    let mut moved = first.clone();
    moved.starts_on = NaiveDate::from_ymd_opt(2026, 3, 11).unwrap();
    assert!(matches!(
        store.reschedule_set_meeting(&moved).await,
        Err(StoreError::Refused(Clash::AttendanceRecorded))
    ));
    let mut moved = second.clone();
    moved.link = "https://meet.example/other".into();
    store.reschedule_set_meeting(&moved).await.unwrap();
    assert_eq!(
        store.get_set_meeting(second.id).await.unwrap().meeting.link,
        "https://meet.example/other"
    );

    let action = SetAction {
        id: Uuid::new_v4(),
        meeting_id: first.id,
        person_id: people[2],
        text: "Ask HR about bank staff".into(),
        status: ActionStatus::Open,
        updated_at: at(2026, 3, 10, 16, 0),
    };
    store.add_set_action(&action).await.unwrap();
    store
        .set_action_status(action.id, ActionStatus::Carried, at(2026, 3, 24, 15, 0))
        .await
        .unwrap();
    let got = store.get_set_action(action.id).await.unwrap();
    assert_eq!(got.status, ActionStatus::Carried);
    assert_eq!(got.text, action.text);
    let all = store.set_meetings_of(rel).await.unwrap();
    assert_eq!(all[0].actions.len(), 1);
    assert!(all[1].actions.is_empty());
    assert!(matches!(
        store
            .set_action_status(Uuid::new_v4(), ActionStatus::Done, at(2026, 3, 24, 15, 0))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.get_set_meeting(Uuid::new_v4()).await,
        Err(StoreError::NotFound)
    ));
}
