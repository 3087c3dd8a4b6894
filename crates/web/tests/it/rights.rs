//! People's rights through the pages and the API: a participant sees and downloads their own
//! data and withdraws a consent; an administrator produces a person's data, erases them after a
//! confirmation (the name is gone from the pages), and reads the retention rules; everyone else
//! is refused each route, in both languages where a page is shown.

use crate::harness::{CA, PA, SC, World, api_call, api_token, on_backends};
use axum::http::{Method, StatusCode, header};
use serde_json::json;
use tandem_domain::{Role, RoleAssignment, Scope};

const AD: &str = "admin@alpha.example.org";

async fn add_administrator(w: &World) {
    w.add_role_holder(
        w.org_a,
        "Ada",
        "Admin",
        AD,
        RoleAssignment {
            role: Role::Administrator,
            scope: Scope::Scheme(w.scheme),
        },
    )
    .await;
}

#[tokio::test]
async fn a_participant_sees_downloads_and_withdraws() {
    on_backends(|w| async move {
        let mut pat = w.signed_in(PA).await;
        let account = pat.get("/account").await;
        account.assert_status(StatusCode::OK);
        assert!(account.contains("href=\"/account/data\""));
        assert!(account.contains("href=\"/account/consents\""));

        let page = pat.get("/account/data").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains(PA), "their address is in their data");
        assert!(page.contains("id=\"section-person\""));
        assert!(page.contains("Your record"));
        let dutch = pat.get("/account/data?lang=nl-NL").await;
        assert!(dutch.contains("Uw gegevens"));
        pat.get("/dashboard?lang=en-GB").await;

        let file = pat.get("/account/data.json").await;
        file.assert_status(StatusCode::OK);
        let disposition = file
            .headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(!disposition.contains('@'));
        let json: serde_json::Value = serde_json::from_str(&file.text()).unwrap();
        assert_eq!(json["person_id"], w.participant.to_string());
        assert!(json["sections"].as_array().unwrap().len() > 10);

        // Give, then withdraw research use.
        let form = pat.get("/account/consents").await;
        form.assert_status(StatusCode::OK);
        assert!(form.contains("id=\"consent-research\""));
        let saved = pat
            .post(
                "/account/consents",
                &[("kind", "research"), ("given", "yes")],
            )
            .await;
        saved.assert_status(StatusCode::SEE_OTHER);
        pat.post(
            "/account/consents",
            &[("kind", "research"), ("given", "no")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let after = pat
            .get("/account/consents?notice=rights.notice.consent_saved")
            .await;
        assert!(
            after.contains("You withdrew this consent"),
            "{}",
            after.text()
        );
        assert!(after.contains("Your choice is saved."));
        let pat_actor = w.actor(w.participant).await;
        assert_eq!(
            tandem_app::surveys::answer::research_consent(&w.ctx, &pat_actor)
                .await
                .unwrap(),
            Some(false)
        );
        // An unknown kind is a bad request and writes nothing.
        let n = w.ctx.store.list_audit(100_000).await.unwrap().len();
        let bad = pat
            .post(
                "/account/consents",
                &[("kind", "shoe_size"), ("given", "yes")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), n);

        // Through the API too.
        let token = api_token(&w, PA).await;
        let (status, body) = api_call(&w, Method::GET, "/api/v1/me/data", &token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["person_id"], w.participant.to_string());
        let (status, body) = api_call(
            &w,
            Method::PUT,
            "/api/v1/me/consents/equality",
            &token,
            Some(json!({ "given": true })),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["current"][2]["given"], true);
        let (status, _) = api_call(&w, Method::GET, "/api/v1/me/consents", &token, None).await;
        assert_eq!(status, StatusCode::OK);

        // Not someone else's data, nor the administrator's pages.
        for path in [
            format!("/people/{}/data", w.staff_a[0]),
            format!("/people/{}/data.json", w.staff_a[0]),
            format!("/people/{}/erase", w.staff_a[0]),
        ] {
            assert_eq!(pat.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
        }
        assert_eq!(pat.get("/retention").await.status, StatusCode::FORBIDDEN);
        let (status, _) = api_call(
            &w,
            Method::GET,
            &format!("/api/v1/people/{}/data", w.staff_a[0]),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = api_call(&w, Method::GET, "/api/v1/retention", &token, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Signed out: to the sign-in page.
        let mut anon = w.browser();
        let page = anon.get("/account/data").await;
        page.assert_status(StatusCode::SEE_OTHER);
        assert!(page.location().starts_with("/sign-in?next="));
    })
    .await;
}

#[tokio::test]
async fn an_administrator_exports_and_erases_a_person_after_confirming() {
    on_backends(|w| async move {
        add_administrator(&w).await;
        let mut ada = w.signed_in(AD).await;
        let person = format!("/people/{}", w.participant);
        let page = ada.get(&person).await;
        assert!(page.contains(&format!("href=\"{person}/data\"")));
        assert!(page.contains(&format!("href=\"{person}/erase\"")));
        let data = ada.get(&format!("{person}/data")).await;
        data.assert_status(StatusCode::OK);
        assert!(data.contains(PA));

        // Coordinators see neither link nor route.
        for email in [SC, CA] {
            let mut b = w.signed_in(email).await;
            let page = b.get(&person).await;
            assert!(!page.contains("/erase\""), "{email}");
            assert_eq!(
                b.get(&format!("{person}/data")).await.status,
                StatusCode::NOT_FOUND
            );
            let n = w.ctx.store.list_audit(100_000).await.unwrap().len();
            assert_eq!(
                b.post(&format!("{person}/erase"), &[]).await.status,
                StatusCode::NOT_FOUND
            );
            assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), n);
        }

        // The confirmation names the consequences, in both languages.
        let confirm = ada.get(&format!("{person}/erase")).await;
        confirm.assert_status(StatusCode::OK);
        assert!(confirm.contains("Pat Participant"));
        assert!(confirm.contains("This cannot be undone"));
        assert!(confirm.contains("id=\"confirm-erase\""));
        let dutch = ada.get(&format!("{person}/erase?lang=nl-NL")).await;
        assert!(dutch.contains("Dit kan niet ongedaan worden gemaakt"));
        ada.get("/dashboard?lang=en-GB").await;

        let done = ada.post(&format!("{person}/erase"), &[]).await;
        done.assert_status(StatusCode::SEE_OTHER);
        assert!(done.location().contains("notice=rights.notice.erased"));
        let page = ada.get(&person).await;
        assert!(page.contains("Former participant"));
        assert!(!page.contains("Pat Participant") && !page.contains(PA));
        let list = ada.get("/people").await;
        assert!(!list.contains("Participant, Pat"), "not in the people list");
        // Pat can no longer sign in.
        let mut pat = w.browser();
        let out = pat.sign_in(PA, tandem_test_support::PASSWORD).await;
        assert_ne!(out.status, StatusCode::SEE_OTHER);

        // Ada may not erase herself.
        let ada_id = w
            .ctx
            .store
            .account_by_email(AD)
            .await
            .unwrap()
            .unwrap()
            .person_id;
        assert_eq!(
            ada.get(&format!("/people/{ada_id}/erase")).await.status,
            StatusCode::FORBIDDEN
        );
        let token = api_token(&w, AD).await;
        let (status, _) = api_call(
            &w,
            Method::POST,
            &format!("/api/v1/people/{ada_id}/erase"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Through the API, another person.
        let (status, body) = api_call(
            &w,
            Method::POST,
            &format!("/api/v1/people/{}/erase", w.staff_a[0]),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["accounts"], 0);
        let (status, body) = api_call(
            &w,
            Method::GET,
            &format!("/api/v1/people/{}/data", w.staff_a[0]),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body["sections"][0]["rows"][0]["given_name"],
            "Former participant"
        );
    })
    .await;
}

#[tokio::test]
async fn the_retention_page_lists_the_rules_and_saves_periods() {
    on_backends(|w| async move {
        add_administrator(&w).await;
        let mut ada = w.signed_in(AD).await;
        let settings = ada.get("/settings").await;
        assert!(settings.contains("href=\"/retention\""));
        let page = ada.get("/retention").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("id=\"retention-rules\""));
        assert!(page.contains("more than 6 years ago"));
        // The assessment scores' and appraisal links' rules, with their dry-run counts.
        assert!(page.contains("id=\"would-scores\"") && page.contains("12 months after"));
        assert!(page.contains("id=\"would-appraisal-links\"") && page.contains("90 days after"));
        let dutch = ada.get("/retention?lang=nl-NL").await;
        assert!(dutch.contains("Bewaren van gegevens"));
        ada.get("/dashboard?lang=en-GB").await;

        let bad = ada
            .post(
                "/retention",
                &[
                    ("closed_relationship_years", "0"),
                    ("registration_days", "30"),
                    ("dead_notice_days", "90"),
                    ("assessment_score_months", "0"),
                    ("appraisal_link_days", "90"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.contains("between 1 and 50"));
        assert!(bad.contains("assessment_score_months-error") && bad.contains("between 1 and 120"));
        let ok = ada
            .post(
                "/retention",
                &[
                    ("closed_relationship_years", "8"),
                    ("registration_days", "30"),
                    ("dead_notice_days", "90"),
                    ("assessment_score_months", "18"),
                    ("appraisal_link_days", "60"),
                ],
            )
            .await;
        ok.assert_status(StatusCode::SEE_OTHER);
        assert!(
            ada.get("/retention")
                .await
                .contains("more than 8 years ago")
        );
        ada.post("/retention/apply", &[])
            .await
            .assert_status(StatusCode::SEE_OTHER);

        let token = api_token(&w, AD).await;
        let (status, body) = api_call(&w, Method::GET, "/api/v1/retention", &token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["settings"]["closed_relationship_years"], 8);
        assert_eq!(body["settings"]["assessment_score_months"], 18);
        assert_eq!(body["settings"]["appraisal_link_days"], 60);
        assert_eq!(body["would_remove"]["assessment_scores"], 0);

        // Coordinators are refused the page and its forms, and nothing is written.
        let mut sam = w.signed_in(SC).await;
        assert_eq!(sam.get("/retention").await.status, StatusCode::FORBIDDEN);
        let n = w.ctx.store.list_audit(100_000).await.unwrap().len();
        assert_eq!(
            sam.post("/retention/apply", &[]).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            sam.post(
                "/retention",
                &[
                    ("closed_relationship_years", "1"),
                    ("registration_days", "7"),
                    ("dead_notice_days", "7"),
                ],
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), n);
    })
    .await;
}

/// Issue 17: times are shown in the reader's zone. Pat works in London and Mo in Amsterdam
/// (Beta moved to the Netherlands); each records a consent and reads its time on their own
/// clock, an hour apart all year.
#[tokio::test]
async fn each_reader_sees_instants_on_their_own_clock() {
    on_backends(|w| async move {
        let mut beta = w.ctx.store.get_organisation(w.org_b).await.unwrap();
        beta.country = tandem_domain::Country::Netherlands;
        w.ctx.store.update_organisation(&beta).await.unwrap();
        w.add_participant(w.org_b, "Mo", "Mentor", crate::harness::MO)
            .await;
        for (email, zone, other) in [
            (PA, "Europe/London", "Europe/Amsterdam"),
            (crate::harness::MO, "Europe/Amsterdam", "Europe/London"),
        ] {
            let mut b = w.signed_in(email).await;
            b.post(
                "/account/consents",
                &[("kind", "research"), ("given", "yes")],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
            let account = w.ctx.store.account_by_email(email).await.unwrap().unwrap();
            let at = w
                .ctx
                .store
                .consents_of(account.person_id)
                .await
                .unwrap()
                .last()
                .unwrap()
                .recorded_at;
            let clock = |z: &str| {
                tandem_domain::sessions::to_local(z, at)
                    .format("%H:%M")
                    .to_string()
            };
            let page = b.get("/account/consents").await.text();
            let history = &page[page.find("id=\"consent-history\"").unwrap()..];
            assert!(
                history.contains(&format!("at {}", clock(zone))),
                "{email} reads {zone}'s {}: {history}",
                clock(zone)
            );
            assert!(
                !history.contains(&format!("at {}", clock(other))),
                "{email} must not read {other}'s clock: {history}"
            );
        }
    })
    .await;
}
