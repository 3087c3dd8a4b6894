//! HTTP tests of relationships in motion: action learning set meetings — planning at the set's
//! cadence in its slot, the fair rota (accepted or adjusted), attendance, presenters' issues and
//! actions with their follow-up, the ground rules, and who sees what: organisation coordinators
//! see attendance of their own members only, never content, through any page or API.

use crate::harness::actor_of;
use crate::harness::{CA, CB, PA, SC, World, api_call as call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{Value, json};
use tandem_app as services;
use tandem_domain::{
    AgreementTerms, Application, ApplicationRole, IntakeId, OrganisationId, PersonId,
    ProgrammeKind, ProgrammeRules, RelationshipId, RelationshipKind, RelationshipStatus, Slot,
};

const MO: &str = "mo@beta.example.org";
const AL: &str = "al@alpha.example.org";
const RULES: &str = "We start on time and what is said here stays here.";
const ISSUE: &str = "Winter pressures on the discharge team";
const ACTION: &str = "Meet the discharge lead before Friday";
const LINK: &str = "https://meet.example.org/set-one";

/// An action learning programme (every 4 weeks); returns its intake.
async fn programme(w: &World) -> IntakeId {
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
    intake.id
}

/// An active set of `people` meeting on Tuesday afternoons, with the ground rules [`RULES`].
async fn active_set(
    w: &World,
    intake: IntakeId,
    people: &[(PersonId, OrganisationId)],
) -> RelationshipId {
    let store = &w.ctx.store;
    let mut apps = Vec::new();
    for (p, org) in people {
        let role = ApplicationRole::SetMember;
        apps.push(
            w.approved_application(intake, *p, *org, role, Default::default())
                .await,
        );
    }
    let members: Vec<&Application> = apps.iter().collect();
    let slot = Some(Slot { day: 1, part: 1 });
    let r = w
        .publish(intake, RelationshipKind::Set, &members, slot)
        .await;
    let everyone: Vec<PersonId> = people.iter().map(|(p, _)| *p).collect();
    w.accept(r.id, &everyone).await;
    let first = actor_of(w, people[0].0).await;
    let terms = AgreementTerms {
        goals: "Learn from each other".into(),
        frequency: "Every four weeks".into(),
        channel: None,
        cancellation_notice_hours: 48,
        confidentiality_notes: String::new(),
        ground_rules: RULES.into(),
    };
    let version = services::matching::save_agreement(&w.ctx, &first, r.id, terms, 1)
        .await
        .unwrap();
    w.sign(r.id, &everyone, version).await;
    assert_eq!(
        store.get_relationship(r.id).await.unwrap().status,
        RelationshipStatus::Active
    );
    r.id
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn date_json(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap()
}

struct Ran {
    set: RelationshipId,
    other_set: RelationshipId,
    first: String,
    second: String,
    mo: PersonId,
    al: PersonId,
}

/// Runs two meetings of a set of Pat (A), Mo (B) and Al (A) through the API, checking the rota
/// and follow-up on the way; also creates a second set with no member from B.
async fn run_meetings(w: &World) -> Ran {
    let intake = programme(w).await;
    let mo = w.add_participant(w.org_b, "Mo", "Manager", MO).await;
    let al = w.add_participant(w.org_a, "Al", "Allied", AL).await;
    let set = active_set(
        w,
        intake,
        &[(w.participant, w.org_a), (mo, w.org_b), (al, w.org_a)],
    )
    .await;
    let cy = w
        .add_participant(w.org_a, "Cy", "Alpha", "cy@alpha.example.org")
        .await;
    let di = w
        .add_participant(w.org_a, "Di", "Alpha", "di@alpha.example.org")
        .await;
    let other_set = active_set(w, intake, &[(cy, w.org_a), (di, w.org_a)]).await;

    let pat = api_token(w, PA).await;
    let (s, v) = call(w, Method::GET, &format!("/api/v1/sets/{set}"), &pat, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["access"], "member");
    assert_eq!(v["ground_rules"], RULES);
    assert_eq!(v["slot"], "tue_pm");
    let next = parse(&v["next"]["starts_on"]);
    let today = w.ctx.now().date_naive();
    assert_eq!(next.weekday(), chrono::Weekday::Tue);
    assert!(next > today && next <= today + Duration::days(7));
    assert_eq!(v["next"]["starts_time"], "14:00");

    // Plan the first meeting at the proposed time.
    let (s, m1) = call(
        w,
        Method::POST,
        &format!("/api/v1/sets/{set}/meetings"),
        &pat,
        Some(json!({ "starts_on": date_json(next), "starts_time": "14:00", "link": LINK })),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{m1}");
    let first = m1["id"].as_str().unwrap().to_string();
    let rota = &m1["rota"];
    assert_eq!(rota["agreed"], false);
    let presenters = ids(&rota["presenters"]);
    assert_eq!(presenters.len(), 2);
    assert_ne!(presenters[0], presenters[1]);
    let facilitator = rota["facilitator"]["id"].as_str().unwrap().to_string();
    // Three members, two presenters: the facilitator is the one not presenting.
    assert!(!presenters.contains(&facilitator));
    assert_ne!(rota["timekeeper"]["id"], rota["facilitator"]["id"]);

    // No issue before the rota is agreed.
    let (s, _) = call(
        w,
        Method::POST,
        &format!("/api/v1/set-meetings/{first}/issues"),
        &pat,
        Some(json!({ "person_id": presenters[0], "issue": ISSUE })),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);

    let (s, v) = call(
        w,
        Method::POST,
        &format!("/api/v1/set-meetings/{first}/rota"),
        &pat,
        Some(json!({ "accept": true })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["rota"]["agreed"], true);
    assert_eq!(
        ids(&v["rota"]["presenters"]),
        presenters,
        "the accepted rota is the proposal"
    );

    // Attendance waits for the day.
    let everyone: Vec<String> = [w.participant, mo, al]
        .iter()
        .map(ToString::to_string)
        .collect();
    let (s, _) = call(
        w,
        Method::PUT,
        &format!("/api/v1/set-meetings/{first}/attendance"),
        &pat,
        Some(json!({ "present": everyone })),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let days = (next - today).num_days();
    w.clock.advance(Duration::days(days) + Duration::hours(1));

    // The second presenter is absent; the first presents.
    let absent = presenters[1].clone();
    let present: Vec<&String> = everyone.iter().filter(|p| **p != absent).collect();
    let (s, v) = call(
        w,
        Method::PUT,
        &format!("/api/v1/set-meetings/{first}/attendance"),
        &pat,
        Some(json!({ "present": present })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["attendance"].as_array().unwrap().len(), 3);
    let (s, v) = call(
        w,
        Method::POST,
        &format!("/api/v1/set-meetings/{first}/issues"),
        &pat,
        Some(json!({ "person_id": presenters[0], "issue": ISSUE })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["presentations"][0]["issue"], ISSUE);
    let (s, a) = call(
        w,
        Method::POST,
        &format!("/api/v1/set-meetings/{first}/actions"),
        &pat,
        Some(json!({ "person_id": presenters[0], "text": ACTION })),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let action = a["id"].as_str().unwrap().to_string();

    // The next meeting: four weeks on, same weekday.
    let (_, v) = call(w, Method::GET, &format!("/api/v1/sets/{set}"), &pat, None).await;
    let next2 = parse(&v["next"]["starts_on"]);
    assert_eq!(next2, next + Duration::weeks(4));
    let (s, m2) = call(
        w,
        Method::POST,
        &format!("/api/v1/sets/{set}/meetings"),
        &pat,
        Some(json!({ "starts_on": date_json(next2), "starts_time": "14:00", "link": LINK })),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{m2}");
    let second = m2["id"].as_str().unwrap().to_string();
    // Whoever presented goes to the back; the absent presenter keeps their turn, and the one
    // who has not presented yet comes next.
    let got: std::collections::BTreeSet<String> =
        ids(&m2["rota"]["presenters"]).into_iter().collect();
    let not_yet: Vec<&String> = everyone
        .iter()
        .filter(|p| !presenters.contains(p))
        .collect();
    let want: std::collections::BTreeSet<String> =
        [absent.clone(), not_yet[0].clone()].into_iter().collect();
    assert_eq!(got, want);
    // The action is followed up at the next meeting.
    assert_eq!(m2["follow_up"][0]["text"], ACTION);
    assert_eq!(m2["follow_up"][0]["status"], "open");
    let (s, _) = call(
        w,
        Method::POST,
        &format!("/api/v1/set-actions/{action}/status"),
        &pat,
        Some(json!({ "status": "carried" })),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, v) = call(
        w,
        Method::GET,
        &format!("/api/v1/set-meetings/{second}"),
        &pat,
        None,
    )
    .await;
    assert_eq!(v["follow_up"][0]["status"], "carried");
    assert_eq!(v["link"], LINK);
    Ran {
        set,
        other_set,
        first,
        second,
        mo,
        al,
    }
}

#[tokio::test]
async fn a_set_meets_with_a_fair_rota_and_follows_actions_up() {
    on_backends(|w| async move {
        let ran = run_meetings(&w).await;
        // The pages show the same to a member, in both languages.
        let mut pat = w.signed_in(PA).await;
        let page = pat.get(&format!("/set-meetings/{}", ran.second)).await;
        page.assert_status(StatusCode::OK);
        assert!(shows(&page, RULES) && shows(&page, ACTION) && shows(&page, LINK));
        assert!(page.contains("Actions to follow up"));
        let page = pat
            .get(&format!("/set-meetings/{}?lang=nl-NL", ran.first))
            .await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Aanwezigheid") && page.contains(ISSUE));
        let page = pat.get(&format!("/sets/{}?lang=en-GB", ran.set)).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Plan the next meeting") && page.contains(RULES));

        // Pages: accept the second meeting's rota, then adjust is refused once an issue is in.
        let second = &ran.second;
        pat.post(
            &format!("/set-meetings/{second}/rota"),
            &[("answer", "accept")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let m = services::sets::meeting(
            &w.ctx,
            &actor_of(&w, w.participant).await,
            second.parse().unwrap(),
        )
        .await
        .unwrap()
        .1;
        let presenter = m.rota.as_ref().unwrap().presenters[0].id.to_string();
        pat.post(
            &format!("/set-meetings/{second}/issues"),
            &[("person", &presenter), ("issue", "Recruitment")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let mo = ran.mo.to_string();
        let al = ran.al.to_string();
        let refused = pat
            .post(
                &format!("/set-meetings/{second}/rota"),
                &[
                    ("answer", "adjust"),
                    ("facilitator", &mo),
                    ("timekeeper", &al),
                    ("presenters", &mo),
                ],
            )
            .await;
        // The meeting again with the reason in its error summary, not an error page.
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.contains("There is a problem"), "{}", refused.text());
        assert!(refused.contains("href=\"#rota\""));
        let after = services::sets::meeting(
            &w.ctx,
            &actor_of(&w, w.participant).await,
            second.parse().unwrap(),
        )
        .await
        .unwrap()
        .1;
        assert_eq!(after.rota.unwrap().presenters[0].id.to_string(), presenter);
    })
    .await;
}

/// Whether the page shows `s`, as written or HTML-escaped (templates escape `/`, quotes, `&`).
fn shows(page: &crate::harness::Page, s: &str) -> bool {
    let escaped = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;");
    page.contains(s) || page.contains(&escaped)
}

/// Every string a member put in the set, none of which a coordinator may ever see.
fn content() -> [&'static str; 4] {
    [RULES, ISSUE, ACTION, LINK]
}

#[tokio::test]
async fn coordinators_see_attendance_never_content() {
    on_backends(|w| async move {
        let ran = run_meetings(&w).await;
        let (set, first) = (ran.set, ran.first.clone());
        let pat_name = "Pat Participant";

        // Scheme coordinator: attendance and roles, no content.
        let sc = api_token(&w, SC).await;
        let (s, v) = call(&w, Method::GET, &format!("/api/v1/sets/{set}"), &sc, None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["access"], "scheme_coordinator");
        assert_eq!(v["members"].as_array().unwrap().len(), 3);
        let (s, m) = call(
            &w,
            Method::GET,
            &format!("/api/v1/set-meetings/{first}"),
            &sc,
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(m["attendance"].as_array().unwrap().len(), 3);
        assert_eq!(m["rota"]["agreed"], true);
        for json in [v.to_string(), m.to_string()] {
            for secret in content() {
                assert!(!json.contains(secret), "scheme coordinator got {secret}");
            }
            assert!(!json.contains("presentations") && !json.contains("follow_up"));
        }

        // Organisation coordinators: their own members' attendance only.
        for (email, own, other) in [(CA, 2, ran.mo), (CB, 1, w.participant)] {
            let token = api_token(&w, email).await;
            let (s, v) = call(
                &w,
                Method::GET,
                &format!("/api/v1/sets/{set}"),
                &token,
                None,
            )
            .await;
            assert_eq!(s, StatusCode::OK);
            assert_eq!(v["access"], "organisation_coordinator");
            assert_eq!(v["members"].as_array().unwrap().len(), own);
            let (s, m) = call(
                &w,
                Method::GET,
                &format!("/api/v1/set-meetings/{first}"),
                &token,
                None,
            )
            .await;
            assert_eq!(s, StatusCode::OK);
            assert_eq!(m["attendance"].as_array().unwrap().len(), own);
            for json in [v.to_string(), m.to_string()] {
                for secret in content() {
                    assert!(!json.contains(secret), "{email} got {secret}");
                }
                assert!(
                    !json.contains(&other.to_string()),
                    "{email} saw another organisation's member"
                );
                assert!(
                    !json.contains("rota")
                        && !json.contains("presentations")
                        && !json.contains("follow_up")
                );
            }
            let mut b = w.signed_in(email).await;
            for path in [
                format!("/sets/{set}"),
                format!("/set-meetings/{first}"),
                format!("/set-meetings/{}", ran.second),
            ] {
                let page = b.get(&path).await;
                page.assert_status(StatusCode::OK);
                for secret in content() {
                    assert!(!shows(&page, secret), "{email} page {path} shows {secret}");
                }
            }
            // They cannot act either, and nothing changes.
            let (s, _) = call(
                &w,
                Method::PUT,
                &format!("/api/v1/set-meetings/{first}/attendance"),
                &token,
                Some(json!({ "present": [] })),
            )
            .await;
            assert_eq!(s, StatusCode::NOT_FOUND);
        }
        let page = w
            .signed_in(CB)
            .await
            .get(&format!("/set-meetings/{first}"))
            .await;
        assert!(!page.contains(pat_name), "B's coordinator sees A's member");

        // A set with no member from B does not exist for B's coordinator.
        let cb = api_token(&w, CB).await;
        let (s, v) = call(
            &w,
            Method::GET,
            &format!("/api/v1/sets/{}", ran.other_set),
            &cb,
            None,
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert!(!v.to_string().contains("Cy"));
        let mut b = w.signed_in(CB).await;
        assert_eq!(
            b.get(&format!("/sets/{}", ran.other_set)).await.status,
            StatusCode::NOT_FOUND
        );

        // Attendance stayed as the members recorded it.
        let rec = w
            .ctx
            .store
            .get_set_meeting(first.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(rec.attendance.iter().filter(|a| a.present).count(), 2);
    })
    .await;
}

#[tokio::test]
async fn bad_set_input_is_refused_and_writes_nothing() {
    on_backends(|w| async move {
        let ran = run_meetings(&w).await;
        let set = ran.set;
        let pat = api_token(&w, PA).await;
        let count = || async {
            w.ctx.store.set_meetings_of(set).await.unwrap().len()
        };
        let before = count().await;
        let today = w.ctx.now().date_naive();
        let future = date_json(today + Duration::days(7));
        for (body, field) in [
            (json!({ "starts_on": date_json(today - Duration::days(1)), "starts_time": "14:00", "link": LINK }), "starts_on"),
            (json!({ "starts_on": future, "starts_time": "25:00", "link": LINK }), "starts_time"),
            (json!({ "starts_on": future, "starts_time": "14:00", "link": "javascript:alert(1)" }), "link"),
            (json!({ "starts_on": future, "starts_time": "14:00", "link": "" }), "link"),
        ] {
            let (s, v) = call(&w, Method::POST, &format!("/api/v1/sets/{set}/meetings"), &pat, Some(body)).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
            assert!(v.to_string().contains(field), "{v}");
        }
        // Someone outside the set, and a coordinator, cannot plan its meetings.
        let cy = api_token(&w, "cy@alpha.example.org").await;
        let sc = api_token(&w, SC).await;
        for token in [&cy, &sc] {
            let (s, _) = call(&w, Method::POST, &format!("/api/v1/sets/{set}/meetings"), token,
                Some(json!({ "starts_on": future, "starts_time": "14:00", "link": LINK }))).await;
            assert_eq!(s, StatusCode::NOT_FOUND);
        }
        assert_eq!(count().await, before);

        // The form shows its errors without JavaScript.
        let mut b = w.signed_in(PA).await;
        let page = b.post(&format!("/sets/{set}/meetings"), &[
            ("starts_on-day", "1"), ("starts_on-month", "1"), ("starts_on-year", "2020"),
            ("starts_time", "14:00"), ("link", LINK),
        ]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("The date must be today or later"));
        assert_eq!(count().await, before);

        // A rota naming outsiders or one person twice is refused.
        let second = &ran.second;
        let cy_id = w.ctx.store.account_by_email("cy@alpha.example.org").await.unwrap().unwrap().person_id;
        let (pa_id, mo_id) = (w.participant.to_string(), ran.mo.to_string());
        for body in [
            json!({ "facilitator": cy_id, "timekeeper": mo_id, "presenters": [pa_id] }),
            json!({ "facilitator": mo_id, "timekeeper": mo_id, "presenters": [pa_id] }),
            json!({ "facilitator": mo_id, "timekeeper": pa_id, "presenters": [] }),
            json!({ "facilitator": mo_id, "timekeeper": pa_id, "presenters": [pa_id, pa_id] }),
        ] {
            let (s, v) = call(&w, Method::POST, &format!("/api/v1/set-meetings/{second}/rota"), &pat, Some(body)).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        }
        let rec = w.ctx.store.get_set_meeting(second.parse().unwrap()).await.unwrap();
        assert!(!rec.meeting.rota_agreed);
        assert!(rec.presentations.is_empty());

        // An empty issue, an issue for a non-presenter, an unknown follow-up status.
        let (s, _) = call(&w, Method::POST, &format!("/api/v1/set-meetings/{}/issues", ran.first), &pat,
            Some(json!({ "person_id": cy_id, "issue": "x" }))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let rec = w.ctx.store.get_set_meeting(ran.first.parse().unwrap()).await.unwrap();
        let presenter = rec.presentations[0].person_id;
        let (s, _) = call(&w, Method::POST, &format!("/api/v1/set-meetings/{}/issues", ran.first), &pat,
            Some(json!({ "person_id": presenter, "issue": "   " }))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(w.ctx.store.get_set_meeting(ran.first.parse().unwrap()).await.unwrap().presentations[0].issue, ISSUE);
        let action = rec.actions[0].id;
        let (s, _) = call(&w, Method::POST, &format!("/api/v1/set-actions/{action}/status"), &pat,
            Some(json!({ "status": "open" }))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, _) = call(&w, Method::POST, &format!("/api/v1/set-actions/{action}/status"), &cy,
            Some(json!({ "status": "done" }))).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(w.ctx.store.get_set_action(action).await.unwrap().status.code(), "carried");

        // A meeting that was held cannot be moved.
        let (s, _) = call(&w, Method::PUT, &format!("/api/v1/set-meetings/{}", ran.first), &pat,
            Some(json!({ "starts_on": future, "starts_time": "14:00", "link": LINK }))).await;
        assert_eq!(s, StatusCode::CONFLICT);
    })
    .await;
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
async fn a_set_meeting_runs_through_the_pages_without_javascript() {
    on_backends(|w| async move {
        let intake = programme(&w).await;
        let mo = w.add_participant(w.org_b, "Mo", "Manager", MO).await;
        let al = w.add_participant(w.org_a, "Al", "Allied", AL).await;
        let set = active_set(
            &w,
            intake,
            &[(w.participant, w.org_a), (mo, w.org_b), (al, w.org_a)],
        )
        .await;
        let mut pat = w.signed_in(PA).await;
        let page = pat.get(&format!("/sets/{set}")).await;
        page.assert_status(StatusCode::OK);
        // The form is filled with the proposed date in the set's slot.
        let next = services::sets::view(&w.ctx, &actor_of(&w, w.participant).await, set)
            .await
            .unwrap()
            .next
            .unwrap()
            .starts_on;
        assert!(page.contains(&format!(
            "name=\"starts_on-day\" type=\"text\" inputmode=\"numeric\" value=\"{}\"",
            next.day()
        )));
        let (d, m, y) = (
            next.day().to_string(),
            next.month().to_string(),
            next.year().to_string(),
        );
        let done = pat
            .post(
                &format!("/sets/{set}/meetings"),
                &[
                    ("starts_on-day", &d),
                    ("starts_on-month", &m),
                    ("starts_on-year", &y),
                    ("starts_time", "14:00"),
                    ("link", LINK),
                ],
            )
            .await;
        done.assert_status(StatusCode::SEE_OTHER);
        let meeting = id_of(&done.location());
        let page = pat.get(&format!("/set-meetings/{meeting}")).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Proposed") && page.contains("Accept this rota"));
        pat.post(
            &format!("/set-meetings/{meeting}/rota"),
            &[("answer", "accept")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let rota = w
            .ctx
            .store
            .get_set_meeting(meeting.parse().unwrap())
            .await
            .unwrap();
        assert!(rota.meeting.rota_agreed);

        // Pat sends apologies from the meeting page: the other two members are told (once).
        let page = pat.get(&format!("/set-meetings/{meeting}")).await;
        assert!(page.contains(&format!("action=\"/set-meetings/{meeting}/apologies\"")));
        let sent = pat
            .post(&format!("/set-meetings/{meeting}/apologies"), &[])
            .await;
        sent.assert_status(StatusCode::SEE_OTHER);
        assert!(sent.location().contains("notice=notice.apologies_sent"));
        let told = w
            .ctx
            .store
            .notices_with_key_prefix(&format!("set.apologies:{meeting}:"))
            .await
            .unwrap();
        assert_eq!(told.len(), 2, "Mo and Al, not Pat");
        // Pat's apologies took any role of theirs off the agreed rota (passed on by the rule).
        let rota = w
            .ctx
            .store
            .get_set_meeting(meeting.parse().unwrap())
            .await
            .unwrap();
        assert!(rota.meeting.rota_agreed);
        assert_ne!(rota.meeting.facilitator, Some(w.participant));
        assert_ne!(rota.meeting.timekeeper, Some(w.participant));
        assert!(
            rota.presentations
                .iter()
                .all(|p| p.person_id != w.participant)
        );
        let presenter = rota.presentations[0].person_id.to_string();

        // Before the day, attendance is not offered (the page says from when); sent anyway,
        // the meeting page comes back with the reason in its summary and nothing is recorded.
        let page = pat.get(&format!("/set-meetings/{meeting}")).await;
        assert!(!page.contains(&format!("action=\"/set-meetings/{meeting}/attendance\"")));
        assert!(page.contains("id=\"attendance-later\""), "{}", page.text());
        let audit = w.ctx.store.list_audit(100_000).await.unwrap().len();
        let early = pat
            .post(
                &format!("/set-meetings/{meeting}/attendance"),
                &[("present", &w.participant.to_string())],
            )
            .await;
        early.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(early.contains("There is a problem"), "{}", early.text());
        assert!(early.contains("Attendance can be recorded from the day of the meeting."));
        assert!(
            early.contains("href=\"#attendance-form\"") && early.contains("id=\"attendance-form\"")
        );
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), audit);
        assert!(
            w.ctx
                .store
                .get_set_meeting(meeting.parse().unwrap())
                .await
                .unwrap()
                .attendance
                .is_empty()
        );

        w.clock.advance(
            Duration::days((next - w.ctx.now().date_naive()).num_days()) + Duration::hours(1),
        );
        let mut pat = w.signed_in(PA).await;
        let (pa, mo_s) = (w.participant.to_string(), mo.to_string());
        pat.get(&format!("/set-meetings/{meeting}"))
            .await
            .assert_status(StatusCode::OK);
        pat.post(
            &format!("/set-meetings/{meeting}/attendance"),
            &[("present", &pa), ("present", &mo_s)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let rec = w
            .ctx
            .store
            .get_set_meeting(meeting.parse().unwrap())
            .await
            .unwrap();
        let absent: Vec<PersonId> = rec
            .attendance
            .iter()
            .filter(|a| !a.present)
            .map(|a| a.person_id)
            .collect();
        assert_eq!(absent, vec![al]);
        // Once held, apologies are no longer offered; sent anyway, the page says why and
        // nothing is written.
        let page = pat.get(&format!("/set-meetings/{meeting}")).await;
        assert!(!page.contains(&format!("action=\"/set-meetings/{meeting}/apologies")));
        let audit = w.ctx.store.list_audit(100_000).await.unwrap().len();
        let late = pat
            .post(&format!("/set-meetings/{meeting}/apologies/withdraw"), &[])
            .await;
        late.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(late.contains("There is a problem"), "{}", late.text());
        assert!(late.contains("This meeting has been held"));
        assert!(late.contains("href=\"#when\""));
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), audit);
        assert_eq!(
            w.ctx.store.set_apologies_of(set).await.unwrap().len(),
            1,
            "Pat's apologies stay as they were"
        );
        pat.post(
            &format!("/set-meetings/{meeting}/issues"),
            &[("person", &presenter), ("issue", ISSUE)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        pat.post(
            &format!("/set-meetings/{meeting}/actions"),
            &[("person", &presenter), ("action", ACTION)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        // An empty action re-shows the page with the error, nothing added.
        let bad = pat
            .post(
                &format!("/set-meetings/{meeting}/actions"),
                &[("person", &presenter), ("action", " ")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.contains("Enter the action"));
        let rec = w
            .ctx
            .store
            .get_set_meeting(meeting.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(rec.actions.len(), 1);
        let action = rec.actions[0].id.to_string();
        pat.post(
            &format!("/set-actions/{action}/status"),
            &[("meeting", &meeting), ("status", "done")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(
            w.ctx
                .store
                .get_set_action(action.parse().unwrap())
                .await
                .unwrap()
                .status
                .code(),
            "done"
        );

        // The scheme coordinator's page shows the roles and attendance, not the issue.
        let mut sc = w.signed_in(SC).await;
        let page = sc.get(&format!("/set-meetings/{meeting}")).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Facilitator") && page.contains("absent"));
        assert!(!page.contains(ISSUE) && !page.contains(ACTION));
        assert!(
            !page.contains("action=\"/set-meetings/") && !page.contains("action=\"/set-actions/"),
            "coordinators get no forms"
        );
    })
    .await;
}
