//! HTTP tests of personal growth: goals shared within a relationship (and only counted for the
//! scheme coordinator), the reflective log's privacy and sharing, the CPD record with its CSV and
//! printable page, and the opt-in directory — through the pages and the API, on both backends.

use crate::harness::{CA, CB, PA, SC, World, api_call as call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use chrono::{Datelike, Duration, Utc};
use serde_json::{Value, json};
use tandem_domain::{
    ApplicationRole, Mode, PersonId, ProgrammeKind, ProgrammeRules, RelationshipId,
    RelationshipKind, RelationshipStatus, SessionId, SessionLog,
};
use tandem_storage::SessionCaps;
use tandem_test_support::fixtures;

const MO: &str = "mo@beta.example.org";
const OLGA: &str = "olga@alpha.example.org";

struct Setup {
    rel: RelationshipId,
    pat: PersonId,
    mo: PersonId,
}

/// An active mentoring relationship between Pat (organisation A) and Mo (organisation B), and
/// Olga, a participant of organisation A who is in no relationship.
async fn setup(w: &World) -> Setup {
    let (_, intake) = w
        .programme_with_intake(
            (
                "Cross-agency mentoring".to_string(),
                ProgrammeKind::Mentoring,
                ProgrammeRules {
                    modes: vec![Mode::Video],
                    ..ProgrammeRules::default()
                },
            ),
            "Winter",
            [-30, -10, -5],
            [5, 5],
        )
        .await;
    let mo = w.add_participant(w.org_b, "Mo", "Mentor", MO).await;
    w.add_participant(w.org_a, "Olga", "Outside", OLGA).await;
    let (mentee, mentor) = (ApplicationRole::Mentee, ApplicationRole::Mentor);
    let apps = [
        w.approved_application(
            intake.id,
            w.participant,
            w.org_a,
            mentee,
            Default::default(),
        )
        .await,
        w.approved_application(intake.id, mo, w.org_b, mentor, Default::default())
            .await,
    ];
    let rel = w
        .publish(
            intake.id,
            RelationshipKind::Mentoring,
            &[&apps[0], &apps[1]],
            None,
        )
        .await;
    let terms = tandem_domain::AgreementTerms {
        goals: "Grow".into(),
        frequency: "Monthly".into(),
        channel: Some(Mode::Video),
        cancellation_notice_hours: 24,
        ..Default::default()
    };
    let (store, now) = (&w.ctx.store, w.ctx.now());
    fixtures::accept_and_sign(store, rel.id, &[w.participant, mo], &terms, now).await;
    Setup {
        rel: rel.id,
        pat: w.participant,
        mo,
    }
}

fn date_fields(prefix: &str, d: chrono::NaiveDate) -> Vec<(String, String)> {
    vec![
        (format!("{prefix}-day"), d.day().to_string()),
        (format!("{prefix}-month"), d.month().to_string()),
        (format!("{prefix}-year"), d.year().to_string()),
    ]
}

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The id at the end of a redirect's path (before any query).
fn id_of(location: &str) -> String {
    location
        .split('?')
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn goals_are_shared_with_the_members_and_only_counted_for_the_coordinator() {
    on_backends(|w| async move {
        let s = setup(&w).await;
        let goals_path = format!("/relationships/{}/goals", s.rel);
        let mut pat = w.signed_in(PA).await;

        // Bad input writes nothing.
        pat.post(&goals_path, &[("title", "  "), ("status", "not_started")])
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        pat.post(
            &goals_path,
            &[("title", "Lead a huddle"), ("status", "nearly_done")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        pat.post(
            &goals_path,
            &[
                ("title", "Lead a huddle"),
                ("status", "not_started"),
                ("dimensions", "being_nice"),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            w.ctx
                .store
                .goals_of_relationship(s.rel)
                .await
                .unwrap()
                .is_empty()
        );

        let res = pat
            .post(
                &goals_path,
                &[
                    ("title", "Chair the <b>weekly</b> huddle"),
                    ("status", "not_started"),
                    ("dimensions", "engaging_the_team"),
                    ("dimensions", "leading_with_care"),
                    ("progress_note", "Starting in May"),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let goals = w.ctx.store.goals_of_relationship(s.rel).await.unwrap();
        assert_eq!(goals.len(), 1);
        let goal = goals[0].clone();
        assert_eq!(goal.person_id, s.pat);
        assert_eq!(goal.dimensions.len(), 2);

        // The other member sees it (escaped), with its dimensions, in both languages.
        let mut mo = w.signed_in(MO).await;
        let page = mo.get(&goals_path).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Chair the &lt;b&gt;weekly"));
        assert!(!page.contains("<b>weekly"));
        assert!(page.contains("Engaging the team"));
        let nl = mo.get(&format!("{goals_path}?lang=nl-NL")).await;
        assert!(nl.contains("Doelen"));
        assert!(nl.contains("Nog niet begonnen"));
        // ... but may not change it.
        mo.post(
            &format!("/goals/{}", goal.id),
            &[("title", "Hijacked"), ("status", "achieved")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
        let mo_token = api_token(&w, MO).await;
        let (status, _) = call(
            &w,
            Method::PUT,
            &format!("/api/v1/goals/{}", goal.id),
            &mo_token,
            Some(json!({ "title": "Hijacked", "status": "achieved" })),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            w.ctx.store.get_goal(goal.id).await.unwrap().title,
            goal.title
        );

        // Nobody outside the relationship sees it: not another participant, not either
        // organisation's coordinator, not the scheme coordinator.
        for email in [OLGA, CA, CB, SC] {
            let mut b = w.signed_in(email).await;
            b.get(&goals_path)
                .await
                .assert_status(StatusCode::NOT_FOUND);
            let page = b.get(&format!("/goals/{}", goal.id)).await;
            page.assert_status(StatusCode::NOT_FOUND);
            assert!(!page.contains("huddle"));
            let token = api_token(&w, email).await;
            for path in [
                format!("/api/v1/relationships/{}/goals", s.rel),
                format!("/api/v1/goals/{}", goal.id),
            ] {
                let (status, body) = call(&w, Method::GET, &path, &token, None).await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{email} {path}");
                assert!(!body.to_string().contains("huddle"));
            }
            let (status, _) = call(
                &w,
                Method::POST,
                &format!("/api/v1/relationships/{}/goals", s.rel),
                &token,
                Some(json!({ "title": "Sneaky", "status": "not_started" })),
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }

        // The owner updates progress through the API.
        let pat_token = api_token(&w, PA).await;
        let (status, body) = call(
            &w,
            Method::PUT,
            &format!("/api/v1/goals/{}", goal.id),
            &pat_token,
            Some(json!({
                "title": "Chair the weekly huddle",
                "status": "achieved",
                "dimensions": ["engaging_the_team"],
                "progress_note": "Chaired four in a row",
            })),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "achieved");
        assert_eq!(body["mine"], true);
        let (status, _) = call(
            &w,
            Method::PUT,
            &format!("/api/v1/goals/{}", goal.id),
            &pat_token,
            Some(json!({ "title": "", "status": "achieved" })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        // Mo adds a goal of his own through the API.
        let (status, body) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{}/goals", s.rel),
            &mo_token,
            Some(json!({ "title": "Listen more", "status": "under_way" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["person_id"], s.mo.to_string());

        // The scheme coordinator sees counts only; organisation coordinators not even that.
        let sc_token = api_token(&w, SC).await;
        let (status, body) = call(&w, Method::GET, "/api/v1/goal-counts", &sc_token, None).await;
        assert_eq!(status, StatusCode::OK);
        let count = |s: &str| {
            body.as_array()
                .unwrap()
                .iter()
                .find(|c| c["status"] == s)
                .map(|c| c["count"].as_u64().unwrap())
        };
        assert_eq!(count("not_started"), Some(0));
        assert_eq!(count("under_way"), Some(1));
        assert_eq!(count("achieved"), Some(1));
        assert!(!body.to_string().contains("huddle"));
        let mut sc = w.signed_in(SC).await;
        let page = sc.get("/goal-counts").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("id=\"count-achieved\">1<"));
        assert!(!page.contains("huddle"));
        for email in [CA, PA] {
            let token = api_token(&w, email).await;
            let (status, _) = call(&w, Method::GET, "/api/v1/goal-counts", &token, None).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }

        // Once the relationship has closed, new goals are refused with a reason; nothing is
        // written, and the members still read the goals they had.
        let store = &w.ctx.store;
        store
            .move_relationship(
                s.rel,
                RelationshipStatus::Active,
                RelationshipStatus::WindingDown,
                Utc::now(),
            )
            .await
            .unwrap();
        store
            .move_relationship(
                s.rel,
                RelationshipStatus::WindingDown,
                RelationshipStatus::Closed,
                Utc::now(),
            )
            .await
            .unwrap();
        let (status, body) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{}/goals", s.rel),
            &pat_token,
            Some(json!({ "title": "One more", "status": "not_started" })),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.to_string().contains("closed"), "{body}");
        let page = pat
            .post(
                &goals_path,
                &[("title", "One more"), ("status", "not_started")],
            )
            .await;
        // The form again with the reason in its summary (issue 17), nothing written.
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("There is a problem"), "{}", page.text());
        assert_eq!(store.goals_of_relationship(s.rel).await.unwrap().len(), 2);
        let page = pat.get(&goals_path).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Listen more"));
        assert!(!page.contains("action=\"/relationships/"));
    })
    .await;
}

#[tokio::test]
async fn a_reflection_is_private_until_its_author_shares_it() {
    on_backends(|w| async move {
        let s = setup(&w).await;
        let secret = "I felt out of my depth in the board meeting";
        let today = w.ctx.now().date_naive();
        let mut pat = w.signed_in(PA).await;

        // Bad input writes nothing: a future date, no text, someone else's relationship.
        let mut future = date_fields("written_on", today + Duration::days(3));
        future.push(("text".into(), secret.into()));
        pat.post("/reflections", &as_refs(&future))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let mut empty = date_fields("written_on", today);
        empty.push(("text".into(), "   ".into()));
        pat.post("/reflections", &as_refs(&empty))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let mut foreign = date_fields("written_on", today);
        foreign.push(("text".into(), secret.into()));
        foreign.push(("shared_with".into(), RelationshipId::new().to_string()));
        pat.post("/reflections", &as_refs(&foreign))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            w.ctx
                .store
                .reflections_of_author(s.pat)
                .await
                .unwrap()
                .is_empty()
        );

        let mut fields = date_fields("written_on", today);
        fields.push(("text".into(), secret.into()));
        fields.push(("relationship_id".into(), s.rel.to_string()));
        fields.push(("dimensions".into(), "holding_to_account".into()));
        let res = pat.post("/reflections", &as_refs(&fields)).await;
        res.assert_status(StatusCode::SEE_OTHER);
        let id = id_of(&res.location());
        let own = pat.get(&format!("/reflections/{id}")).await;
        own.assert_status(StatusCode::OK);
        assert!(own.contains(secret));
        assert!(own.contains("Private"));

        // Private: nobody else reads it, through any page or the API.
        let nobody_else = |emails: Vec<&'static str>| {
            let w = &w;
            let id = id.clone();
            async move {
                for email in emails {
                    let mut b = w.signed_in(email).await;
                    let page = b.get(&format!("/reflections/{id}")).await;
                    page.assert_status(StatusCode::NOT_FOUND);
                    assert!(!page.contains(secret));
                    let list = b.get("/reflections").await;
                    assert!(!list.contains(secret), "{email}");
                    assert!(!list.contains(&id), "{email}");
                    let token = api_token(w, email).await;
                    let (status, body) = call(
                        w,
                        Method::GET,
                        &format!("/api/v1/reflections/{id}"),
                        &token,
                        None,
                    )
                    .await;
                    assert_eq!(status, StatusCode::NOT_FOUND, "{email}");
                    assert!(!body.to_string().contains(secret));
                    let (_, body) = call(w, Method::GET, "/api/v1/reflections", &token, None).await;
                    assert!(!body.to_string().contains(secret), "{email}");
                    // Nor can they share or unshare it.
                    let (status, _) = call(
                        w,
                        Method::PUT,
                        &format!("/api/v1/reflections/{id}/sharing"),
                        &token,
                        Some(json!({ "shared_with": null })),
                    )
                    .await;
                    assert_eq!(status, StatusCode::NOT_FOUND, "{email}");
                }
            }
        };
        nobody_else(vec![MO, OLGA, CA, CB, SC]).await;

        // Shared with the relationship: Mo reads it; still nobody else.
        pat.post(
            &format!("/reflections/{id}/sharing"),
            &[("shared_with", &s.rel.to_string())],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let mut mo = w.signed_in(MO).await;
        let page = mo.get(&format!("/reflections/{id}")).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains(secret));
        assert!(mo.get("/reflections").await.contains(&id));
        let mo_token = api_token(&w, MO).await;
        let (status, body) = call(
            &w,
            Method::GET,
            &format!("/api/v1/reflections/{id}"),
            &mo_token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["text"], secret);
        assert_eq!(body["mine"], false);
        let (_, body) = call(&w, Method::GET, "/api/v1/reflections", &mo_token, None).await;
        assert_eq!(body["shared_with_me"].as_array().unwrap().len(), 1);
        assert!(body["own"].as_array().unwrap().is_empty());
        // Mo cannot change its sharing.
        let (status, _) = call(
            &w,
            Method::PUT,
            &format!("/api/v1/reflections/{id}/sharing"),
            &mo_token,
            Some(json!({ "shared_with": null })),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        nobody_else(vec![OLGA, CA, CB, SC]).await;

        // Sharing with a relationship that is not the author's is refused and changes nothing.
        let pat_token = api_token(&w, PA).await;
        let (status, _) = call(
            &w,
            Method::PUT,
            &format!("/api/v1/reflections/{id}/sharing"),
            &pat_token,
            Some(json!({ "shared_with": RelationshipId::new() })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(mo.get(&format!("/reflections/{id}")).await.contains(secret));

        // Unshared: private again.
        let (status, body) = call(
            &w,
            Method::PUT,
            &format!("/api/v1/reflections/{id}/sharing"),
            &pat_token,
            Some(json!({ "shared_with": null })),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["shared_with"], Value::Null);
        nobody_else(vec![MO, OLGA, CA, CB, SC]).await;

        // The API creates entries too, private by default.
        let (status, body) = call(
            &w,
            Method::POST,
            "/api/v1/reflections",
            &pat_token,
            Some(json!({ "written_on": today, "text": "Second thoughts" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["shared_with"], Value::Null);
        let (status, _) = call(
            &w,
            Method::POST,
            "/api/v1/reflections",
            &pat_token,
            Some(json!({ "written_on": today + Duration::days(2), "text": "Later" })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            w.ctx
                .store
                .reflections_of_author(s.pat)
                .await
                .unwrap()
                .len(),
            2
        );

        // The text never reaches the audit trail.
        let audit = w.ctx.store.list_audit(200).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "growth.reflection.share"));
        assert!(audit.iter().all(|e| !e.detail.contains("depth")));
    })
    .await;
}

#[tokio::test]
async fn the_cpd_record_counts_sessions_and_activities_and_exports_them() {
    on_backends(|w| async move {
        let s = setup(&w).await;
        let today = w.ctx.now().date_naive();
        w.ctx
            .store
            .log_session(
                &SessionLog {
                    id: SessionId::new(),
                    relationship_id: s.rel,
                    held_on: today - Duration::days(1),
                    minutes: 90,
                    mode: Mode::Video,
                    logged_by: Some(s.pat),
                    logged_at: Utc::now(),
                    topics: String::new(),
                    action_points: String::new(),
                },
                SessionCaps {
                    sessions: None,
                    minutes: None,
                },
            )
            .await
            .unwrap();
        let mut pat = w.signed_in(PA).await;

        // Bad hours write nothing.
        for hours in ["abc", "25", "0", ""] {
            let mut f = date_fields("done_on", today);
            f.push(("activity".into(), "Course".into()));
            f.push(("hours".into(), hours.into()));
            pat.post("/cpd", &as_refs(&f))
                .await
                .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        let mut future = date_fields("done_on", today + Duration::days(2));
        future.push(("activity".into(), "Course".into()));
        future.push(("hours".into(), "1".into()));
        pat.post("/cpd", &as_refs(&future))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            w.ctx
                .store
                .cpd_activities_of(s.pat)
                .await
                .unwrap()
                .is_empty()
        );

        let awkward = "=Workshop, \"quality\" – Ärzte";
        let mut f = date_fields("done_on", today);
        f.push(("activity".into(), awkward.into()));
        f.push(("hours".into(), "1,5".into()));
        f.push(("participatory".into(), "yes".into()));
        f.push(("reflection".into(), "Two lines\nof reflection".into()));
        pat.post("/cpd", &as_refs(&f))
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let pat_token = api_token(&w, PA).await;
        let (status, body) = call(
            &w,
            Method::POST,
            "/api/v1/cpd",
            &pat_token,
            Some(json!({ "activity": "Reading", "done_on": today, "minutes": 30 })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, _) = call(
            &w,
            Method::POST,
            "/api/v1/cpd",
            &pat_token,
            Some(json!({ "activity": "Too long", "done_on": today, "minutes": 1441 })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // Totals: 90 (session, participatory) + 90 (participatory) + 30 minutes.
        let (status, record) = call(&w, Method::GET, "/api/v1/cpd", &pat_token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(record["total_minutes"], 210);
        assert_eq!(record["participatory_minutes"], 180);
        assert_eq!(record["meets_nmc_revalidation_hours"], false);
        let lines = record["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines.iter().filter(|l| l["source"] == "session").count(), 1);

        let page = pat.get("/cpd").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("id=\"total-hours\">3.50<"));
        assert!(page.contains("id=\"participatory-hours\">3.00<"));
        assert!(page.contains("Mentoring session"));

        // CSV: a byte order mark, RFC 4180 quoting, formulas defused, totals last.
        let csv = pat.get("/cpd/export.csv").await;
        csv.assert_status(StatusCode::OK);
        assert!(
            csv.headers[axum::http::header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let text = csv.text();
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "Date,Activity,Hours,Participatory,Reflection");
        assert!(text.contains(
            "\"'=Workshop, \"\"quality\"\" – Ärzte\",1.50,Yes,\"Two lines\nof reflection\""
        ));
        assert!(text.contains("Mentoring session,1.50,Yes,"));
        assert!(text.contains(",Total,3.50,3.00,\r\n"));
        let nl = pat.get("/cpd/export.csv?lang=nl-NL").await;
        assert!(
            nl.text()
                .contains("Datum,Activiteit,Uren,Met anderen,Reflectie")
        );
        let mo_token = api_token(&w, MO).await;
        let req = axum::http::Request::get("/api/v1/cpd/export.csv")
            .header(
                axum::http::header::AUTHORIZATION,
                format!("Bearer {pat_token}"),
            )
            .body(axum::body::Body::empty())
            .unwrap();
        let res = tower::ServiceExt::oneshot(w.app.clone(), req)
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        // The printable page: its own style sheet with print rules, and no script.
        let print = pat.get("/cpd/print").await;
        print.assert_status(StatusCode::OK);
        assert!(print.contains("href=\"/cpd/print.css\""));
        assert!(!print.contains("<script"));
        assert!(print.contains("3.50"));
        assert!(print.contains("Pat Participant"));
        let css = pat.get("/cpd/print.css").await;
        css.assert_status(StatusCode::OK);
        assert!(css.contains("@media print"));

        // Each record is its owner's: Mo sees the session, not Pat's activities.
        let (_, mo_record) = call(&w, Method::GET, "/api/v1/cpd", &mo_token, None).await;
        assert_eq!(mo_record["total_minutes"], 90);
        assert!(!mo_record.to_string().contains("Workshop"));
        let activity = w.ctx.store.cpd_activities_of(s.pat).await.unwrap()[0].id;
        let (status, _) = call(
            &w,
            Method::DELETE,
            &format!("/api/v1/cpd/activities/{activity}"),
            &mo_token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(w.ctx.store.cpd_activities_of(s.pat).await.unwrap().len(), 2);
        let (status, _) = call(
            &w,
            Method::DELETE,
            &format!("/api/v1/cpd/activities/{activity}"),
            &pat_token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(w.ctx.store.cpd_activities_of(s.pat).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn the_directory_lists_only_those_who_opted_in() {
    on_backends(|w| async move {
        let _ = setup(&w).await;
        let mut mo = w.signed_in(MO).await;

        // Bad input writes nothing.
        mo.post(
            "/directory/listing",
            &[("action", "opt_in"), ("interests", " ")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        mo.post(
            "/directory/listing",
            &[("action", "opt_in"), ("dimensions", "not_a_dimension")],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let mut olga = w.signed_in(OLGA).await;
        let page = olga.get("/directory").await;
        page.assert_status(StatusCode::OK);
        assert!(!page.contains("Mo Mentor"));

        mo.post(
            "/directory/listing",
            &[
                ("action", "opt_in"),
                ("interests", "Rural district nursing"),
                ("dimensions", "sharing_the_vision"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        assert!(
            mo.get("/directory/listing")
                .await
                .contains("You are listed")
        );

        let page = olga.get("/directory").await;
        assert!(page.contains("Mo Mentor"));
        assert!(page.contains("Beta Council"));
        assert!(page.contains("Team leader"));
        assert!(page.contains("Rural district nursing"));
        assert!(page.contains("Sharing the vision"));
        // Nobody who did not opt in appears: not Pat, Olga or the coordinators.
        for name in [
            "Pat Participant",
            "Ada Alpha",
            "Ben Beta",
            "Sam Coordinator",
        ] {
            assert!(!page.contains(name), "{name}");
        }
        assert!(olga.get("/directory?q=RURAL").await.contains("Mo Mentor"));
        assert!(
            !olga
                .get("/directory?q=cardiology")
                .await
                .contains("Mo Mentor")
        );
        assert!(
            olga.get("/directory?dimension=sharing_the_vision")
                .await
                .contains("Mo Mentor")
        );
        assert!(
            !olga
                .get("/directory?dimension=leading_with_care")
                .await
                .contains("Mo Mentor")
        );
        assert!(
            olga.get("/directory?lang=nl-NL")
                .await
                .contains("Collegagids")
        );

        let token = api_token(&w, OLGA).await;
        let (status, body) = call(&w, Method::GET, "/api/v1/directory", &token, None).await;
        assert_eq!(status, StatusCode::OK);
        let list = body["items"].as_array().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["family_name"], "Mentor");
        assert_eq!(list[0]["organisation"], "Beta Council");
        let (_, body) = call(
            &w,
            Method::GET,
            "/api/v1/directory?q=nobody-matches",
            &token,
            None,
        )
        .await;
        assert!(body["items"].as_array().unwrap().is_empty());
        let (status, _) = call(
            &w,
            Method::GET,
            "/api/v1/directory?dimension=bogus",
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        // Olga opts in through the API, then out again.
        let (status, body) = call(
            &w,
            Method::PUT,
            "/api/v1/directory/listing",
            &token,
            Some(json!({ "interests": "", "dimensions": [] })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = call(
            &w,
            Method::PUT,
            "/api/v1/directory/listing",
            &token,
            Some(json!({ "dimensions": ["leading_with_care"] })),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["listed"], true);
        let (_, body) = call(&w, Method::GET, "/api/v1/directory", &token, None).await;
        assert_eq!(body["items"].as_array().unwrap().len(), 2);
        let (status, _) = call(
            &w,
            Method::DELETE,
            "/api/v1/directory/listing",
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, body) = call(&w, Method::GET, "/api/v1/directory/listing", &token, None).await;
        assert_eq!(body["listed"], false);

        // Mo opts out through the page: gone from the directory.
        mo.post("/directory/listing", &[("action", "opt_out")])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let page = olga.get("/directory").await;
        assert!(!page.contains("Mo Mentor"));
        let (_, body) = call(&w, Method::GET, "/api/v1/directory", &token, None).await;
        assert!(body["items"].as_array().unwrap().is_empty());
    })
    .await;
}
