//! The rules each kind of relationship brings (#15), through the use cases on both backends:
//! apologies kept and honoured by the rota, activity of sets counted, attendance only from the
//! day, sessions no longer than the programme's length, no deciding one's own application, and
//! mentor training that counts only once a coordinator verified it.

use crate::errors::key;
use chrono::{Duration, NaiveDate};
use tandem_app::sets::{self, ScheduleInput};
use tandem_app::{AppError, applications, matching, mentors, pairs};
use tandem_domain::mentor::TrainingInput;
use tandem_domain::{
    Actor, ApplicationRole, ApplicationStatus, Mode, PersonId, ProgrammeKind, ProgrammeRules,
    Relationship, RelationshipKind, Slot,
};
use tandem_test_support::{World, fixtures, on_worlds};
use uuid::Uuid;

fn day(w: &World, days: i64) -> NaiveDate {
    (w.ctx.now() + Duration::days(days)).date_naive()
}

/// An active set of three (the participant and two more), meeting on Tuesday afternoons.
async fn active_set(w: &World) -> (Relationship, Vec<Actor>) {
    let rules = ProgrammeRules {
        cadence_weeks: Some(4),
        ..ProgrammeRules::default()
    };
    let (_, intake) = w
        .programme_with_intake(
            ("Sets".into(), ProgrammeKind::ActionLearningSets, rules),
            "Spring",
            [-20, -10, -5],
            [5, 5],
        )
        .await;
    let second = w
        .add_participant(w.org_a, "Sam", "Second", "sam@a.example")
        .await;
    let third = w
        .add_participant(w.org_b, "Tia", "Third", "tia@b.example")
        .await;
    let mut apps = Vec::new();
    for (p, org) in [
        (w.participant, w.org_a),
        (second, w.org_a),
        (third, w.org_b),
    ] {
        let profile = fixtures::matchable_profile();
        apps.push(
            w.approved_application(intake.id, p, org, ApplicationRole::SetMember, profile)
                .await,
        );
    }
    let refs: Vec<_> = apps.iter().collect();
    let slot = Slot { day: 1, part: 1 };
    let r = w
        .publish(intake.id, RelationshipKind::Set, &refs, Some(slot))
        .await;
    let people: Vec<PersonId> = apps.iter().map(|a| a.person_id).collect();
    w.accept(r.id, &people).await;
    w.sign(r.id, &people, 1).await;
    let r = w.ctx.store.get_relationship(r.id).await.unwrap();
    let mut actors = Vec::new();
    for p in people {
        actors.push(w.actor(p).await);
    }
    (r, actors)
}

async fn meeting_in(w: &World, r: &Relationship, by: &Actor, days: i64) -> Uuid {
    sets::schedule(
        &w.ctx,
        by,
        r.id,
        ScheduleInput {
            starts_on: Some(day(w, days)),
            starts_time: "14:00".into(),
            link: "https://meet.example.org/set".into(),
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn apologies_take_a_member_off_the_rota_and_show_apart_from_absent() {
    on_worlds(|w| async move {
        let (r, people) = active_set(&w).await;
        let m = meeting_in(&w, &r, &people[0], 7).await;
        sets::accept_rota(&w.ctx, &people[0], m).await.unwrap();
        let (_, before) = sets::meeting(&w.ctx, &people[0], m).await.unwrap();
        let rota = before.rota.unwrap();
        // Whoever facilitates sends apologies: their role goes to another member at once.
        let facilitator = rota.facilitator.unwrap().id;
        let away = people.iter().find(|a| a.person_id == facilitator).unwrap();
        sets::send_apologies(&w.ctx, away, m).await.unwrap();
        let (_, after) = sets::meeting(&w.ctx, &people[0], m).await.unwrap();
        let rota = after.rota.unwrap();
        assert!(rota.agreed);
        let holders: Vec<PersonId> = rota
            .facilitator
            .iter()
            .chain(rota.timekeeper.iter())
            .chain(rota.presenters.iter())
            .map(|p| p.id)
            .collect();
        assert!(!holders.contains(&facilitator), "no role for the absent");
        assert!(rota.facilitator.is_some());
        assert_eq!(
            after.apologies.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![facilitator]
        );
        let (_, theirs) = sets::meeting(&w.ctx, away, m).await.unwrap();
        assert!(theirs.my_apologies && theirs.apologies_open);
        // The notice to the others says the role was passed on.
        let rows = w
            .ctx
            .store
            .notices_with_key_prefix(&format!("set.apologies:{m}:"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert!(
            rows.iter()
                .all(|n| n.payload.contains("\"reassigned\":true"))
        );

        // Withdrawn before the meeting: gone from the list (the rota stays as re-assigned).
        sets::withdraw_apologies(&w.ctx, away, m).await.unwrap();
        let (_, back) = sets::meeting(&w.ctx, away, m).await.unwrap();
        assert!(back.apologies.is_empty() && !back.my_apologies);
        sets::send_apologies(&w.ctx, away, m).await.unwrap();

        // Attendance is refused before the day, nothing written; from the day it shows
        // "apologies" for the absent member who sent them.
        let everyone: Vec<PersonId> = people.iter().map(|a| a.person_id).collect();
        let others: Vec<PersonId> = everyone
            .iter()
            .copied()
            .filter(|p| *p != facilitator)
            .collect();
        let early = sets::record_attendance(&w.ctx, &people[0], m, &others)
            .await
            .unwrap_err();
        assert_eq!(key(&early), "error.sets.not_yet_held");
        assert!(
            !w.ctx
                .store
                .get_set_meeting(m)
                .await
                .unwrap()
                .meeting
                .attendance_recorded
        );
        w.clock.advance(Duration::days(7));
        let recorder = people.iter().find(|a| a.person_id != facilitator).unwrap();
        sets::record_attendance(&w.ctx, recorder, m, &others)
            .await
            .unwrap();
        let (_, held) = sets::meeting(&w.ctx, recorder, m).await.unwrap();
        let mine = held
            .attendance
            .iter()
            .find(|a| a.person.id == facilitator)
            .unwrap();
        assert!(!mine.present && mine.apologies);
        assert!(
            held.attendance
                .iter()
                .filter(|a| a.person.id != facilitator)
                .all(|a| a.present && !a.apologies)
        );
        // Once held, apologies are neither sent nor withdrawn.
        assert!(matches!(
            sets::withdraw_apologies(&w.ctx, away, m).await,
            Err(AppError::Refused(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn set_meetings_count_as_activity_so_a_meeting_set_is_not_quiet() {
    on_worlds(|w| async move {
        let (r, people) = active_set(&w).await;
        let coordinator = w.actor(w.scheme_coordinator).await;
        // Seven weeks on with nothing held: quiet.
        w.clock.advance(Duration::weeks(7));
        let v = matching::get(&w.ctx, &coordinator, r.id).await.unwrap();
        assert!(v.stale);
        assert_eq!(v.activity.held(), 0);
        // A meeting held with people present: no longer quiet, and counted as held.
        let m = meeting_in(&w, &r, &people[0], 0).await;
        let everyone: Vec<PersonId> = people.iter().map(|a| a.person_id).collect();
        sets::record_attendance(&w.ctx, &people[0], m, &everyone)
            .await
            .unwrap();
        let v = matching::get(&w.ctx, &coordinator, r.id).await.unwrap();
        assert!(!v.stale);
        assert_eq!(v.activity.set_meetings, 1);
        assert_eq!(v.activity.held(), 1);
        let figures = matching::programme_figures(&w.ctx, &coordinator, v.programme.id)
            .await
            .unwrap();
        assert_eq!(figures[0].held, 1);
        assert_eq!(figures[0].quiet, 0);
        assert_eq!(figures[0].sessions_held, 0);
    })
    .await;
}

#[tokio::test]
async fn a_session_may_not_be_longer_than_the_programmes_session_length() {
    on_worlds(|w| async move {
        let (m, r) = w
            .active_mentoring(ProgrammeRules {
                session_cap: Some(3),
                session_minutes: Some(90),
                ..ProgrammeRules::default()
            })
            .await;
        let pat = w.actor(m.people()[0]).await;
        let log = |minutes| matching::SessionInput {
            held_on: Some(day(&w, 0)),
            minutes: Some(minutes),
            mode: Some(Mode::Video),
            ..Default::default()
        };
        // 120 minutes of a 3 × 90 programme: within the 270-minute total, yet refused.
        let e = matching::log_session(&w.ctx, &pat, r.id, log(120))
            .await
            .unwrap_err();
        assert_eq!(
            crate::errors::fields(&e),
            vec![(
                "minutes".to_string(),
                "kinds.error.session_too_long".to_string()
            )]
        );
        assert!(w.ctx.store.sessions_of(r.id).await.unwrap().is_empty());
        matching::log_session(&w.ctx, &pat, r.id, log(90))
            .await
            .unwrap();
        assert_eq!(w.ctx.store.sessions_of(r.id).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_coordinator_never_decides_their_own_application() {
    on_worlds(|w| async move {
        let (_, intake) = w
            .programme_with_intake(
                (
                    "Mentoring".into(),
                    ProgrammeKind::Mentoring,
                    ProgrammeRules::default(),
                ),
                "Spring",
                [-5, 10, 20],
                [5, 5],
            )
            .await;
        let profile = fixtures::matchable_profile();
        let own = fixtures::submitted_application(
            &w.ctx.store,
            intake.id,
            w.coordinator_a,
            w.org_a,
            ApplicationRole::Mentee,
            profile,
            w.ctx.now(),
        )
        .await;
        let coordinator_a = w.actor(w.coordinator_a).await;
        let e = applications::decide(
            &w.ctx,
            &coordinator_a,
            own.id,
            applications::Decision::Approve,
            None,
            "",
        )
        .await
        .unwrap_err();
        assert_eq!(key(&e), "kinds.error.own_application");
        let still = w.ctx.store.get_application(own.id).await.unwrap();
        assert_eq!(still.status, own.status);
        let v = applications::view(&w.ctx, &coordinator_a, own.id)
            .await
            .unwrap();
        assert!(!v.can_decide && v.decides_elsewhere);
        let list = applications::intake_applications(&w.ctx, &coordinator_a, intake.id)
            .await
            .unwrap();
        assert!(list.applications.iter().all(|r| !r.can_decide));
        // The scheme coordinator decides it.
        let sc = w.actor(w.scheme_coordinator).await;
        let approved = applications::decide(
            &w.ctx,
            &sc,
            own.id,
            applications::Decision::Approve,
            None,
            "",
        )
        .await
        .unwrap();
        assert_eq!(approved.status, ApplicationStatus::Approved);
    })
    .await;
}

#[tokio::test]
async fn own_training_counts_only_once_a_coordinator_verified_it() {
    on_worlds(|w| async move {
        let me = w.actor(w.participant).await;
        let input = || TrainingInput {
            course: "Mentor foundation".into(),
            provider: "Academy".into(),
            completed_on: Some(day(&w, -30)),
            evidence: String::new(),
            qualifies_as_mentor_training: true,
        };
        let t = mentors::add_training(&w.ctx, &me, w.participant, input())
            .await
            .unwrap();
        assert!(!t.verified());
        let d = mentors::development(&w.ctx, &me, w.participant)
            .await
            .unwrap();
        assert!(!d.standing.trained, "an own entry does not pass the rule");
        assert!(!d.can_verify);
        // Nobody verifies their own.
        assert!(matches!(
            mentors::verify_training(&w.ctx, &me, w.participant, t.id).await,
            Err(AppError::Forbidden)
        ));
        // A coordinator of another organisation may not even see it.
        let coordinator_b = w.actor(w.coordinator_b).await;
        assert!(matches!(
            mentors::verify_training(&w.ctx, &coordinator_b, w.participant, t.id).await,
            Err(AppError::NotFound)
        ));
        assert!(!w.ctx.store.is_mentor_trained(w.participant).await.unwrap());
        // Their organisation's coordinator verifies it: now it counts.
        let coordinator_a = w.actor(w.coordinator_a).await;
        mentors::verify_training(&w.ctx, &coordinator_a, w.participant, t.id)
            .await
            .unwrap();
        let d = mentors::development(&w.ctx, &me, w.participant)
            .await
            .unwrap();
        assert!(d.standing.trained);
        assert_eq!(d.training[0].verified_by, Some(w.coordinator_a));
        // Recorded by a coordinator for someone: verified as entered.
        let other = w.staff_a[0];
        let by_coordinator = mentors::add_training(&w.ctx, &coordinator_a, other, input())
            .await
            .unwrap();
        assert!(by_coordinator.verified());
        assert!(w.ctx.store.is_mentor_trained(other).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn workshop_attendance_only_from_the_workshops_day() {
    on_worlds(|w| async move {
        let (programme, intake) = w
            .programme_with_intake(
                (
                    "Paired".into(),
                    ProgrammeKind::PairedLearning,
                    ProgrammeRules::default(),
                ),
                "Spring",
                [-20, -10, -5],
                [5, 5],
            )
            .await;
        let mo = w
            .add_participant(w.org_b, "Mo", "Partner", "mo@b.example")
            .await;
        let a = w
            .approved_application(
                intake.id,
                w.participant,
                w.org_a,
                ApplicationRole::Mentee,
                fixtures::matchable_profile(),
            )
            .await;
        let b = w
            .approved_application(
                intake.id,
                mo,
                w.org_b,
                ApplicationRole::Mentor,
                fixtures::matchable_profile(),
            )
            .await;
        let r = w
            .publish(intake.id, RelationshipKind::Pair, &[&a, &b], None)
            .await;
        w.accept(r.id, &[w.participant, mo]).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let ws = pairs::create_workshop(
            &w.ctx,
            &sc,
            programme.id,
            pairs::WorkshopInput {
                title: "Improvement methods".into(),
                day: Some(day(&w, 3)),
                place: "Library".into(),
            },
        )
        .await
        .unwrap();
        let e = pairs::set_attendance(&w.ctx, &sc, ws.id, vec![w.participant])
            .await
            .unwrap_err();
        assert_eq!(
            crate::errors::fields(&e),
            vec![(
                "present".to_string(),
                "kinds.error.workshop_not_yet".to_string()
            )]
        );
        assert!(
            w.ctx
                .store
                .workshop_attendance(ws.id)
                .await
                .unwrap()
                .is_empty()
        );
        w.clock.advance(Duration::days(3));
        pairs::set_attendance(&w.ctx, &sc, ws.id, vec![w.participant])
            .await
            .unwrap();
        assert_eq!(
            w.ctx.store.workshop_attendance(ws.id).await.unwrap(),
            vec![w.participant]
        );
    })
    .await;
}
