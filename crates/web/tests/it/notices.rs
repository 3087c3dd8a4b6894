//! HTTP tests of people's notice choices: the preferences page and API (each person their own),
//! one-click unsubscribe without a session (RFC 8058) and a forged link refused with nothing
//! changed, and the recent notices on the home page — on both backends.

use crate::harness::{CA, PA, World, api_call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use serde_json::json;
use tandem_app::notify::preferences::{self, Delivery};
use tandem_app::notify::{NoticeKind, scheduler, worker};
use tandem_domain::ApplicationRole;
use tandem_test_support::fixtures;

#[tokio::test]
async fn a_person_chooses_their_own_e_mails_on_the_page_and_essential_ones_stay_on() {
    on_backends(|w: World| async move {
        // Signed out: sent to sign in.
        let mut anon = w.browser();
        anon.get("/notices/preferences")
            .await
            .assert_status(StatusCode::SEE_OTHER);

        let mut pat = w.signed_in(PA).await;
        let page = pat.get("/notices/preferences").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Choose which emails you receive"));
        // Essential kinds are listed as always sent, not as a choice.
        assert!(page.contains("Session cancelled"));
        assert!(!page.contains("name=\"session.cancelled\""));
        assert!(
            page.contains("name=\"session.reminder\" type=\"radio\" value=\"immediate\" checked")
        );
        // A participant is not offered the coordinators' digests.
        assert!(!page.contains("name=\"digest.scheme\""));

        let saved = pat
            .post(
                "/notices/preferences",
                &[("session.reminder", "digest"), ("set.actions_due", "off")],
            )
            .await;
        saved.assert_status(StatusCode::SEE_OTHER);
        let page = pat.get(&saved.location()).await;
        assert!(
            page.contains("Your changes have been saved"),
            "{}",
            saved.location()
        );
        assert!(page.contains("name=\"session.reminder\" type=\"radio\" value=\"digest\" checked"));
        let decide = |p, k| preferences::decide(&w.ctx, p, k);
        assert_eq!(
            decide(w.participant, NoticeKind::SetActionsDue)
                .await
                .unwrap(),
            Delivery::Off
        );
        assert_eq!(
            decide(w.participant, NoticeKind::SessionReminder)
                .await
                .unwrap(),
            Delivery::Digest
        );
        // Only Pat's own choices changed.
        assert!(
            w.ctx
                .store
                .notice_preferences(w.coordinator_a)
                .await
                .unwrap()
                .is_empty()
        );

        // Without the CSRF token nothing is saved.
        pat.post_raw("/notices/preferences", &[("session.reminder", "off")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        assert_eq!(
            decide(w.participant, NoticeKind::SessionReminder)
                .await
                .unwrap(),
            Delivery::Digest
        );
    })
    .await;
}

#[tokio::test]
async fn the_api_reads_and_changes_only_the_callers_choices() {
    on_backends(|w: World| async move {
        let token = api_token(&w, PA).await;
        let path = "/api/v1/me/notice-preferences";
        let (status, body) = api_call(&w, Method::GET, path, &token, None).await;
        assert_eq!(status, StatusCode::OK);
        let list = body["preferences"].as_array().unwrap();
        let reminder = list
            .iter()
            .find(|p| p["kind"] == "session.reminder")
            .unwrap();
        assert_eq!(reminder["mode"], "immediate");

        let change = json!({ "preferences": [{ "kind": "session.log_prompt", "mode": "off" }] });
        let (status, body) = api_call(&w, Method::PUT, path, &token, Some(change)).await;
        assert_eq!(status, StatusCode::OK);
        let saved = body["preferences"].as_array().unwrap();
        let prompt = saved
            .iter()
            .find(|p| p["kind"] == "session.log_prompt")
            .unwrap();
        assert_eq!(prompt["mode"], "off");

        // Essential kinds cannot be switched off: refused, nothing changed.
        let essential = json!({ "preferences": [{ "kind": "offer.made", "mode": "off" }] });
        let (status, body) = api_call(&w, Method::PUT, path, &token, Some(essential)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let bad_mode = json!({ "preferences": [{ "kind": "session.reminder", "mode": "loud" }] });
        let (status, _) = api_call(&w, Method::PUT, path, &token, Some(bad_mode)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let stored = w.ctx.store.notice_preferences(w.participant).await.unwrap();
        assert_eq!(stored, vec![("session.log_prompt".into(), "off".into())]);
    })
    .await;
}

#[tokio::test]
async fn one_click_unsubscribe_works_without_a_session_and_a_forged_link_changes_nothing() {
    on_backends(|w: World| async move {
        let kind = NoticeKind::SessionReminder;
        let (_, url) = preferences::links(&w.ctx, w.participant, kind)
            .await
            .unwrap();
        let url = url.unwrap();
        let token = url.rsplit('/').next().unwrap().to_string();
        let path = format!("/unsubscribe/{token}");

        // A forged link: the page says so, in words, and nothing changes (GET or POST).
        let mut forged = token.clone();
        forged.pop();
        forged.push(if token.ends_with('A') { 'B' } else { 'A' });
        let mut anon = w.browser();
        let page = anon.get(&format!("/unsubscribe/{forged}")).await;
        page.assert_status(StatusCode::NOT_FOUND);
        assert!(page.contains("This link does not work"));
        anon.post_raw(
            &format!("/unsubscribe/{forged}"),
            &[("List-Unsubscribe", "One-Click")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
        assert!(
            w.ctx
                .store
                .notice_preferences(w.participant)
                .await
                .unwrap()
                .is_empty()
        );

        // The confirmation page has a button (no JavaScript), and the GET changes nothing.
        let page = anon.get(&path).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Session reminder (24 hours before)"));
        assert!(page.contains(&format!("action=\"{path}\"")));
        assert!(
            w.ctx
                .store
                .notice_preferences(w.participant)
                .await
                .unwrap()
                .is_empty()
        );

        // A mail client's RFC 8058 POST: no session, no CSRF token.
        let mut client = w.browser();
        let page = client
            .post_raw(&path, &[("List-Unsubscribe", "One-Click")])
            .await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("You will not receive these emails any more"));
        assert_eq!(
            preferences::decide(&w.ctx, w.participant, kind)
                .await
                .unwrap(),
            Delivery::Off
        );
        // In Dutch for a Dutch reader.
        let page = anon.get(&format!("{path}?lang=nl-NL")).await;
        assert!(page.contains("Deze e-mails staan voor u al uit."));
    })
    .await;
}

#[tokio::test]
async fn the_home_page_lists_recent_notices_with_their_links() {
    on_backends(|w: World| async move {
        let mut ca = w.signed_in(CA).await;
        let page = ca.get("/dashboard").await;
        assert!(page.contains("Recent notices"));
        assert!(page.contains("You have no notices yet."));

        let m = w.mentoring(Default::default()).await;
        fixtures::submitted_application(
            &w.ctx.store,
            m.intake.id,
            w.staff_a[0],
            w.org_a,
            ApplicationRole::Mentee,
            fixtures::matchable_profile(),
            w.ctx.now(),
        )
        .await;
        scheduler::tick(&w.ctx).await.unwrap();
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let page = ca.get("/dashboard").await;
        assert!(!page.contains("You have no notices yet."));
        let text = page.text();
        let at = text.find("Recent notices").unwrap();
        assert!(
            text[at..].contains("<a href=\"&#x2f;dashboard\">Daily list of what waits for you</a>"),
            "{}",
            &text[at..at + 600]
        );
    })
    .await;
}
