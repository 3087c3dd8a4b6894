//! Mentor minimum loads on the results page and in the API (issue #15), on both backends: a
//! mentor the run leaves below the programme's minimum is listed with mentees, minimum and the
//! translated reason, and the run's API representation carries the same list.

use crate::harness::{SC, api_call as call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use tandem_domain::{ApplicationRole, Mode, ProgrammeRules};
use tandem_test_support::fixtures::matchable_profile;

#[tokio::test]
async fn mentors_below_the_minimum_are_listed_on_the_page_and_in_the_api() {
    on_backends(|w| async move {
        // Three mentees (organisation A), two mentors (B) with three places and a minimum of
        // two: one mentor gets two, the other is named below the minimum.
        let m = w
            .mentoring(ProgrammeRules {
                modes: vec![Mode::Video],
                mentor_load_min: Some(2),
                mentor_load_max: Some(3),
                ..ProgrammeRules::default()
            })
            .await;
        for (person, org, role) in [
            (w.staff_a[0], w.org_a, ApplicationRole::Mentee),
            (w.staff_a[1], w.org_a, ApplicationRole::Mentee),
            (w.staff_b[0], w.org_b, ApplicationRole::Mentor),
        ] {
            w.approved_application(m.intake.id, person, org, role, matchable_profile())
                .await;
        }
        let sc = api_token(&w, SC).await;
        let (st, run) = call(
            &w,
            Method::POST,
            &format!("/api/v1/intakes/{}/match-runs", m.intake.id),
            &sc,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::CREATED, "{run}");
        assert_eq!(run["result"]["matches"].as_array().unwrap().len(), 3);
        let below = run["result"]["mentors_below_min"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(below.len(), 1, "{run}");
        assert_eq!(below[0]["load"], 1);
        assert_eq!(below[0]["min"], 2);
        assert_eq!(below[0]["reason"], "taken_elsewhere");
        let run_id = run["id"].as_str().unwrap().to_string();

        let mut browser = w.signed_in(SC).await;
        let page = browser.get(&format!("/match-runs/{run_id}")).await;
        page.assert_status(StatusCode::OK);
        let text = page.text();
        assert!(text.contains("id=\"below-min\""), "{text}");
        assert!(text.contains("Mentors below the minimum"), "{text}");
        assert!(
            text.contains("Enough eligible mentees, but they were all placed with other mentors"),
            "{text}"
        );
        let nl = browser
            .get(&format!("/match-runs/{run_id}?lang=nl-NL"))
            .await;
        assert!(
            nl.text().contains("Mentoren onder het minimum"),
            "{}",
            nl.text()
        );
    })
    .await;
}

#[tokio::test]
async fn a_run_that_meets_the_minimum_says_so() {
    on_backends(|w| async move {
        // Two mentees and one mentor (the fixture's pair plus one): the mentor takes both.
        let m = w
            .mentoring(ProgrammeRules {
                modes: vec![Mode::Video],
                mentor_load_min: Some(2),
                mentor_load_max: Some(2),
                ..ProgrammeRules::default()
            })
            .await;
        w.approved_application(
            m.intake.id,
            w.staff_a[0],
            w.org_a,
            ApplicationRole::Mentee,
            matchable_profile(),
        )
        .await;
        let mut browser = w.signed_in(SC).await;
        let res = browser
            .post(&format!("/intakes/{}/matching/run", m.intake.id), &[])
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let page = browser.get(&res.location()).await;
        let text = page.text();
        assert!(text.contains("id=\"min-met\""), "{text}");
        assert!(!text.contains("id=\"below-min\""), "{text}");
    })
    .await;
}
