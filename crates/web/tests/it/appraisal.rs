//! HTTP tests of goals tied to appraisal, on both backends: the goal form's citation (page and
//! API), the mentee's summary page and API, and the line manager's single-use link page, which
//! shows the name, the cited goals and the summary and nothing else.

use crate::harness::{MO, PA, World, api_call as call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use chrono::{Datelike, Duration};
use serde_json::json;
use tandem_domain::{PersonId, ProgrammeRules};

async fn set_line_manager(w: &World, person: PersonId, manager: PersonId) {
    let mut rec = w.ctx.store.get_person(person).await.unwrap();
    for e in &mut rec.employments {
        e.line_manager_id = Some(manager);
    }
    w.ctx
        .store
        .update_person(&rec.person, &rec.employments)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_cited_goal_and_its_summary_reach_the_line_managers_link_and_nothing_else() {
    on_backends(|w| async move {
        let (m, r) = w.active_mentoring(ProgrammeRules::default()).await;
        let [pat, _mo] = m.people();
        let manager = w.staff_b[0];
        set_line_manager(&w, pat, manager).await;
        let goals = format!("/relationships/{}/goals", r.id);
        let mut browser = w.signed_in(PA).await;

        // The form offers the kinds of the reader's working life; a future date is refused.
        let page = browser.get(&goals).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("name=\"appraisal_kind\""));
        assert!(page.contains("value=\"appraisal\""));
        let nl = browser.get(&format!("{goals}?lang=nl-NL")).await;
        assert!(nl.contains("value=\"functioneringsgesprek\""));
        assert!(nl.contains("value=\"beoordelingsgesprek\""));
        browser.get(&format!("{goals}?lang=en-GB")).await;
        let held = w.ctx.now().date_naive() - Duration::days(30);
        let future = w.ctx.now().date_naive() + Duration::days(30);
        let fields = |d: chrono::NaiveDate| {
            vec![
                ("title".to_string(), "Chair the huddle".to_string()),
                ("status".into(), "under_way".into()),
                ("appraisal_kind".into(), "functioneringsgesprek".into()),
                ("appraisal_on-day".into(), d.day().to_string()),
                ("appraisal_on-month".into(), d.month().to_string()),
                ("appraisal_on-year".into(), d.year().to_string()),
            ]
        };
        let refs = |v: &Vec<(String, String)>| -> Vec<(String, String)> { v.clone() };
        let bad = refs(&fields(future));
        let bad: Vec<(&str, &str)> = bad.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let res = browser.post(&goals, &bad).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.contains("cannot be in the future"),
            "{}",
            String::from_utf8_lossy(&res.body)
        );
        let good = fields(held);
        let good: Vec<(&str, &str)> = good.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        browser
            .post(&goals, &good)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let list = browser.get(&goals).await;
        assert!(
            list.contains("Functioneringsgesprek"),
            "the citation is shown"
        );
        browser
            .post(
                &goals,
                &[("title", "Uncited private aim"), ("status", "not_started")],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);

        // The API: the citation is part of a goal, refused the same way.
        let token = api_token(&w, PA).await;
        let (status, body) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{}/goals", r.id),
            &token,
            Some(json!({ "title": "Coach a starter", "status": "not_started",
                "appraisal_kind": "beoordelingsgesprek", "appraisal_on": held.to_string() })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["appraisal_kind"], "beoordelingsgesprek");
        assert_eq!(body["appraisal_on"], held.to_string());
        let (status, body) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{}/goals", r.id),
            &token,
            Some(json!({ "title": "x", "status": "not_started",
                "appraisal_kind": "chat", "appraisal_on": "2026-1-5" })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = body.to_string();
        assert!(
            text.contains("appraisal_kind") && text.contains("appraisal_on"),
            "{text}"
        );

        // The summary page: not yet; the mentor is told it does not exist.
        let summary = format!("/relationships/{}/appraisal-summary", r.id);
        let page = browser.get(&summary).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("once the relationship has ended"));
        let mut mo = w.signed_in(MO).await;
        mo.get(&summary).await.assert_status(StatusCode::NOT_FOUND);
        let mo_token = api_token(&w, MO).await;
        let (status, _) = call(
            &w,
            Method::GET,
            &format!(
                "/api{}",
                summary.replace("/relationships", "/v1/relationships")
            ),
            &mo_token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Pat ends it and shares through the page.
        let pa = w.actor(pat).await;
        tandem_app::matching::end(&w.ctx, &pa, r.id, "")
            .await
            .unwrap();
        let page = browser.get(&summary).await;
        assert!(page.contains("Bea Brook"), "the manager on record is named");
        let res = browser
            .post(
                &summary,
                &[("summary", "Chairing weekly now.\nCoaching next.")],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let page = browser.get(&summary).await;
        assert!(page.contains("Withdraw the summary"));
        let api_summary = format!("/api/v1/relationships/{}/appraisal-summary", r.id);
        let (status, body) = call(&w, Method::GET, &api_summary, &token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["summary"]["status"], "sent");
        assert_eq!(body["goals"].as_array().unwrap().len(), 2);

        // The manager, without an account: a page that only offers to open, then the summary.
        w.deliver().await;
        let address = w.ctx.store.get_person(manager).await.unwrap().person.email;
        let mail = w.mailer.last_to(&address).expect("the manager's e-mail");
        let at = mail.text.find("/appraisal-summary/").unwrap() + "/appraisal-summary/".len();
        let rest = &mail.text[at..];
        let link = rest[..rest.find(['?', '\n']).unwrap()].to_string();
        let mut boss = w.browser();
        let first = boss
            .get(&format!("/appraisal-summary/{link}?lang=en-GB"))
            .await;
        first.assert_status(StatusCode::OK);
        assert!(!first.contains("Chairing weekly"), "a GET does not open it");
        let csrf = first.csrf().expect("a form");
        let opened = boss
            .post_raw(
                &format!("/appraisal-summary/{link}"),
                &[("csrf_token", &csrf)],
            )
            .await;
        opened.assert_status(StatusCode::OK);
        for shown in [
            "Pat Participant",
            "Chair the huddle",
            "Coach a starter",
            "Chairing weekly",
        ] {
            assert!(opened.contains(shown), "{shown}");
        }
        for hidden in ["Uncited private aim", "Mo Mentor", "Grow"] {
            assert!(!opened.contains(hidden), "{hidden} reached the manager");
        }
        let again = boss.get(&format!("/appraisal-summary/{link}")).await;
        again.assert_status(StatusCode::GONE);
        assert!(again.contains("already been used"));
        let forged = boss
            .get("/appraisal-summary/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .await;
        forged.assert_status(StatusCode::NOT_FOUND);

        // The mentee sees it opened; it can no longer be withdrawn.
        let (status, body) = call(&w, Method::GET, &api_summary, &token, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["summary"]["status"], "opened");
        let (status, _) = call(
            &w,
            Method::POST,
            &format!("{api_summary}/withdraw"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(browser.get(&summary).await.contains("Opened"));
    })
    .await;
}

#[tokio::test]
async fn a_withdrawn_summarys_link_says_so_and_without_a_manager_sharing_is_explained() {
    on_backends(|w| async move {
        let (m, r) = w.active_mentoring(ProgrammeRules::default()).await;
        let [pat, _] = m.people();
        let token = api_token(&w, PA).await;
        let held = (w.ctx.now().date_naive() - Duration::days(3)).to_string();
        let (status, _) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{}/goals", r.id),
            &token,
            Some(json!({ "title": "Lead", "status": "under_way",
                "appraisal_kind": "appraisal", "appraisal_on": held })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        let pa = w.actor(pat).await;
        tandem_app::matching::end(&w.ctx, &pa, r.id, "")
            .await
            .unwrap();
        let api_summary = format!("/api/v1/relationships/{}/appraisal-summary", r.id);
        let mut browser = w.signed_in(PA).await;
        let page = browser
            .get(&format!("/relationships/{}/appraisal-summary", r.id))
            .await;
        assert!(page.contains("no line manager is on record"));
        let (status, body) = call(
            &w,
            Method::POST,
            &api_summary,
            &token,
            Some(json!({ "summary": "Done" })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

        set_line_manager(&w, pat, w.staff_a[0]).await;
        let (status, body) = call(
            &w,
            Method::POST,
            &api_summary,
            &token,
            Some(json!({ "summary": "Done" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        w.deliver().await;
        let mail = w.mailer.last_to("alice@alpha.example.org").expect("mail");
        let at = mail.text.find("/appraisal-summary/").unwrap() + "/appraisal-summary/".len();
        let rest = &mail.text[at..];
        let link = rest[..rest.find(['?', '\n']).unwrap()].to_string();
        let (_, body) = call(&w, Method::GET, &api_summary, &token, None).await;
        assert_eq!(body["link_expired"], false, "{body}");
        // Unopened past its expiry: the manager is told so, and the mentee's page and the API say
        // the link expired (the summary is still "sent", so a new one needs a withdrawal first).
        w.clock.advance(Duration::days(
            tandem_domain::appraisal::SUMMARY_LINK_DAYS + 1,
        ));
        let (_, body) = call(&w, Method::GET, &api_summary, &token, None).await;
        assert_eq!(body["summary"]["status"], "sent", "{body}");
        assert_eq!(body["link_expired"], true, "{body}");
        // (Signed in again: the earlier session has timed out meanwhile.)
        let page = w
            .signed_in(PA)
            .await
            .get(&format!(
                "/relationships/{}/appraisal-summary?lang=en-GB",
                r.id
            ))
            .await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Link expired"), "the mentee's page says so");
        let mut late = w.browser();
        let late_page = late
            .get(&format!("/appraisal-summary/{link}?lang=en-GB"))
            .await;
        late_page.assert_status(StatusCode::GONE);
        assert!(late_page.contains("This link has expired"));
        let (status, _) = call(
            &w,
            Method::POST,
            &format!("{api_summary}/withdraw"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let mut boss = w.browser();
        let gone = boss
            .get(&format!("/appraisal-summary/{link}?lang=nl-NL"))
            .await;
        gone.assert_status(StatusCode::GONE);
        assert!(gone.contains("ingetrokken"));
    })
    .await;
}
