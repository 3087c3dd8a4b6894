//! HTTP tests of surveys: the answer form in English and Dutch, a refused submission that keeps
//! what was typed, the thanks page and the home page's "due"; the builder's pages for a
//! coordinator; the API (a programme's surveys, the caller's requests, answering) — on both
//! backends.

use crate::harness::{PA, SC, World, api_call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use serde_json::json;
use tandem_app::surveys::builder::{self, SurveyInput};
use tandem_domain::survey::{InstrumentCode, Item, LocalText, Survey, WaveKind};
use tandem_domain::{ProgrammeId, ProgrammeRules, RelationshipKind};

/// A GSES survey at baseline on a mentoring programme, made before Pat's relationship started,
/// and the scheduler's tick that asks Pat (and Mo) to answer it. Returns the survey and Pat's
/// request id.
async fn asked(w: &World) -> (Survey, ProgrammeId, String) {
    let m = w.mentoring(ProgrammeRules::default()).await;
    let sc = w.actor(w.scheme_coordinator).await;
    let input = SurveyInput {
        title: LocalText::new("Confidence at work", "Vertrouwen in het werk"),
        waves: vec![WaveKind::Baseline],
        items: vec![Item::Instrument {
            code: InstrumentCode::Gses,
        }],
    };
    let s = builder::create(&w.ctx, &sc, m.programme.id, input)
        .await
        .unwrap();
    let r = w
        .publish(
            m.intake.id,
            RelationshipKind::Mentoring,
            &[&m.mentee, &m.mentor],
            None,
        )
        .await;
    w.accept(r.id, &m.people()).await;
    w.sign(r.id, &m.people(), 1).await;
    tandem_app::background::tick(&w.ctx).await.unwrap();
    let req = w
        .ctx
        .store
        .survey_requests_of_person(w.participant, 10)
        .await
        .unwrap();
    assert_eq!(req.len(), 1);
    (s, m.programme.id, req[0].id.to_string())
}

#[tokio::test]
async fn a_participant_answers_a_due_survey_and_a_refusal_keeps_what_was_typed() {
    on_backends(|w: World| async move {
        let (s, _, request) = asked(&w).await;
        let mut pat = w.signed_in(PA).await;

        // Home and the list say it is due.
        let home = pat.get("/dashboard").await;
        assert!(home.contains("id=\"surveys-due\""), "{}", home.text());
        // (The to-do's link is a value, so the template escapes its slash.)
        assert!(home.contains("href=\"/surveys\"") || home.contains("href=\"&#x2f;surveys\""));
        let list = pat.get("/surveys").await;
        list.assert_status(StatusCode::OK);
        assert!(list.contains(&format!("href=\"/surveys/{request}\"")));
        assert!(list.contains("Confidence at work"));

        // The form, in English and in Dutch, with the GSES's source and the consent question.
        let path = format!("/surveys/{request}");
        let form = pat.get(&path).await;
        form.assert_status(StatusCode::OK);
        assert!(form.contains("I can always manage to solve difficult problems"));
        assert!(form.contains("<legend"));
        assert!(form.contains("type=\"radio\" value=\"4\""));
        assert!(form.contains("Schwarzer"));
        assert!(form.contains("May your answers be used for research?"));
        let nl = pat.get(&format!("{path}?lang=nl-NL")).await;
        assert!(nl.contains("Vertrouwen in het werk"));
        assert!(nl.contains("Het lukt me altijd moeilijke problemen op te lossen"));
        assert!(nl.contains("Mogen uw antwoorden voor onderzoek worden gebruikt?"));
        // The language stays chosen; back to English.
        pat.get(&format!("{path}?lang=en-GB")).await;

        // Nine of ten answered, no consent choice: refused, each answer kept, errors inline.
        let version = s.version.to_string();
        let mut fields: Vec<(String, String)> = (1..=9)
            .map(|i| (format!("gses.{i}"), "3".to_owned()))
            .collect();
        fields.push(("version".into(), version.clone()));
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let refused = pat.post(&path, &borrowed).await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.contains("Answer this question."));
        assert!(refused.contains("href=\"#gses-10\""));
        assert!(refused.contains("Say whether your answers may be used for research."));
        assert!(
            refused.contains("id=\"gses-1-3\" name=\"gses.1\" type=\"radio\" value=\"3\" checked")
        );
        assert!(
            w.ctx
                .store
                .survey_response_rows(s.id)
                .await
                .unwrap()
                .is_empty()
        );

        fields.push(("gses.10".into(), "4".into()));
        fields.push(("research_consent".into(), "yes".into()));
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let done = pat.post(&path, &borrowed).await;
        done.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(done.location(), format!("/surveys/{request}/done"));
        let thanks = pat.get(&done.location()).await;
        assert!(thanks.contains("Thank you"));
        let rows = w.ctx.store.survey_response_rows(s.id).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].answers, 10);

        // Answered: no longer due, and the form says it cannot be answered now.
        assert!(!pat.get("/dashboard").await.contains("id=\"surveys-due\""));
        assert!(pat.get(&path).await.contains("id=\"not-open\""));
        // Consent can be withdrawn on the list page.
        let list = pat.get("/surveys").await;
        assert!(list.contains("Withdraw my consent for research"));
        pat.post("/surveys/consent", &[("consent", "no")])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let rows = w.ctx.store.survey_response_rows(s.id).await.unwrap();
        assert!(!rows[0].research_consent);

        // Somebody else's request does not exist for a coordinator.
        let mut sc = w.signed_in(SC).await;
        sc.get(&path).await.assert_status(StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn a_coordinator_builds_a_survey_on_pages_without_javascript() {
    on_backends(|w: World| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let p = m.programme.id;
        let mut sc = w.signed_in(SC).await;
        let programme = sc.get(&format!("/programmes/{p}")).await;
        assert!(programme.contains(&format!("href=\"/programmes/{p}/surveys\"")));
        let list = sc.get(&format!("/programmes/{p}/surveys")).await;
        list.assert_status(StatusCode::OK);
        assert!(list.contains("General Self-Efficacy Scale"));
        let nl = sc.get(&format!("/programmes/{p}/surveys?lang=nl-NL")).await;
        assert!(nl.contains("Nieuwe vragenlijst"));
        sc.get(&format!("/programmes/{p}/surveys?lang=en-GB")).await;

        // No waves: refused inline.
        let refused = sc
            .post(
                &format!("/programmes/{p}/surveys"),
                &[("title_en", "Before and after"), ("instruments", "gses")],
            )
            .await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.contains("Choose at least one moment to send the survey."));

        let made = sc
            .post(
                &format!("/programmes/{p}/surveys"),
                &[
                    ("title_en", "Before and after"),
                    ("waves", "baseline"),
                    ("waves", "end"),
                    ("instruments", "gses"),
                ],
            )
            .await;
        made.assert_status(StatusCode::SEE_OTHER);
        let edit_path = made.location();
        let edit_path = edit_path.split('?').next().unwrap().to_owned();
        let edit = sc.get(&edit_path).await;
        edit.assert_status(StatusCode::OK);
        assert!(edit.contains("Instrument (locked)"));
        assert!(edit.contains("Schwarzer"));

        // Add a question of our own, then move it above the instrument.
        let added = sc
            .post(
                &edit_path,
                &[
                    ("version", "1"),
                    ("title_en", "Before and after"),
                    ("waves", "baseline"),
                    ("waves", "end"),
                    ("op", "add_question"),
                    ("key", "tried"),
                    ("text_en", "What did you try differently?"),
                    ("kind", "free_text"),
                    ("kirkpatrick", "behaviour"),
                    ("barr", "3"),
                ],
            )
            .await;
        added.assert_status(StatusCode::SEE_OTHER);
        let moved = sc
            .post(
                &edit_path,
                &[
                    ("version", "2"),
                    ("title_en", "Before and after"),
                    ("waves", "baseline"),
                    ("waves", "end"),
                    ("op", "up:1"),
                ],
            )
            .await;
        moved.assert_status(StatusCode::SEE_OTHER);
        let sc_actor = w.actor(w.scheme_coordinator).await;
        let surveys = builder::list(&w.ctx, &sc_actor, p).await.unwrap();
        assert_eq!(surveys.len(), 1);
        assert_eq!(surveys[0].version, 3);
        assert!(matches!(&surveys[0].items[0], Item::Question(q) if q.key == "tried"));
        assert_eq!(surveys[0].questions().len(), 11);

        // A participant may not open the builder.
        let mut pat = w.signed_in(PA).await;
        pat.get(&format!("/programmes/{p}/surveys"))
            .await
            .assert_status(StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn the_api_lists_makes_and_changes_surveys_and_answers_a_request() {
    on_backends(|w: World| async move {
        let (s, p, request) = asked(&w).await;
        let sc = api_token(&w, SC).await;
        let pat = api_token(&w, PA).await;

        let (status, list) = api_call(
            &w,
            Method::GET,
            &format!("/api/v1/programmes/{p}/surveys"),
            &sc,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list[0]["items"][0]["code"], "gses");
        let (status, _) = api_call(
            &w,
            Method::GET,
            &format!("/api/v1/programmes/{p}/surveys"),
            &pat,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let body = json!({
            "title_en": "Reaction", "waves": ["end"],
            "items": [{"item": "instrument", "code": "reaction"}],
        });
        let (status, made) = api_call(
            &w,
            Method::POST,
            &format!("/api/v1/programmes/{p}/surveys"),
            &sc,
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        let mut change = body.clone();
        change["version"] = json!(1);
        change["waves"] = json!(["end", "follow_up"]);
        let (status, changed) = api_call(
            &w,
            Method::PUT,
            &format!("/api/v1/surveys/{}", made["id"].as_str().unwrap()),
            &sc,
            Some(change.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{changed}");
        assert_eq!(changed["version"], 2);
        let (status, _) = api_call(
            &w,
            Method::PUT,
            &format!("/api/v1/surveys/{}", made["id"].as_str().unwrap()),
            &sc,
            Some(change),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "a stale version");

        let (status, mine) =
            api_call(&w, Method::GET, "/api/v1/me/survey-requests", &pat, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(mine[0]["id"], request.as_str());
        assert_eq!(mine[0]["state"], "due");

        let answers: serde_json::Map<String, serde_json::Value> = (1..=10)
            .map(|i| (format!("gses.{i}"), json!(if i == 3 { 9 } else { 3 })))
            .collect();
        let path = format!("/api/v1/survey-requests/{request}/answers");
        let mut body =
            json!({ "version": s.version, "answers": answers, "research_consent": false });
        let (status, err) = api_call(&w, Method::POST, &path, &pat, Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(err.to_string().contains("gses.3"), "{err}");
        assert!(
            w.ctx
                .store
                .survey_response_rows(s.id)
                .await
                .unwrap()
                .is_empty()
        );
        body["answers"]["gses.3"] = json!(2);
        let (status, _) = api_call(&w, Method::POST, &path, &pat, Some(body.clone())).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = api_call(&w, Method::POST, &path, &pat, Some(body)).await;
        assert_eq!(status, StatusCode::CONFLICT, "answered already");
        let rows = w.ctx.store.survey_response_rows(s.id).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert!(!rows[0].research_consent);
    })
    .await;
}
