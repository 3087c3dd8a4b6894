//! HTTP tests of mentor development: the mentoring pages (`/people/{id}/mentoring`,
//! `/mentoring`, `/mentors`) and the API (`/api/v1/people/{id}/training`, `…/supervision`,
//! `…/mentor-standing`, `/api/v1/mentors`), with who may do what and the validation rules.
//!
//! The harness's world: Alpha Trust (Sam the scheme coordinator, Ada its coordinator, Pat a
//! participant, three staff) and Beta Council (Ben its coordinator, two staff).

use crate::harness::{CA, CB, PA, SC, World, on_backends};
use axum::http::{Method, StatusCode};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde_json::{Value, json};
use tandem_domain::{MentorStanding, MentorStatus, PersonId};

fn date_fields(prefix: &str, d: NaiveDate) -> Vec<(String, String)> {
    vec![
        (format!("{prefix}-day"), d.day().to_string()),
        (format!("{prefix}-month"), d.month().to_string()),
        (format!("{prefix}-year"), d.year().to_string()),
    ]
}

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn training_form(course: &str, completed: NaiveDate, qualifies: bool) -> Vec<(String, String)> {
    let mut f = vec![
        ("course".to_string(), course.to_string()),
        ("provider".to_string(), "Leadership Academy".to_string()),
        ("evidence".to_string(), "Certificate 42".to_string()),
    ];
    f.extend(date_fields("completed_on", completed));
    if qualifies {
        f.push(("qualifies".into(), "yes".into()));
    }
    f
}

fn supervision_form(held: NaiveDate, minutes: &str, themes: &str) -> Vec<(String, String)> {
    let mut f = vec![
        ("supervisor".to_string(), "Dr Jo Supervisor".to_string()),
        ("minutes".to_string(), minutes.to_string()),
        ("themes".to_string(), themes.to_string()),
    ];
    f.extend(date_fields("held_on", held));
    f
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn days_ago(n: i64) -> NaiveDate {
    today() - Duration::days(n)
}

async fn standing_of(w: &World, p: PersonId) -> Option<MentorStanding> {
    w.ctx.store.mentor_standing(p).await.expect("standing")
}

// ---------------------------------------------------------------------------------------------
// Pages

/// Checks the markup of a page with several forms: ids are unique, every visible control has a
/// label, and no script is inlined.
#[track_caller]
fn assert_forms_accessible(html: &str) {
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let mut seen = std::collections::HashSet::new();
    for id in &ids {
        assert!(seen.insert(*id), "duplicate id {id}");
    }
    for control in ["<input class=\"nhsuk-", "<textarea", "<select"] {
        for piece in html.split(control).skip(1) {
            let id = piece
                .split(" id=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .expect("control with an id");
            assert!(html.contains(&format!("for=\"{id}\"")), "no label for {id}");
        }
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script>") && !html.contains("onclick"));
}

#[tokio::test]
async fn mentor_page_records_training_supervision_and_standing() {
    on_backends(|w| async move {
        let mentor = w.staff_a[0];
        let mut b = w.signed_in(SC).await;
        let path = format!("/people/{mentor}/mentoring");
        let page = b.get(&path).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Alice Archer"));
        assert!(page.contains("id=\"no-training\""));
        assert!(page.contains("id=\"no-supervision\""));
        // Coordinators get the load field.
        assert!(page.contains("name=\"load_max\""));
        assert_forms_accessible(&page.text());

        let form = training_form("Coaching <b>skills</b>", days_ago(10), true);
        let res = b.post(&format!("{path}/training"), &as_refs(&form)).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(res.location(), format!("{path}?notice=notice.created"));
        let form = supervision_form(days_ago(3), "90", "Boundaries\nEndings");
        let res = b
            .post(&format!("{path}/supervision"), &as_refs(&form))
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let res = b
            .post(
                &format!("{path}/standing"),
                &[("status", "paused"), ("load_max", "3")],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(res.location(), format!("{path}?notice=notice.saved"));

        let page = b.get(&path).await;
        page.assert_status(StatusCode::OK);
        // Markup typed into a field is shown as text.
        assert!(page.contains("Coaching &lt;b&gt;skills&lt;"));
        assert!(!page.contains("<b>skills</b>"));
        assert!(page.contains("Dr Jo Supervisor"));
        assert!(page.contains("0 of at most 3"));
        assert!(page.contains("Paused"));
        assert_forms_accessible(&page.text());

        let training = w.ctx.store.list_training(mentor).await.unwrap();
        assert_eq!(training.len(), 1);
        assert_eq!(training[0].course, "Coaching <b>skills</b>");
        assert_eq!(training[0].completed_on, days_ago(10));
        assert!(training[0].qualifies_as_mentor_training);
        assert!(w.ctx.store.is_mentor_trained(mentor).await.unwrap());
        let sessions = w.ctx.store.list_supervision(mentor).await.unwrap();
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].minutes, 90);
        assert_eq!(sessions[0].themes, "Boundaries\nEndings");
        let s = standing_of(&w, mentor).await.expect("recorded");
        assert_eq!((s.status, s.load_max), (MentorStatus::Paused, Some(3)));

        // Every write is audited with ids only.
        let audit = w.ctx.store.list_audit(10).await.unwrap();
        let actions: Vec<&str> = audit
            .iter()
            .filter(|e| e.subject == mentor.to_string())
            .map(|e| e.action.as_str())
            .collect();
        assert_eq!(
            actions,
            vec![
                "mentor.standing.set",
                "mentor.supervision.create",
                "mentor.training.create"
            ]
        );
        for e in audit.iter().filter(|e| e.action.starts_with("mentor.")) {
            assert!(!e.detail.contains("Coaching") && !e.detail.contains("Jo"));
        }
    })
    .await;
}

#[tokio::test]
async fn mentor_forms_with_errors_show_them_and_save_nothing() {
    on_backends(|w| async move {
        let mentor = w.staff_a[1];
        let mut b = w.signed_in(CA).await;
        let path = format!("/people/{mentor}/mentoring");

        let future = today() + Duration::days(2);
        let form = training_form("  ", future, false);
        let res = b.post(&format!("{path}/training"), &as_refs(&form)).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("There is a problem"));
        assert!(res.contains("Enter the course or qualification"));
        assert!(res.contains("The date must be today or in the past"));
        assert!(res.contains("href=\"#course\""));
        // The other values are kept in the form.
        assert!(res.contains("value=\"Leadership Academy\""));
        assert_forms_accessible(&res.text());

        let mut form = training_form("Coaching", days_ago(1), false);
        for (k, v) in form.iter_mut() {
            if k == "completed_on-month" {
                *v = "13".into();
            }
        }
        let res = b.post(&format!("{path}/training"), &as_refs(&form)).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Enter a real date"));

        let form = supervision_form(days_ago(1), "ninety", "Themes");
        let res = b
            .post(&format!("{path}/supervision"), &as_refs(&form))
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Enter a whole number"));
        for minutes in ["0", "601"] {
            let form = supervision_form(days_ago(1), minutes, "Themes");
            let res = b
                .post(&format!("{path}/supervision"), &as_refs(&form))
                .await;
            res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                res.contains("Enter a length from 1 to 600 minutes"),
                "{minutes}"
            );
        }
        let form = supervision_form(days_ago(1), "60", " ");
        let res = b
            .post(&format!("{path}/supervision"), &as_refs(&form))
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Enter the themes discussed"));

        for load in ["0", "21", "three"] {
            let res = b
                .post(
                    &format!("{path}/standing"),
                    &[("status", "active"), ("load_max", load)],
                )
                .await;
            res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            assert!(res.contains("href=\"#load_max\""), "{load}");
        }
        let res = b
            .post(&format!("{path}/standing"), &[("load_max", "2")])
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Select a status"));

        assert!(w.ctx.store.list_training(mentor).await.unwrap().is_empty());
        assert!(
            w.ctx
                .store
                .list_supervision(mentor)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(standing_of(&w, mentor).await, None);
    })
    .await;
}

#[tokio::test]
async fn a_mentor_keeps_their_own_record_and_pauses_themselves() {
    on_backends(|w| async move {
        let me = w.participant;
        let mut b = w.signed_in(PA).await;
        let page = b.get("/mentoring").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("My mentoring"));
        // No load field for the mentor, and no withdrawing themselves.
        assert!(!page.contains("name=\"load_max\""));
        assert!(!page.contains("value=\"withdrawn\""));
        assert!(page.contains("value=\"paused\""));

        let form = training_form("Mentor foundation", days_ago(30), true);
        let res = b.post("/mentoring/training", &as_refs(&form)).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(res.location(), "/mentoring?notice=notice.created");
        let form = supervision_form(today(), "45", "Reflective practice");
        b.post("/mentoring/supervision", &as_refs(&form))
            .await
            .assert_status(StatusCode::SEE_OTHER);
        b.post("/mentoring/standing", &[("status", "paused")])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let s = standing_of(&w, me).await.expect("recorded");
        assert_eq!((s.status, s.load_max), (MentorStatus::Paused, None));

        // Setting a load or withdrawing is for coordinators.
        b.post(
            "/mentoring/standing",
            &[("status", "paused"), ("load_max", "3")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
        b.post("/mentoring/standing", &[("status", "withdrawn")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        let after = standing_of(&w, me).await.expect("recorded");
        assert_eq!(after, s);
        b.post("/mentoring/standing", &[("status", "active")])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(
            standing_of(&w, me).await.map(|s| s.status),
            Some(MentorStatus::Active)
        );
        // The same page is at /people/{me}/mentoring.
        let page = b.get(&format!("/people/{me}/mentoring")).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Mentor foundation"));

        // Someone else's record, and the coordinators' list, are not theirs.
        b.get(&format!("/people/{}/mentoring", w.staff_a[0]))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        let form = training_form("Sneaky", days_ago(1), true);
        b.post(
            &format!("/people/{}/mentoring/training", w.staff_a[0]),
            &as_refs(&form),
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
        assert!(
            w.ctx
                .store
                .list_training(w.staff_a[0])
                .await
                .unwrap()
                .is_empty()
        );
        b.get("/mentors").await.assert_status(StatusCode::FORBIDDEN);

        // A withdrawn mentor is told to ask their coordinator.
        let mut sc = w.signed_in(SC).await;
        sc.post(
            &format!("/people/{me}/mentoring/standing"),
            &[("status", "withdrawn"), ("load_max", "")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let page = b.get("/mentoring").await;
        assert!(page.contains("You have withdrawn from mentoring"));
        b.post("/mentoring/standing", &[("status", "active")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn other_organisations_coordinator_cannot_see_or_record_mentor_development() {
    on_backends(|w| async move {
        let mentor = w.staff_a[0];
        let path = format!("/people/{mentor}/mentoring");
        let mut cb = w.signed_in(CB).await;
        cb.get(&path).await.assert_status(StatusCode::NOT_FOUND);
        let form = training_form("Coaching", days_ago(1), true);
        cb.post(&format!("{path}/training"), &as_refs(&form))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        let form = supervision_form(days_ago(1), "30", "Themes");
        cb.post(&format!("{path}/supervision"), &as_refs(&form))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        cb.post(&format!("{path}/standing"), &[("status", "paused")])
            .await
            .assert_status(StatusCode::NOT_FOUND);
        cb.get("/people/not-an-id/mentoring")
            .await
            .assert_status(StatusCode::NOT_FOUND);
        assert!(w.ctx.store.list_training(mentor).await.unwrap().is_empty());
        assert!(
            w.ctx
                .store
                .list_supervision(mentor)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(standing_of(&w, mentor).await, None);

        // Their own organisation's coordinator may, including the load.
        let mut ca = w.signed_in(CA).await;
        ca.get(&path).await.assert_status(StatusCode::OK);
        ca.post(
            &format!("{path}/standing"),
            &[("status", "active"), ("load_max", "2")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(
            standing_of(&w, mentor).await.and_then(|s| s.load_max),
            Some(2)
        );
        // An empty load field means "the programme's".
        ca.post(
            &format!("{path}/standing"),
            &[("status", "active"), ("load_max", "")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(standing_of(&w, mentor).await.and_then(|s| s.load_max), None);
    })
    .await;
}

#[tokio::test]
async fn mentors_list_is_scoped_to_the_coordinators_organisations() {
    on_backends(|w| async move {
        let store = &w.ctx.store;
        let alice = w.staff_a[0];
        let bea = w.staff_b[0];
        store
            .set_mentor_standing(&MentorStanding {
                person_id: bea,
                status: MentorStatus::Paused,
                load_max: Some(2),
                updated_at: Utc::now(),
            })
            .await
            .unwrap();
        let mut sc = w.signed_in(SC).await;
        let form = training_form("Mentor foundation", days_ago(5), true);
        sc.post(
            &format!("/people/{alice}/mentoring/training"),
            &as_refs(&form),
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);

        let page = sc.get("/mentors").await;
        page.assert_status(StatusCode::OK);
        assert_forms_accessible(&page.text());
        assert!(page.contains("Archer, Alice") && page.contains("Brook, Bea"));
        assert!(page.contains(&format!("/people/{alice}/mentoring")));
        assert!(page.contains("0 of at most 2"));
        // Staff with no mentor records are not listed.
        assert!(!page.contains("Ashby, Alan"));
        let page = w.signed_in(CA).await.get("/mentors").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Archer, Alice") && !page.contains("Brook, Bea"));
        let page = w.signed_in(CB).await.get("/mentors").await;
        page.assert_status(StatusCode::OK);
        assert!(!page.contains("Archer, Alice") && page.contains("Brook, Bea"));
        w.browser()
            .get("/mentors")
            .await
            .assert_status(StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn mentor_pages_are_translated() {
    on_backends(|w| async move {
        let mut b = w.signed_in(PA).await;
        let page = b.get("/mentoring?lang=nl-NL").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Mijn mentorschap"));
        assert!(page.contains("Opleiding toevoegen"));
        let form = supervision_form(days_ago(1), "700", "x");
        let res = b.post("/mentoring/supervision", &as_refs(&form)).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Vul een duur in van 1 tot 600 minuten"));
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// API

struct Resp {
    status: StatusCode,
    body: Value,
}

impl Resp {
    fn has_field(&self, field: &str, code: &str) -> bool {
        self.body["error"]["fields"]
            .as_array()
            .is_some_and(|a| a.iter().any(|f| f["field"] == field && f["code"] == code))
    }
}

async fn token(w: &World, email: &str) -> String {
    crate::harness::api_token(w, email).await
}

async fn call(w: &World, method: Method, path: &str, token: &str, body: Option<Value>) -> Resp {
    let (status, body) = crate::harness::api_call(w, method, path, token, body).await;
    Resp { status, body }
}

/// Checks that a response object has exactly the properties its OpenAPI schema lists (all of
/// them required), so the document and the handlers cannot drift apart.
async fn assert_matches_schema(w: &World, token: &str, schema: &str, value: &Value) {
    let doc = call(w, Method::GET, "/api/openapi.json", token, None)
        .await
        .body;
    let s = &doc["components"]["schemas"][schema];
    let mut props: Vec<&str> = s["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("schema {schema}"))
        .keys()
        .map(String::as_str)
        .collect();
    let mut required: Vec<&str> = s["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut got: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    props.sort();
    required.sort();
    got.sort();
    assert_eq!(got, props, "{schema}");
    assert_eq!(required, props, "{schema}");
}

#[tokio::test]
async fn mentor_api_round_trips() {
    on_backends(|w| async move {
        let sc = token(&w, SC).await;
        let mentor = w.staff_b[1];
        let base = format!("/api/v1/people/{mentor}");
        let r = call(&w, Method::GET, &format!("{base}/training"), &sc, None).await;
        assert_eq!((r.status, r.body.clone()), (StatusCode::OK, json!([])));

        let older = days_ago(400).to_string();
        let newer = days_ago(20).to_string();
        for (course, on, counts) in [("Listening", &older, false), ("Coaching", &newer, true)] {
            let r = call(
                &w,
                Method::POST,
                &format!("{base}/training"),
                &sc,
                Some(json!({ "course": course, "provider": "Academy", "completed_on": on, "counts_as_mentor_training": counts })),
            )
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            assert_eq!(r.body["course"], course);
            assert_eq!(r.body["evidence"], "");
            assert_eq!(r.body["person_id"], mentor.to_string());
        }
        let r = call(&w, Method::GET, &format!("{base}/training"), &sc, None).await;
        let courses: Vec<&str> = r.body.as_array().unwrap().iter().map(|t| t["course"].as_str().unwrap()).collect();
        assert_eq!(courses, vec!["Coaching", "Listening"]);
        assert_matches_schema(&w, &sc, "Training", &r.body[0]).await;

        let r = call(
            &w,
            Method::POST,
            &format!("{base}/supervision"),
            &sc,
            Some(json!({ "held_on": days_ago(2).to_string(), "supervisor": "Dr Kay", "minutes": 60, "themes": "Contracting" })),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.body["minutes"], 60);
        let r = call(&w, Method::GET, &format!("{base}/supervision"), &sc, None).await;
        assert_eq!(r.body.as_array().unwrap().len(), 1);
        assert_eq!(r.body[0]["supervisor"], "Dr Kay");
        assert_matches_schema(&w, &sc, "Supervision", &r.body[0]).await;

        let r = call(&w, Method::GET, &format!("{base}/mentor-standing"), &sc, None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["status"], "active");
        assert_eq!(r.body["load_max"], Value::Null);
        assert_eq!(r.body["updated_at"], Value::Null);
        assert_eq!(r.body["current_load"], 0);
        assert_eq!(r.body["trained"], true);
        assert_matches_schema(&w, &sc, "MentorStanding", &r.body).await;

        let standing_url = format!("{base}/mentor-standing");
        let put = |body: Value| call(&w, Method::PUT, &standing_url, &sc, Some(body));
        let r = put(json!({ "status": "paused", "load_max": 3 })).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!((r.body["status"].clone(), r.body["load_max"].clone()), (json!("paused"), json!(3)));
        assert!(r.body["updated_at"].is_string());
        // Leaving the load out keeps it; null removes it.
        let r = put(json!({ "status": "active" })).await;
        assert_eq!((r.body["status"].clone(), r.body["load_max"].clone()), (json!("active"), json!(3)));
        let r = put(json!({ "status": "active", "load_max": null })).await;
        assert_eq!(r.body["load_max"], Value::Null);
        assert_eq!(standing_of(&w, mentor).await.and_then(|s| s.load_max), None);

        let r = call(&w, Method::GET, "/api/v1/mentors", &sc, None).await;
        assert_eq!(r.status, StatusCode::OK);
        let row = r
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["person_id"] == mentor.to_string())
            .expect("listed")
            .clone();
        assert_eq!(row["family_name"], "Bashir");
        assert_eq!(row["trained"], true);
        assert_eq!(row["status"], "active");
        assert_matches_schema(&w, &sc, "Mentor", &row).await;
    })
    .await;
}

#[tokio::test]
async fn mentor_api_validation_errors_change_nothing() {
    on_backends(|w| async move {
        let ca = token(&w, CA).await;
        let mentor = w.staff_a[2];
        let base = format!("/api/v1/people/{mentor}");
        let post = |path: &'static str, body: Value| {
            let url = format!("{base}/{path}");
            let ca = ca.clone();
            let w = &w;
            async move { call(w, Method::POST, &url, &ca, Some(body)).await }
        };
        let future = (today() + Duration::days(2)).to_string();
        let r = post("training", json!({ "provider": "x".repeat(201), "completed_on": future })).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has_field("course", "error.mentors.course_required"), "{}", r.body);
        assert!(r.has_field("provider", "error.too_long"));
        assert!(r.has_field("completed_on", "error.mentors.date_in_future"));
        let r = post("training", json!({ "course": "C", "provider": "P" })).await;
        assert!(r.has_field("completed_on", "error.date_required"), "{}", r.body);
        let r = post("training", json!({ "course": "C", "provider": "P", "completed_on": "1900-01-01" })).await;
        assert!(r.has_field("completed_on", "error.mentors.date_too_early"), "{}", r.body);
        let r = post("training", json!({ "course": "C", "provider": "P", "completed_on": "not a date" })).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has_field("completed_on", "error.invalid_value"), "{}", r.body);

        let ok_day = days_ago(1).to_string();
        for (minutes, code) in [(json!(0), "error.mentors.minutes_range"), (json!(601), "error.mentors.minutes_range"), (Value::Null, "error.mentors.minutes_required")] {
            let r = post("supervision", json!({ "held_on": ok_day, "supervisor": "S", "minutes": minutes, "themes": "T" })).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(r.has_field("minutes", code), "{}", r.body);
        }
        let r = post("supervision", json!({ "held_on": ok_day, "supervisor": "S", "minutes": -5, "themes": "T" })).await;
        assert!(r.has_field("minutes", "error.invalid_value"), "{}", r.body);
        let r = post("supervision", json!({ "held_on": ok_day, "supervisor": "", "minutes": 30, "themes": "t".repeat(2001) })).await;
        assert!(r.has_field("supervisor", "error.mentors.supervisor_required"), "{}", r.body);
        assert!(r.has_field("themes", "error.too_long_n"), "{}", r.body);

        let standing_url = format!("{base}/mentor-standing");
        let put = |body: Value| call(&w, Method::PUT, &standing_url, &ca, Some(body));
        let r = put(json!({ "status": "retired" })).await;
        assert!(r.has_field("status", "error.invalid_value"), "{}", r.body);
        let r = put(json!({ "load_max": 2 })).await;
        assert!(r.has_field("status", "error.mentors.status_required"), "{}", r.body);
        for load in [0, 21] {
            let r = put(json!({ "status": "active", "load_max": load })).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(r.has_field("load_max", "error.mentors.load_range"), "{}", r.body);
        }

        assert!(w.ctx.store.list_training(mentor).await.unwrap().is_empty());
        assert!(w.ctx.store.list_supervision(mentor).await.unwrap().is_empty());
        assert_eq!(standing_of(&w, mentor).await, None);
    })
    .await;
}

#[tokio::test]
async fn mentor_api_authorisation() {
    on_backends(|w| async move {
        let cb = token(&w, CB).await;
        let ca = token(&w, CA).await;
        let pa = token(&w, PA).await;
        let alice = w.staff_a[0];
        let base = format!("/api/v1/people/{alice}");
        // Another organisation's coordinator: not found, for reads and writes alike.
        for path in ["training", "supervision", "mentor-standing"] {
            let r = call(&w, Method::GET, &format!("{base}/{path}"), &cb, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        }
        let r = call(&w, Method::POST, &format!("{base}/training"), &cb, Some(json!({ "course": "C", "provider": "P", "completed_on": days_ago(1).to_string() }))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = call(&w, Method::POST, &format!("{base}/supervision"), &cb, Some(json!({ "held_on": days_ago(1).to_string(), "supervisor": "S", "minutes": 30, "themes": "T" }))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = call(&w, Method::PUT, &format!("{base}/mentor-standing"), &cb, Some(json!({ "status": "paused" }))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = call(&w, Method::GET, &format!("/api/v1/people/{}/training", PersonId::new()), &ca, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(w.ctx.store.list_training(alice).await.unwrap().is_empty());
        assert!(w.ctx.store.list_supervision(alice).await.unwrap().is_empty());
        assert_eq!(standing_of(&w, alice).await, None);

        // A participant: their own record yes, someone else's no; pause yes, load no.
        let r = call(&w, Method::GET, &format!("{base}/training"), &pa, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let mine = format!("/api/v1/people/{}/mentor-standing", w.participant);
        let r = call(&w, Method::PUT, &mine, &pa, Some(json!({ "status": "paused", "load_max": 3 }))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = call(&w, Method::PUT, &mine, &pa, Some(json!({ "status": "withdrawn" }))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(standing_of(&w, w.participant).await, None);
        let r = call(&w, Method::PUT, &mine, &pa, Some(json!({ "status": "paused" }))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["status"], "paused");
        // Sending the load they already have is not a change.
        let r = call(&w, Method::PUT, &mine, &pa, Some(json!({ "status": "active", "load_max": null }))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = call(&w, Method::GET, "/api/v1/mentors", &pa, None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // Their organisation's coordinator sets the load; the list is scoped.
        let r = call(&w, Method::PUT, &mine, &ca, Some(json!({ "status": "active", "load_max": 2 }))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["load_max"], 2);
        let r = call(&w, Method::GET, "/api/v1/mentors", &ca, None).await;
        assert_eq!(r.status, StatusCode::OK);
        let ids: Vec<String> = r.body.as_array().unwrap().iter().map(|m| m["person_id"].as_str().unwrap().to_string()).collect();
        assert_eq!(ids, vec![w.participant.to_string()]);
        let r = call(&w, Method::GET, "/api/v1/mentors", &cb, None).await;
        assert_eq!(r.body, json!([]));
    })
    .await;
}
