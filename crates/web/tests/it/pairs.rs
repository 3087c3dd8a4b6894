//! HTTP tests of paired learning: shadowing days both ways, the improvement project, workshops
//! with attendance — pages and API, on both backends.

use crate::harness::{CB, PA, SC, World, api_call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use chrono::{Datelike, Duration, Utc};
use serde_json::json;
use tandem_domain::{
    ApplicationRole, Mode, PersonId, ProgrammeId, ProgrammeKind, ProgrammeRules, RelationshipId,
};

const MO: &str = "mo@beta.example.org";

/// A paired-learning programme with one active pair: Pat (clinician, A) and Mo (manager, B).
async fn active_pair(w: &World) -> (ProgrammeId, RelationshipId, PersonId) {
    let store = &w.ctx.store;
    let (programme, intake) = w
        .programme_with_intake(
            (
                "Registrars and managers".to_string(),
                ProgrammeKind::PairedLearning,
                ProgrammeRules {
                    modes: vec![Mode::Video],
                    ..ProgrammeRules::default()
                },
            ),
            "2026 pairs",
            [-30, -10, -5],
            [3, 3],
        )
        .await;
    let mo = w.add_participant(w.org_b, "Mo", "Manager", MO).await;
    let (clinician, manager) = (ApplicationRole::PairClinician, ApplicationRole::PairManager);
    let a = w
        .approved_application(
            intake.id,
            w.participant,
            w.org_a,
            clinician,
            Default::default(),
        )
        .await
        .id;
    let b = w
        .approved_application(intake.id, mo, w.org_b, manager, Default::default())
        .await
        .id;
    store
        .add_pin(
            intake.id,
            tandem_domain::Pin {
                kind: tandem_domain::PinKind::Lock,
                first: a,
                second: b,
            },
            Utc::now(),
        )
        .await
        .unwrap();
    w.run_and_publish(intake.id).await;
    let rel = store
        .relationships_of_person(w.participant)
        .await
        .unwrap()
        .pop()
        .unwrap();
    w.accept(rel.id, &[w.participant, mo]).await;
    w.sign(rel.id, &[w.participant, mo], 1).await;
    (programme.id, rel.id, mo)
}

fn date_fields(d: chrono::NaiveDate, name: &str) -> Vec<(String, String)> {
    vec![
        (format!("{name}-day"), d.day().to_string()),
        (format!("{name}-month"), d.month().to_string()),
        (format!("{name}-year"), d.year().to_string()),
    ]
}

fn refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn a_pair_records_shadowing_and_its_project() {
    on_backends(|w| async move {
        let (_, rel, mo) = active_pair(&w).await;
        let page = format!("/relationships/{rel}/paired-learning");
        let mut pat = w.signed_in(PA).await;
        pat.get(&page).await.assert_status(StatusCode::OK);
        // Outsiders: not found; the scheme coordinator reads but cannot record.
        let mut cb = w.signed_in(CB).await;
        assert_eq!(cb.get(&page).await.status, StatusCode::NOT_FOUND);
        let mut sc = w.signed_in(SC).await;
        sc.get(&page).await.assert_status(StatusCode::OK);
        let today = w.ctx.now().date_naive();
        let mut f = date_fields(today, "day");
        f.push(("host".into(), mo.to_string()));
        f.push(("place".into(), "Beta Council, Adult services".into()));
        assert_eq!(
            sc.post(&format!("/relationships/{rel}/shadowing"), &refs(&f))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        // Pat shadows Mo today, and plans a day hosting Mo next week.
        pat.post(&format!("/relationships/{rel}/shadowing"), &refs(&f))
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let mut later = date_fields(today + Duration::days(7), "day");
        later.push(("host".into(), w.participant.to_string()));
        later.push(("place".into(), "Alpha Trust, Ward 7".into()));
        pat.post(&format!("/relationships/{rel}/shadowing"), &refs(&later))
            .await
            .assert_status(StatusCode::SEE_OTHER);
        // A host outside the pair and a missing place are refused; nothing is written.
        let mut bad = date_fields(today, "day");
        bad.push(("host".into(), w.coordinator_b.to_string()));
        bad.push(("place".into(), "".into()));
        let res = pat
            .post(&format!("/relationships/{rel}/shadowing"), &refs(&bad))
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let days = w.ctx.store.shadowing_days(rel).await.unwrap();
        assert_eq!(days.len(), 2);
        let (now_day, next) = (days[0].id, days[1].id);
        pat.post(
            &format!("/relationships/{rel}/shadowing/{now_day}/done"),
            &[("learning", "How safeguarding referrals are triaged")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        // "Mark done" is offered for today's day only; next week's says when it can be.
        let shown = pat.get(&page).await;
        assert!(
            !shown.contains(&format!("/shadowing/{now_day}/done")),
            "done already"
        );
        assert!(
            !shown.contains(&format!("/shadowing/{next}/done")),
            "not yet"
        );
        assert!(
            shown.contains("Can be marked done from"),
            "{}",
            shown.text()
        );
        // Sent anyway (an old tab): the page again with the reason and what was typed, and
        // nothing written.
        let audit = w.ctx.store.list_audit(100_000).await.unwrap().len();
        let res = pat
            .post(
                &format!("/relationships/{rel}/shadowing/{next}/done"),
                &[("learning", "Ward rounds start at eight")],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("There is a problem"), "{}", res.text());
        assert!(res.contains("A shadowing day can be marked done on or after the day itself."));
        assert!(res.contains(&format!("href=\"#learning-{next}\"")));
        assert!(res.contains(&format!("id=\"learning-{next}\"")));
        assert!(
            res.contains(">Ward rounds start at eight</textarea>"),
            "{}",
            res.text()
        );
        assert_eq!(w.ctx.store.shadowing_counts(rel, mo).await.unwrap(), (1, 0));
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), audit);
        assert!(
            pat.get(&page)
                .await
                .text()
                .contains("How safeguarding referrals are triaged")
        );

        // The project: milestones need it first; it needs a title and an aim.
        let mut m = date_fields(today + Duration::days(30), "due_on");
        m.push(("milestone_title".into(), "Baseline audit".into()));
        let res = pat
            .post(
                &format!("/relationships/{rel}/project/milestones"),
                &refs(&m),
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.contains("href=\"#title\""),
            "linked to the project's title"
        );
        pat.post(
            &format!("/relationships/{rel}/project"),
            &[("title", "Discharge before noon"), ("aim", "")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        pat.post(
            &format!("/relationships/{rel}/project"),
            &[
                ("title", "Discharge before noon"),
                ("aim", "Fewer discharges after 5 pm"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        pat.post(
            &format!("/relationships/{rel}/project/milestones"),
            &refs(&m),
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let mut mo_b = w.signed_in(MO).await;
        mo_b.post(
            &format!("/relationships/{rel}/project/measures"),
            &[
                ("name", "Discharges after 5 pm"),
                ("baseline", "40%"),
                ("target", "20%"),
                ("latest", ""),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let project = w.ctx.store.project(rel).await.unwrap().unwrap();
        let (ms, me) = (project.milestones[0].id, project.measures[0].id);
        mo_b.post(
            &format!("/relationships/{rel}/project/milestones/{ms}"),
            &[("done", "yes")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        mo_b.post(
            &format!("/relationships/{rel}/project/measures/{me}"),
            &[("latest", "33%")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let text = pat.get(&page).await.text();
        assert!(text.contains("100% of milestones done"), "{text}");
        assert!(text.contains("33%"));
        // Through the API the same data, for a member.
        let token = api_token(&w, PA).await;
        let (st, v) = api_call(
            &w,
            Method::GET,
            &format!("/api/v1/relationships/{rel}/paired-learning"),
            &token,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(v["project"]["title"], "Discharge before noon");
        assert_eq!(v["shadowing"].as_array().unwrap().len(), 2);
        let other = api_token(&w, CB).await;
        let (st, _) = api_call(
            &w,
            Method::GET,
            &format!("/api/v1/relationships/{rel}/paired-learning"),
            &other,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn the_coordinator_runs_workshops_and_records_attendance() {
    on_backends(|w| async move {
        let (programme, rel, mo) = active_pair(&w).await;
        let mut sc = w.signed_in(SC).await;
        let path = format!("/programmes/{programme}/workshops");
        sc.get(&path).await.assert_status(StatusCode::OK);
        let day = w.ctx.now().date_naive() + Duration::days(3);
        let mut f = date_fields(day, "day");
        f.push(("title".into(), "".into()));
        f.push(("place".into(), "Online".into()));
        sc.post(&path, &refs(&f))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        f.retain(|(k, _)| k != "title");
        f.push(("title".into(), "Quality improvement basics".into()));
        sc.post(&path, &refs(&f))
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let ws = w
            .ctx
            .store
            .workshops(programme)
            .await
            .unwrap()
            .pop()
            .unwrap();
        // Participants cannot manage workshops.
        let mut pat = w.signed_in(PA).await;
        assert_eq!(pat.get(&path).await.status, StatusCode::FORBIDDEN);
        let page = sc.get(&format!("/workshops/{}", ws.id)).await;
        assert!(page.text().contains("Mo Manager") && page.text().contains("Pat Participant"));
        // Before the workshop's day attendance is refused, with the ticks kept, nothing written.
        let early = sc
            .post(
                &format!("/workshops/{}", ws.id),
                &[("present", &w.participant.to_string())],
            )
            .await;
        early.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(early.text().contains("from the day of the workshop"));
        assert!(early.text().contains(" checked>"));
        assert!(
            w.ctx
                .store
                .workshop_attendance(ws.id)
                .await
                .unwrap()
                .is_empty()
        );
        w.clock.advance(Duration::days(3));
        let mut sc = w.signed_in(SC).await;
        let mut pat = w.signed_in(PA).await;
        sc.post(
            &format!("/workshops/{}", ws.id),
            &[("present", &w.participant.to_string())],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        // Someone outside the programme's pairs cannot be marked present.
        let token = api_token(&w, SC).await;
        let (st, _) = api_call(
            &w,
            Method::PUT,
            &format!("/api/v1/workshops/{}/attendance", ws.id),
            &token,
            Some(json!({ "present": [w.participant, w.coordinator_b] })),
        )
        .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            w.ctx.store.workshop_attendance(ws.id).await.unwrap(),
            vec![w.participant]
        );
        let text = pat
            .get(&format!("/relationships/{rel}/paired-learning"))
            .await
            .text();
        assert!(
            text.contains("Quality improvement basics") && text.contains("you attended"),
            "{text}"
        );
        let mut mo_b = w.signed_in(MO).await;
        assert!(
            mo_b.get(&format!("/relationships/{rel}/paired-learning"))
                .await
                .text()
                .contains("no attendance recorded for you")
        );
        let _ = mo;
    })
    .await;
}
