//! HTTP tests of relationships in motion: sessions — booking within the caps (proposing and
//! confirming), overlaps, the past, outsiders, the cancellation notice, rescheduling with the
//! calendar SEQUENCE, marking held, private notes (their author's alone), `.ics` files and the
//! secret calendar feed — through the API and the pages, on both backends.

use crate::harness::actor_of;
use crate::harness::{CA, MO, PA, SC, World, api_call as call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{Value, json};
use tandem_app as services;
use tandem_domain::{Country, Mode, PersonId, ProgrammeRules, Relationship};

/// An active mentoring relationship between PA (Alpha, UK) and Mo (Beta, moved to the
/// Netherlands), in a programme capped at 2 sessions of 60 minutes, with 24 hours' notice.
async fn active_pair(w: &World) -> (Relationship, PersonId) {
    let store = &w.ctx.store;
    let mut beta = store.get_organisation(w.org_b).await.unwrap();
    beta.country = Country::Netherlands;
    store.update_organisation(&beta).await.unwrap();
    let m = w
        .mentoring(ProgrammeRules {
            modes: vec![Mode::Video, Mode::Telephone, Mode::InPerson],
            mentor_load_max: Some(1),
            session_cap: Some(2),
            session_minutes: Some(60),
            ..ProgrammeRules::default()
        })
        .await;
    let (intake, mo) = (&m.intake, m.mentor.person_id);
    w.run_and_publish(intake.id).await;
    let pat = actor_of(w, w.participant).await;
    let rel = store
        .relationships_of_person(w.participant)
        .await
        .unwrap()
        .pop()
        .unwrap();
    w.accept(rel.id, &[w.participant, mo]).await;
    let mut terms = store.get_agreement(rel.id).await.unwrap().unwrap().terms;
    terms.cancellation_notice_hours = 24;
    if terms.goals.is_empty() {
        terms.goals = "Grow as a leader".into();
    }
    let v = services::matching::save_agreement(&w.ctx, &pat, rel.id, terms, 1)
        .await
        .unwrap();
    w.sign(rel.id, &[w.participant, mo], v).await;
    (store.get_relationship(rel.id).await.unwrap(), mo)
}

/// A day `days` ahead of the application's clock, in winter or summer as it falls.
fn day(w: &World, days: i64) -> NaiveDate {
    (w.ctx.now() + Duration::days(days)).date_naive()
}

fn booking(date: NaiveDate, start: &str, minutes: u32) -> Value {
    json!({ "date": date.to_string(), "start": start, "minutes": minutes, "mode": "video", "link": "https://meet.example.org/abc" })
}

fn status_of(v: &Value) -> &str {
    v["status"].as_str().unwrap_or("")
}

async fn count_bookings(w: &World, rel: &Relationship) -> usize {
    w.ctx.store.bookings_of(rel.id).await.unwrap().len()
}

#[tokio::test]
async fn booking_respects_caps_overlaps_the_past_outsiders_and_notice() {
    on_backends(|w| async move {
        let (rel, _mo) = active_pair(&w).await;
        let pa = api_token(&w, PA).await;
        let mo = api_token(&w, MO).await;
        let sc = api_token(&w, SC).await;
        let list = format!("/api/v1/relationships/{}/bookings", rel.id);

        // Bad input writes nothing: the past, a video session without a link, an outsider.
        let (s, body) = call(
            &w,
            Method::POST,
            &list,
            &pa,
            Some(booking(day(&w, -1), "10:00", 60)),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let mut no_link = booking(day(&w, 3), "10:00", 60);
        no_link["link"] = json!("");
        let (s, _) = call(&w, Method::POST, &list, &pa, Some(no_link)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, _) = call(
            &w,
            Method::POST,
            &list,
            &sc,
            Some(booking(day(&w, 3), "10:00", 60)),
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = call(&w, Method::GET, &list, &sc, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(count_bookings(&w, &rel).await, 0);

        // PA (London) proposes; Mo (Amsterdam) sees it an hour later on the clock.
        let d3 = day(&w, 3);
        let (s, p1) = call(&w, Method::POST, &list, &pa, Some(booking(d3, "10:00", 60))).await;
        assert_eq!(s, StatusCode::CREATED, "{p1}");
        assert_eq!(status_of(&p1), "proposed");
        let p1_id = p1["id"].as_str().unwrap().to_string();
        let starts: DateTime<Utc> = p1["starts_at"].as_str().unwrap().parse().unwrap();
        let london = tandem_domain::sessions::offset_minutes("Europe/London", starts);
        let (_, mine) = call(&w, Method::GET, &list, &pa, None).await;
        assert_eq!(mine["zone"], "Europe/London");
        assert_eq!(mine["sessions"][0]["local_start"], format!("{d3} 10:00"));
        assert_eq!(mine["partners"][0]["slots"][0], "tue_am");
        let (_, theirs) = call(&w, Method::GET, &list, &mo, None).await;
        assert_eq!(theirs["zone"], "Europe/Amsterdam");
        assert_eq!(theirs["sessions"][0]["local_start"], format!("{d3} 11:00"));
        assert_eq!(
            (starts - Duration::minutes(london))
                .format("%H:%M")
                .to_string(),
            "10:00"
        );

        // Overlap: Mo proposing 11:30 Amsterdam = 10:30 London clashes.
        let (s, body) = call(&w, Method::POST, &list, &mo, Some(booking(d3, "11:30", 30))).await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("already has a session")
        );
        // Right after it is free (half-open intervals).
        assert_eq!(count_bookings(&w, &rel).await, 1);

        // The proposer cannot confirm; the other member can.
        let confirm = format!("/api/v1/sessions/{p1_id}/confirm");
        let (s, _) = call(
            &w,
            Method::POST,
            &confirm,
            &pa,
            Some(json!({ "sequence": 0 })),
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT);
        let (s, _) = call(
            &w,
            Method::POST,
            &confirm,
            &sc,
            Some(json!({ "sequence": 0 })),
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, c) = call(
            &w,
            Method::POST,
            &confirm,
            &mo,
            Some(json!({ "sequence": 0 })),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{c}");
        assert_eq!(status_of(&c), "confirmed");

        // One session longer than the programme's 60 minutes: refused against the field, before
        // the total (2 × 60) is looked at.
        let (s, body) = call(
            &w,
            Method::POST,
            &list,
            &pa,
            Some(booking(day(&w, 4), "10:00", 90)),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["fields"][0]["field"], "minutes", "{body}");
        assert!(
            body["error"]["fields"][0]["message"]
                .as_str()
                .unwrap()
                .contains("at most 60 minutes"),
            "{body}"
        );

        // Two more proposals (proposals do not count), one confirmed: the cap is reached at
        // confirming the other.
        let (s, p2) = call(
            &w,
            Method::POST,
            &list,
            &pa,
            Some(booking(day(&w, 4), "10:00", 60)),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
        let (s, p3) = call(
            &w,
            Method::POST,
            &list,
            &pa,
            Some(booking(day(&w, 5), "10:00", 60)),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
        let p2_id = p2["id"].as_str().unwrap().to_string();
        let p3_id = p3["id"].as_str().unwrap().to_string();
        let (s, _) = call(
            &w,
            Method::POST,
            &format!("/api/v1/sessions/{p2_id}/confirm"),
            &mo,
            Some(json!({})),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let (s, body) = call(
            &w,
            Method::POST,
            &format!("/api/v1/sessions/{p3_id}/confirm"),
            &mo,
            Some(json!({})),
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("2 sessions"),
            "{body}"
        );
        assert_eq!(
            w.ctx
                .store
                .get_booking(p3_id.parse().unwrap())
                .await
                .unwrap()
                .status,
            tandem_domain::sessions::BookingStatus::Proposed
        );
        let (s, _) = call(
            &w,
            Method::POST,
            &list,
            &pa,
            Some(booking(day(&w, 6), "10:00", 30)),
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT);
        // Logging after the fact counts confirmed sessions too.
        let (s, _) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{}/sessions", rel.id),
            &pa,
            Some(json!({ "held_on": day(&w, 0).to_string(), "minutes": 10, "mode": "video" })),
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert_eq!(count_bookings(&w, &rel).await, 3);

        // Rescheduling: back to proposed, SEQUENCE raised; a stale sequence is refused.
        let ics_before =
            call_text(&w, &format!("/api/v1/sessions/{p2_id}/calendar.ics"), &pa).await;
        assert!(ics_before.contains(&format!("UID:session-{p2_id}@tandem\r\n")));
        assert!(ics_before.contains("SEQUENCE:0\r\n"));
        let mut moved = booking(day(&w, 4), "15:00", 45);
        moved["sequence"] = json!(0);
        let re = format!("/api/v1/sessions/{p2_id}/reschedule");
        let (s, r2) = call(&w, Method::POST, &re, &pa, Some(moved.clone())).await;
        assert_eq!(s, StatusCode::OK, "{r2}");
        assert_eq!(status_of(&r2), "proposed");
        assert_eq!(r2["sequence"], 1);
        let (s, _) = call(&w, Method::POST, &re, &pa, Some(moved)).await;
        assert_eq!(s, StatusCode::CONFLICT);
        let ics_after = call_text(&w, &format!("/api/v1/sessions/{p2_id}/calendar.ics"), &mo).await;
        assert!(ics_after.contains(&format!("UID:session-{p2_id}@tandem\r\n")));
        assert!(ics_after.contains("SEQUENCE:1\r\n"));
        assert!(ics_after.contains("METHOD:PUBLISH\r\n"));
        assert!(ics_after.lines().all(|l| l.len() <= 75));
        // Outsiders get no calendar.
        let (s, _) = call(
            &w,
            Method::GET,
            &format!("/api/v1/sessions/{p2_id}/calendar.ics"),
            &sc,
            None,
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // Within the 24 hours' notice a confirmed session cannot be cancelled.
        let until = starts - Duration::hours(12) - w.ctx.now();
        w.clock.advance(until);
        let pa = api_token(&w, PA).await;
        let mo = api_token(&w, MO).await;
        let (s, body) = call(
            &w,
            Method::POST,
            &format!("/api/v1/sessions/{p1_id}/cancel"),
            &pa,
            Some(json!({})),
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("24 hours"),
            "{body}"
        );
        // A proposal further ahead can be cancelled, raising its SEQUENCE.
        let (s, c3) = call(
            &w,
            Method::POST,
            &format!("/api/v1/sessions/{p3_id}/cancel"),
            &mo,
            Some(json!({})),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(status_of(&c3), "cancelled");
        assert_eq!(c3["sequence"], 1);

        // After it started, the confirmed session is marked held with topics and actions.
        w.clock.advance(Duration::hours(13));
        let pa = api_token(&w, PA).await;
        let (s, h) = call(
            &w,
            Method::POST,
            &format!("/api/v1/sessions/{p1_id}/held"),
            &pa,
            Some(json!({ "topics": "Difficult conversations", "action_points": "Book a course" })),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(status_of(&h), "held");
        let held = w.ctx.store.sessions_of(rel.id).await.unwrap();
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].action_points, "Book a course");
    })
    .await;
}

/// A GET with a bearer token, as text.
async fn call_text(w: &World, path: &str, token: &str) -> String {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = w.app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn private_notes_are_readable_by_their_author_only() {
    on_backends(|w| async move {
        let (rel, _mo) = active_pair(&w).await;
        let pa = api_token(&w, PA).await;
        let mo = api_token(&w, MO).await;
        let list = format!("/api/v1/relationships/{}/bookings", rel.id);
        let (_, p) = call(
            &w,
            Method::POST,
            &list,
            &pa,
            Some(booking(day(&w, 2), "09:00", 60)),
        )
        .await;
        let id = p["id"].as_str().unwrap().to_string();
        let secret = "my-private-worry-7f3a";
        let note = format!("/api/v1/sessions/{id}/note");
        let (s, _) = call(&w, Method::PUT, &note, &pa, Some(json!({ "note": secret }))).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (_, own) = call(&w, Method::GET, &note, &pa, None).await;
        assert_eq!(own["note"], secret);
        // The partner: nothing through the API or the pages.
        let (s, theirs) = call(&w, Method::GET, &note, &mo, None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(theirs["note"], "");
        let (_, view) = call(&w, Method::GET, &list, &mo, None).await;
        assert!(!view.to_string().contains(secret));
        let (_, one) = call(
            &w,
            Method::GET,
            &format!("/api/v1/sessions/{id}"),
            &mo,
            None,
        )
        .await;
        assert!(!one.to_string().contains(secret));
        let mut mob = w.signed_in(MO).await;
        let page = mob
            .get(&format!("/relationships/{}/bookings", rel.id))
            .await;
        page.assert_status(StatusCode::OK);
        assert!(!page.text().contains(secret));
        let ics = call_text(&w, &format!("/api/v1/sessions/{id}/calendar.ics"), &mo).await;
        assert!(!ics.contains(secret));
        // The author sees it on their page.
        let mut pab = w.signed_in(PA).await;
        assert!(
            pab.get(&format!("/relationships/{}/bookings", rel.id))
                .await
                .text()
                .contains(secret)
        );
        // Coordinators: nothing anywhere.
        for email in [SC, CA] {
            let t = api_token(&w, email).await;
            for path in [
                note.clone(),
                list.clone(),
                format!("/api/v1/sessions/{id}"),
                format!("/api/v1/relationships/{}", rel.id),
            ] {
                let (_, body) = call(&w, Method::GET, &path, &t, None).await;
                assert!(!body.to_string().contains(secret), "{email} {path}");
            }
            let mut b = w.signed_in(email).await;
            for path in [
                format!("/relationships/{}/bookings", rel.id),
                format!("/relationships/{}", rel.id),
                format!("/intakes/{}/relationships", rel.intake_id),
            ] {
                assert!(
                    !b.get(&path).await.text().contains(secret),
                    "{email} {path}"
                );
            }
        }
        // A session logged after the fact keeps its shared topics and action points.
        let logged = format!("/api/v1/relationships/{}/sessions", rel.id);
        let (s, _) = call(
            &w,
            Method::POST,
            &logged,
            &pa,
            Some(json!({
            "held_on": day(&w, 0).to_string(), "minutes": 30, "mode": "telephone",
            "topics": "Rota planning", "action_points": "Draft the rota" })),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
        let (_, held) = call(&w, Method::GET, &logged, &mo, None).await;
        assert_eq!(held[0]["topics"], "Rota planning");
        assert_eq!(held[0]["action_points"], "Draft the rota");
        let audit = w.ctx.store.list_audit(100).await.unwrap();
        assert!(
            audit
                .iter()
                .all(|e| !e.detail.contains(secret) && !e.subject.contains(secret))
        );
    })
    .await;
}

#[tokio::test]
async fn the_calendar_feed_is_secret_and_can_be_replaced() {
    on_backends(|w| async move {
        let (rel, _mo) = active_pair(&w).await;
        let pa = api_token(&w, PA).await;
        let list = format!("/api/v1/relationships/{}/bookings", rel.id);
        let (_, p) = call(
            &w,
            Method::POST,
            &list,
            &pa,
            Some(booking(day(&w, 2), "09:00", 60)),
        )
        .await;
        let id = p["id"].as_str().unwrap().to_string();
        let (s, feed) = call(&w, Method::POST, "/api/v1/calendar-feed", &pa, None).await;
        assert_eq!(s, StatusCode::OK);
        let path = feed["path"].as_str().unwrap().to_string();
        let mut anon = w.browser();
        let res = anon.get(&path).await;
        res.assert_status(StatusCode::OK);
        assert!(res.text().contains(&format!("UID:session-{id}@tandem\r\n")));
        assert!(res.text().starts_with("BEGIN:VCALENDAR\r\n"));
        // Forged tokens reveal nothing.
        for forged in [
            "/calendar/forged.ics",
            "/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
        ] {
            let res = anon.get(forged).await;
            res.assert_status(StatusCode::NOT_FOUND);
            assert!(!res.text().contains("VCALENDAR"));
        }
        // A new address replaces the old one.
        let mut b = w.signed_in(PA).await;
        let page = b.post("/calendar", &[]).await;
        page.assert_status(StatusCode::OK);
        // (The page escapes "/" in the address.)
        let text = page.text().replace("&#x2f;", "/");
        let at = text.find("/calendar/").unwrap();
        let end = text[at..].find(".ics").unwrap() + at + 4;
        let new_path = text[at..end].to_string();
        assert_ne!(new_path, path);
        anon.get(&path).await.assert_status(StatusCode::NOT_FOUND);
        anon.get(&new_path).await.assert_status(StatusCode::OK);
        assert!(
            b.get("/calendar")
                .await
                .text()
                .contains("You made a feed address")
        );
    })
    .await;
}

#[tokio::test]
async fn members_book_and_confirm_through_the_pages() {
    on_backends(|w| async move {
        let (rel, _mo) = active_pair(&w).await;
        let mut pab = w.signed_in(PA).await;
        let path = format!("/relationships/{}/bookings", rel.id);
        let page = pab.get(&path).await;
        page.assert_status(StatusCode::OK);
        assert!(page.text().contains("Tuesday morning"), "{}", page.text());
        let form = |d: NaiveDate, start: &'static str| {
            use chrono::Datelike;
            vec![
                ("date-day".to_string(), d.day().to_string()),
                ("date-month".to_string(), d.month().to_string()),
                ("date-year".to_string(), d.year().to_string()),
                ("start".to_string(), start.to_string()),
                ("minutes".to_string(), "60".to_string()),
                ("mode".to_string(), "in_person".to_string()),
                ("place".to_string(), "Room 4, Alpha HQ".to_string()),
            ]
        };
        let past = form(day(&w, -2), "10:00");
        let fields: Vec<(&str, &str)> =
            past.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let res = pab.post(&path, &fields).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().contains("must start in the future"));
        let bad_time = form(day(&w, 2), "25:99");
        let fields: Vec<(&str, &str)> = bad_time
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pab.post(&path, &fields)
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count_bookings(&w, &rel).await, 0);
        let ok = form(day(&w, 2), "14:30");
        let fields: Vec<(&str, &str)> = ok.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        pab.post(&path, &fields)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let b = w
            .ctx
            .store
            .bookings_of(rel.id)
            .await
            .unwrap()
            .pop()
            .unwrap();
        assert_eq!(b.place, "Room 4, Alpha HQ");

        let mut mob = w.signed_in(MO).await;
        let page = mob.get(&path).await;
        assert!(
            page.text().contains("15:30"),
            "Amsterdam time; {}",
            page.text()
        );
        mob.post(&format!("/sessions/{}/confirm", b.id), &[("sequence", "0")])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let ics = mob.get(&format!("/sessions/{}/calendar.ics", b.id)).await;
        ics.assert_status(StatusCode::OK);
        assert!(ics.text().contains("STATUS:CONFIRMED\r\n"));
        assert!(ics.text().contains("LOCATION:Room 4\\, Alpha HQ\r\n"));
        // An outsider's browser gets nothing.
        let mut cab = w.signed_in(CA).await;
        cab.get(&path).await.assert_status(StatusCode::NOT_FOUND);
        cab.get(&format!("/sessions/{}/calendar.ics", b.id))
            .await
            .assert_status(StatusCode::NOT_FOUND);
    })
    .await;
}

/// Issue 17: a refusal keeps the work. Once the programme's sessions are all confirmed, the page
/// no longer offers "Propose a session" (it says the sessions are used, in the reader's
/// language); a proposal sent anyway (an old tab) comes back as the same form with the NHS error
/// summary and everything typed, and writes nothing — no booking, no audit entry.
#[tokio::test]
async fn a_used_up_cap_is_not_offered_and_a_refused_proposal_keeps_the_form() {
    on_backends(|w| async move {
        let (rel, _mo) = active_pair(&w).await;
        let pa = api_token(&w, PA).await;
        let mo = api_token(&w, MO).await;
        let list = format!("/api/v1/relationships/{}/bookings", rel.id);
        let path = format!("/relationships/{}/bookings", rel.id);
        let mut pab = w.signed_in(PA).await;
        let page = pab.get(&path).await;
        assert!(page.contains("id=\"propose\""), "offered below the cap");
        assert!(!page.contains("id=\"propose-closed\""));
        for d in [3, 4] {
            let (s, p) = call(
                &w,
                Method::POST,
                &list,
                &pa,
                Some(booking(day(&w, d), "10:00", 60)),
            )
            .await;
            assert_eq!(s, StatusCode::CREATED, "{p}");
            let confirm = format!("/api/v1/sessions/{}/confirm", p["id"].as_str().unwrap());
            let (s, _) = call(&w, Method::POST, &confirm, &mo, Some(json!({}))).await;
            assert_eq!(s, StatusCode::OK);
        }

        // Not offered, with the reason.
        let page = pab.get(&path).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Sessions used: 2 of 2."), "{}", page.text());
        assert!(
            !page.contains("id=\"propose\""),
            "no form once the cap is used"
        );

        // Sent anyway: the form again, with the summary and what was typed; nothing written.
        let bookings = count_bookings(&w, &rel).await;
        let audit = w.ctx.store.list_audit(100_000).await.unwrap().len();
        let d = day(&w, 6);
        let (dd, mm, yy) = {
            use chrono::Datelike;
            (
                d.day().to_string(),
                d.month().to_string(),
                d.year().to_string(),
            )
        };
        let fields = [
            ("date-day", dd.as_str()),
            ("date-month", mm.as_str()),
            ("date-year", yy.as_str()),
            ("start", "16:45"),
            ("minutes", "45"),
            ("mode", "in_person"),
            ("place", "Room 9, Alpha HQ"),
        ];
        let res = pab.post(&path, &fields).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("nhsuk-error-summary"), "{}", res.text());
        assert!(res.contains("There is a problem"));
        assert!(
            res.contains("The programme allows 2 sessions and they are all confirmed or held."),
            "{}",
            res.text()
        );
        assert!(
            res.contains("href=\"#propose\""),
            "the summary links to the form"
        );
        assert!(
            res.contains("id=\"propose\""),
            "the form is there to link to"
        );
        assert!(res.contains("value=\"Room 9, Alpha HQ\""), "{}", res.text());
        assert!(res.contains("value=\"16:45\""));
        assert!(res.contains(&format!("value=\"{yy}\"")));
        assert_eq!(count_bookings(&w, &rel).await, bookings);
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), audit);

        // The same in Dutch for a Dutch-speaking member.
        let mut pat = w.ctx.store.get_person(w.participant).await.unwrap();
        pat.person.language = tandem_domain::Language::NlNl;
        w.ctx
            .store
            .update_person(&pat.person, &pat.employments)
            .await
            .unwrap();
        let mut nl = w.signed_in(PA).await;
        let page = nl.get(&path).await;
        assert!(
            page.contains("Gebruikte sessies: 2 van 2."),
            "{}",
            page.text()
        );
        // Signing in is audited; the refusal below is not.
        let audit = w.ctx.store.list_audit(100_000).await.unwrap().len();
        let res = nl.post(&path, &fields).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Er is een probleem"));
        assert!(
            res.contains("Het programma staat 2 sessies toe"),
            "{}",
            res.text()
        );
        assert!(res.contains("value=\"Room 9, Alpha HQ\""));
        assert_eq!(count_bookings(&w, &rel).await, bookings);
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), audit);
    })
    .await;
}

/// A refused action on one session (too late to cancel) shows the sessions page again with the
/// summary linking to that session's row, instead of an error page; the session stays.
#[tokio::test]
async fn a_refused_cancellation_shows_the_sessions_with_the_reason() {
    on_backends(|w| async move {
        let (rel, _mo) = active_pair(&w).await;
        let pa = api_token(&w, PA).await;
        let mo = api_token(&w, MO).await;
        let list = format!("/api/v1/relationships/{}/bookings", rel.id);
        let (_, p) = call(
            &w,
            Method::POST,
            &list,
            &pa,
            Some(booking(day(&w, 3), "10:00", 60)),
        )
        .await;
        let id = p["id"].as_str().unwrap().to_string();
        let (s, c) = call(
            &w,
            Method::POST,
            &format!("/api/v1/sessions/{id}/confirm"),
            &mo,
            Some(json!({})),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{c}");
        let starts: DateTime<Utc> = p["starts_at"].as_str().unwrap().parse().unwrap();
        w.clock.advance(starts - Duration::hours(12) - w.ctx.now());
        let mut pab = w.signed_in(PA).await;
        let audit = w.ctx.store.list_audit(100_000).await.unwrap().len();
        let res = pab
            .post(&format!("/sessions/{id}/cancel"), &[("sequence", "0")])
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("There is a problem"), "{}", res.text());
        assert!(res.contains("24 hours"), "{}", res.text());
        assert!(res.contains(&format!("href=\"#session-{id}\"")));
        assert!(res.contains(&format!("id=\"session-{id}\"")));
        assert_eq!(
            w.ctx
                .store
                .get_booking(id.parse().unwrap())
                .await
                .unwrap()
                .status,
            tandem_domain::sessions::BookingStatus::Confirmed
        );
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), audit);
    })
    .await;
}
