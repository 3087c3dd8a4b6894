//! HTTP tests of profiles: a participant edits their own at `/profile` (errors inline, the form
//! kept as typed) and through the API; the person page shows each viewer what policy allows and
//! links back where they may go; a telephone session shows the number to call to the pair only,
//! on the sessions page and in its `.ics`, never on the coordinator's page.

use crate::harness::{CA, MO, PA, SC, api_call as call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use chrono::Duration;
use serde_json::json;
use tandem_domain::{Mode, ProgrammeRules};

const FIELDS: &[(&str, &str)] = &[
    ("expertise", "engaging_the_team"),
    ("expertise_topics", "Rotas"),
    ("interests", "sharing_the_vision"),
    ("interest_topics", "Quality improvement"),
    ("languages", "en"),
    ("languages", "cy"),
    ("availability", "tue_pm"),
    ("modes", "telephone"),
    ("location", "Cardiff"),
    ("introduction", "Ward sister."),
    ("mobile_phone", "07700 900461"),
    ("work_phone", ""),
    ("preferred_phone", "mobile"),
    ("contact_route", "text"),
];

fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<(&str, &str)> = FIELDS
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .copied()
        .collect();
    v.extend_from_slice(changes);
    v
}

#[tokio::test]
async fn a_participant_edits_their_profile_and_coordinators_see_what_policy_allows() {
    on_backends(|w| async move {
        let mut pat = w.signed_in(PA).await;
        let page = pat.get("/profile").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("who-sees-what") && page.contains("Work address"));

        // Errors inline, the form kept as typed, nothing written.
        let bad = with(&[("mobile_phone", "0770-090-0461"), ("location", "Cardiff")]);
        let page = pat.post("/profile", &bad).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("0770-090-0461") && page.contains("mobile_phone-error"));
        assert!(
            w.ctx
                .store
                .profile_of(w.participant)
                .await
                .unwrap()
                .is_none()
        );
        // A forged choice is refused too.
        pat.post("/profile", &with(&[("modes", "pigeon")]))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);

        pat.post("/profile", FIELDS)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let page = pat.get("/profile").await;
        assert!(page.contains("+44 7700 900461"), "shown formatted");
        let kept = w
            .ctx
            .store
            .profile_of(w.participant)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.profile.contact.mobile_phone, "+447700900461");

        // Their own person page: the whole profile, a way to edit it, and a back link they may
        // follow (not the people list, which they may not open).
        let own = pat.get(&format!("/people/{}", w.participant)).await;
        own.assert_status(StatusCode::OK);
        assert!(own.contains("id=\"edit-profile\"") && own.contains("+44 7700 900461"));
        assert!(own.contains("class=\"nhsuk-back-link\"") || own.contains("nhsuk-back-link"));
        assert!(
            !own.text()
                .contains("href=\"/people\" class=\"nhsuk-back-link")
        );
        pat.get("/people")
            .await
            .assert_status(StatusCode::FORBIDDEN);

        // Applying starts from the profile where the form asks the same things.
        let (_, intake) = w
            .programme_with_intake(
                (
                    "Mentoring".to_string(),
                    tandem_domain::ProgrammeKind::Mentoring,
                    ProgrammeRules {
                        modes: vec![Mode::Telephone, Mode::Video],
                        ..ProgrammeRules::default()
                    },
                ),
                "Spring",
                [-10, 10, 20],
                [5, 5],
            )
            .await;
        let apply = pat.get(&format!("/intakes/{}/apply", intake.id)).await;
        apply.assert_status(StatusCode::OK);
        for (name, value) in [
            ("goals", "sharing_the_vision"),
            ("expertise", "engaging_the_team"),
            ("availability", "tue_pm"),
            ("modes", "telephone"),
        ] {
            let ticked = format!("name=\"{name}\" type=\"checkbox\" value=\"{value}\" checked");
            assert!(apply.contains(&ticked), "{ticked}");
        }
        assert!(!apply.contains("name=\"modes\" type=\"checkbox\" value=\"video\" checked"));

        // Their coordinator sees the profile, never the phone number.
        for who in [CA, SC] {
            let mut c = w.signed_in(who).await;
            let seen = c.get(&format!("/people/{}", w.participant)).await;
            seen.assert_status(StatusCode::OK);
            assert!(seen.contains("Cardiff") && seen.contains("profile-location"));
            assert!(!seen.contains("900461") && !seen.contains("profile-mobile"));
        }
    })
    .await;
}

#[tokio::test]
async fn the_api_reads_and_replaces_the_callers_profile() {
    on_backends(|w| async move {
        let token = api_token(&w, PA).await;
        let (status, body) = call(&w, Method::GET, "/api/v1/profile", &token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["email_kind"], "work");
        assert!(body["updated_at"].is_null());

        let bad =
            json!({ "mobile_phone": "call me", "contact_route": "text", "languages": ["xx"] });
        let (status, body) = call(&w, Method::PUT, "/api/v1/profile", &token, Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert!(fields.contains(&"mobile_phone") && fields.contains(&"languages"));
        assert!(
            w.ctx
                .store
                .profile_of(w.participant)
                .await
                .unwrap()
                .is_none()
        );

        let good = json!({
            "expertise": ["leading_with_care"], "languages": ["nl", "en"],
            "availability": ["mon_am"], "modes": ["telephone", "video"],
            "work_phone": "+44 (0)20 7946 0958", "preferred_phone": "work",
            "contact_route": "phone", "introduction": "Hello.\nTwo lines."
        });
        let (status, body) = call(&w, Method::PUT, "/api/v1/profile", &token, Some(good)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["work_phone"], "+44 20 7946 0958");
        assert_eq!(body["languages"], json!(["en", "nl"]));
        assert_eq!(body["introduction"], "Hello.\nTwo lines.");
    })
    .await;
}

#[tokio::test]
async fn a_telephone_session_shows_the_number_to_call_to_the_pair_only() {
    on_backends(|w| async move {
        let rules = ProgrammeRules {
            modes: vec![Mode::Telephone, Mode::Video],
            ..ProgrammeRules::default()
        };
        let (_, r) = w.active_mentoring(rules).await;
        let mut mo = w.signed_in(MO).await;
        mo.post("/profile", FIELDS)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let mut pat = w.signed_in(PA).await;
        let date = (w.ctx.now() + Duration::days(5)).date_naive();
        let (y, m, d) = (
            date.format("%Y").to_string(),
            date.format("%-m").to_string(),
            date.format("%-d").to_string(),
        );
        let bookings = format!("/relationships/{}/bookings", r.id);
        pat.post(
            &bookings,
            &[
                ("date-day", &d),
                ("date-month", &m),
                ("date-year", &y),
                ("start", "10:00"),
                ("minutes", "45"),
                ("mode", "telephone"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let b = w.ctx.store.bookings_of(r.id).await.unwrap().remove(0);

        let page = pat.get(&bookings).await;
        assert!(page.contains("Number to call:") && page.contains("+44 7700 900461"));
        let ics = pat.get(&format!("/sessions/{}/calendar.ics", b.id)).await;
        ics.assert_status(StatusCode::OK);
        assert!(ics.contains("Tel. +44 7700 900461"));

        // The coordinator's view of the relationship has no number; the sessions page is not
        // theirs at all.
        let mut sc = w.signed_in(SC).await;
        let seen = sc.get(&format!("/relationships/{}", r.id)).await;
        seen.assert_status(StatusCode::OK);
        assert!(!seen.contains("900461"));
        sc.get(&bookings).await.assert_status(StatusCode::NOT_FOUND);
        sc.post(
            &format!("/sessions/{}/number-to-call", b.id),
            &[("member", &w.participant.to_string())],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);

        // Mo switches to Pat's number; Pat has none yet, so Pat's page asks for one.
        mo.post(
            &format!("/sessions/{}/number-to-call", b.id),
            &[("member", &w.participant.to_string())],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let page = pat.get(&bookings).await;
        assert!(!page.contains("+44 7700 900461"));
        assert!(page.contains("href=\"/profile\""));
        assert!(page.contains("your profile has no phone number"));
    })
    .await;
}
