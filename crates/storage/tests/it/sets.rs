//! Storage stories of relationships in motion: action learning set meetings, attendance, the
//! agreed rota, presenters' issues and actions.

use crate::fixtures::{approved_applicant, at, org, scheme};
use chrono::{NaiveDate, NaiveTime};
use tandem_domain::sets::{ActionStatus, Attendance, SetAction, SetMeeting};
use tandem_domain::{
    Application, ApplicationRole, PersonId, ProgrammeKind, ProgrammeRules, RelationshipId,
    RelationshipKind,
};
use tandem_storage::{Clash, Store, StoreError};
use tandem_test_support::fixtures::{self, Offer};
use uuid::Uuid;

/// A published set of three members (its status does not matter to storage).
async fn set_of_three(store: &Store) -> (RelationshipId, Vec<PersonId>) {
    let s = scheme(store, "North").await;
    let a = org(store, s.id, "Alpha Trust").await;
    let kind = ProgrammeKind::ActionLearningSets;
    let programme = fixtures::programme(store, s.id, "Sets", kind, ProgrammeRules::default()).await;
    let d = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
    let dates = [d(1), d(2), d(3)];
    let intake = fixtures::intake(store, programme.id, "Spring", dates, &[(a.id, 10)]).await;
    let mut apps = Vec::new();
    for name in ["Ann", "Bea", "Cai"] {
        let (name, role) = ((name, "Member"), ApplicationRole::SetMember);
        let submitted = at(2026, 2, 1, 9, 0);
        apps.push(approved_applicant(store, s.id, intake.id, name, a.id, role, submitted).await);
    }
    let offer = Offer {
        at: at(2026, 2, 3, 9, 0),
        deadline: at(2026, 2, 20, 17, 0),
        slot: None,
    };
    let members: Vec<&Application> = apps.iter().collect();
    let r = fixtures::publish(store, intake.id, RelationshipKind::Set, &members, offer).await;
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
        sequence: 0,
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
    let after = store.get_set_meeting(second.id).await.unwrap().meeting;
    assert_eq!(after.link, "https://meet.example/other");
    assert_eq!(after.sequence, 0, "a new link alone is not a move");
    moved.starts_time = NaiveTime::from_hms_opt(15, 0, 0).unwrap();
    store.reschedule_set_meeting(&moved).await.unwrap();
    let after = store.get_set_meeting(second.id).await.unwrap().meeting;
    assert_eq!(after.sequence, 1, "a move raises the calendar sequence");

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

pub async fn apologies_are_kept_until_withdrawn_and_reassign_the_rota_at_once(store: Store) {
    let (rel, people) = set_of_three(&store).await;
    let m = meeting(rel, 10);
    store.create_set_meeting(&m).await.unwrap();
    store
        .agree_set_rota(m.id, Some(people[0]), Some(people[1]), &[people[2]])
        .await
        .unwrap();
    // Sending apologies with a re-assigned rota writes both.
    let rota = tandem_domain::sets::Rota {
        facilitator: Some(people[1]),
        timekeeper: Some(people[2]),
        presenters: vec![people[2]],
    };
    store
        .send_set_apologies(m.id, people[0], at(2026, 3, 2, 9, 0), Some(&rota))
        .await
        .unwrap();
    // Twice is once.
    store
        .send_set_apologies(m.id, people[0], at(2026, 3, 3, 9, 0), None)
        .await
        .unwrap();
    assert_eq!(
        store.set_apologies_of(rel).await.unwrap(),
        vec![(m.id, people[0])]
    );
    let got = store.get_set_meeting(m.id).await.unwrap();
    assert_eq!(got.meeting.facilitator, Some(people[1]));
    assert_eq!(got.meeting.timekeeper, Some(people[2]));

    // A rota that can no longer change refuses the apology whole: nothing is written.
    store
        .record_set_issue(m.id, people[2], "Handovers")
        .await
        .unwrap();
    assert!(matches!(
        store
            .send_set_apologies(m.id, people[1], at(2026, 3, 4, 9, 0), Some(&rota))
            .await,
        Err(StoreError::Refused(Clash::IssuesRecorded))
    ));
    assert_eq!(store.set_apologies_of(rel).await.unwrap().len(), 1);

    // Withdrawn before the meeting; withdrawing again finds nothing.
    assert!(store.withdraw_set_apologies(m.id, people[0]).await.unwrap());
    assert!(!store.withdraw_set_apologies(m.id, people[0]).await.unwrap());
    assert!(store.set_apologies_of(rel).await.unwrap().is_empty());

    // Once attendance is recorded, apologies are neither sent nor withdrawn.
    store
        .send_set_apologies(m.id, people[1], at(2026, 3, 5, 9, 0), None)
        .await
        .unwrap();
    store
        .record_set_attendance(
            m.id,
            &[Attendance {
                person_id: people[0],
                present: true,
            }],
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .send_set_apologies(m.id, people[2], at(2026, 3, 6, 9, 0), None)
            .await,
        Err(StoreError::Refused(Clash::AttendanceRecorded))
    ));
    assert!(matches!(
        store.withdraw_set_apologies(m.id, people[1]).await,
        Err(StoreError::Refused(Clash::AttendanceRecorded))
    ));
    assert!(matches!(
        store
            .send_set_apologies(Uuid::new_v4(), people[0], at(2026, 3, 6, 9, 0), None)
            .await,
        Err(StoreError::NotFound)
    ));
}
