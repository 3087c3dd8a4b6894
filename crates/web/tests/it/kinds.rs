//! HTTP tests of each kind's pages and rules (#15): a set member's relationship page is a set's
//! page, apologies are withdrawn on the page and through the API, coordinators verify training
//! and never decide their own application, and workshop attendance waits for the day.

use crate::harness::{CA, PA, SC, World, actor_of, api_call as call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use chrono::Duration;
use serde_json::json;
use tandem_app as services;
use tandem_domain::mentor::TrainingInput;
use tandem_domain::{
    AgreementTerms, Application, ApplicationRole, PersonId, ProgrammeKind, ProgrammeRules,
    RelationshipId, RelationshipKind, Slot,
};
use tandem_test_support::fixtures;

const MO: &str = "mo.kinds@beta.example.org";
const AL: &str = "al.kinds@alpha.example.org";

/// An active set of Pat, Mo and Al meeting on Tuesday afternoons.
async fn active_set(w: &World) -> (RelationshipId, [PersonId; 3]) {
    let (_, intake) = w
        .programme_with_intake(
            (
                "Leading across boundaries".to_string(),
                ProgrammeKind::ActionLearningSets,
                ProgrammeRules {
                    cadence_weeks: Some(4),
                    ..ProgrammeRules::default()
                },
            ),
            "2026 sets",
            [-30, -10, -5],
            [5, 5],
        )
        .await;
    let mo = w.add_participant(w.org_b, "Mo", "Manager", MO).await;
    let al = w.add_participant(w.org_a, "Al", "Allied", AL).await;
    let people = [(w.participant, w.org_a), (mo, w.org_b), (al, w.org_a)];
    let mut apps = Vec::new();
    for (p, org) in people {
        let role = ApplicationRole::SetMember;
        apps.push(
            w.approved_application(intake.id, p, org, role, Default::default())
                .await,
        );
    }
    let members: Vec<&Application> = apps.iter().collect();
    let slot = Some(Slot { day: 1, part: 1 });
    let r = w
        .publish(intake.id, RelationshipKind::Set, &members, slot)
        .await;
    let everyone = [w.participant, mo, al];
    w.accept(r.id, &everyone).await;
    let first = actor_of(w, w.participant).await;
    let terms = AgreementTerms {
        goals: "Learn from each other".into(),
        frequency: "Every four weeks".into(),
        channel: None,
        cancellation_notice_hours: 48,
        confidentiality_notes: String::new(),
        ground_rules: "On time".into(),
    };
    let version = services::matching::save_agreement(&w.ctx, &first, r.id, terms, 1)
        .await
        .unwrap();
    w.sign(r.id, &everyone, version).await;
    (r.id, everyone)
}

#[tokio::test]
async fn a_set_members_relationship_page_is_a_sets_page_with_apologies() {
    on_backends(|w| async move {
        let (set, [pat_id, mo, _]) = active_set(&w).await;
        let pat = actor_of(&w, pat_id).await;
        let meeting = services::sets::schedule(
            &w.ctx,
            &pat,
            set,
            services::sets::ScheduleInput {
                starts_on: Some((w.ctx.now() + Duration::days(7)).date_naive()),
                starts_time: "14:00".into(),
                link: "https://meet.example.org/set".into(),
            },
        )
        .await
        .unwrap();
        let mut b = w.signed_in(PA).await;
        let page = b.get(&format!("/relationships/{set}")).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Your action learning set"));
        assert!(page.contains("Set members"));
        assert!(page.contains("Next meeting"));
        assert!(page.contains("id=\"next-rota\""));
        assert!(page.contains("Open actions"));
        assert!(!page.contains("Your match"));
        assert!(!page.contains("shared with your partner"));
        assert!(!page.contains("sessions held"));
        // The list of one's relationships names the kind too.
        let mine = b.get("/relationships").await;
        assert!(mine.contains("Your action learning set") && mine.contains("Set members:"));

        // Apologies sent on the meeting page, then withdrawn there.
        let sent = b
            .post(&format!("/set-meetings/{meeting}/apologies"), &[])
            .await;
        sent.assert_status(StatusCode::SEE_OTHER);
        let page = b.get(&format!("/set-meetings/{meeting}")).await;
        assert!(page.contains("You have sent apologies for this meeting."));
        assert!(page.contains(&format!(
            "action=\"/set-meetings/{meeting}/apologies/withdraw\""
        )));
        let page = b.get(&format!("/relationships/{set}")).await;
        assert!(page.contains("id=\"next-apologies\""));
        let back = b
            .post(&format!("/set-meetings/{meeting}/apologies/withdraw"), &[])
            .await;
        back.assert_status(StatusCode::SEE_OTHER);
        assert!(back.location().contains("kinds.notice.apologies_withdrawn"));
        assert!(w.ctx.store.set_apologies_of(set).await.unwrap().is_empty());

        // The same through the API, for Mo.
        let token = api_token(&w, MO).await;
        let path = format!("/api/v1/set-meetings/{meeting}/apologies");
        let (status, body) = call(&w, Method::PUT, &path, &token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["my_apologies"], true);
        assert_eq!(body["apologies"][0]["id"], json!(mo.to_string()));
        let (status, body) = call(&w, Method::DELETE, &path, &token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["my_apologies"], false);
        // The scheme coordinator looks, never sends apologies: hidden, nothing written.
        let sc = api_token(&w, SC).await;
        let (status, _) = call(&w, Method::PUT, &path, &sc, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(w.ctx.store.set_apologies_of(set).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn coordinators_verify_training_and_the_person_cannot() {
    on_backends(|w| async move {
        let me = actor_of(&w, w.participant).await;
        let t = services::mentors::add_training(
            &w.ctx,
            &me,
            w.participant,
            TrainingInput {
                course: "Mentor foundation".into(),
                provider: "Academy".into(),
                completed_on: Some((w.ctx.now() - Duration::days(30)).date_naive()),
                evidence: String::new(),
                qualifies_as_mentor_training: true,
            },
        )
        .await
        .unwrap();
        let mut pat = w.signed_in(PA).await;
        let page = pat.get("/mentoring").await;
        assert!(page.contains("Not verified"));
        assert!(!page.contains("/verify\""));
        let verify = format!(
            "/people/{}/mentoring/training/{}/verify",
            w.participant, t.id
        );
        pat.post(&verify, &[])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        let token = api_token(&w, PA).await;
        let api = format!(
            "/api/v1/people/{}/training/{}/verification",
            w.participant, t.id
        );
        let (status, _) = call(&w, Method::PUT, &api, &token, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(!w.ctx.store.is_mentor_trained(w.participant).await.unwrap());

        let mut ca = w.signed_in(CA).await;
        let page = ca
            .get(&format!("/people/{}/mentoring", w.participant))
            .await;
        assert!(page.contains(&format!("action=\"{verify}\"")));
        let done = ca.post(&verify, &[]).await;
        done.assert_status(StatusCode::SEE_OTHER);
        assert!(w.ctx.store.is_mentor_trained(w.participant).await.unwrap());
        let page = ca
            .get(&format!("/people/{}/mentoring", w.participant))
            .await;
        assert!(page.contains("nhsuk-tag--green\">Verified"));
        let sc = api_token(&w, SC).await;
        let (status, list) = call(
            &w,
            Method::GET,
            &format!("/api/v1/people/{}/training", w.participant),
            &sc,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list[0]["verified_by"], json!(w.coordinator_a.to_string()));
    })
    .await;
}

#[tokio::test]
async fn a_coordinators_own_application_offers_no_decision() {
    on_backends(|w| async move {
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
        let own = fixtures::submitted_application(
            &w.ctx.store,
            intake.id,
            w.coordinator_a,
            w.org_a,
            ApplicationRole::Mentee,
            Default::default(),
            w.ctx.now(),
        )
        .await;
        let mut ca = w.signed_in(CA).await;
        let list = ca
            .get(&format!("/intakes/{}/applications", intake.id))
            .await;
        list.assert_status(StatusCode::OK);
        assert!(list.contains(&format!("id=\"own-{}\"", own.id)));
        assert!(!list.contains(&format!("action=\"/applications/{}/decision\"", own.id)));
        // Posting the decision anyway is refused with the reason, nothing changed.
        let res = ca
            .post(
                &format!("/applications/{}/decision", own.id),
                &[
                    ("decision", "approve"),
                    ("expected_status", own.status.code()),
                ],
            )
            .await;
        assert!(res.contains("This is your own application. Another coordinator decides on it."));
        let still = w.ctx.store.get_application(own.id).await.unwrap();
        assert_eq!(still.status, own.status);
    })
    .await;
}

#[tokio::test]
async fn workshop_attendance_for_a_day_to_come_is_refused_on_the_page() {
    on_backends(|w| async move {
        let (programme, _) = w
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
        let sc = actor_of(&w, w.scheme_coordinator).await;
        let ws = services::pairs::create_workshop(
            &w.ctx,
            &sc,
            programme.id,
            services::pairs::WorkshopInput {
                title: "Improvement methods".into(),
                day: Some((w.ctx.now() + Duration::days(3)).date_naive()),
                place: "Library".into(),
            },
        )
        .await
        .unwrap();
        let mut b = w.signed_in(SC).await;
        let res = b.post(&format!("/workshops/{}", ws.id), &[]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Attendance can be recorded from the day of the workshop"));
        assert!(res.contains("Improvement methods"));
    })
    .await;
}
