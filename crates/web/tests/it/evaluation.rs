//! HTTP tests of the evaluation pages and API on both backends: the pages in English and Dutch
//! with a chart beside its table, CSV and XLSX downloads that hold what the page shows, the JSON
//! report, and refusals for an evaluator of another programme and for a participant.

use crate::harness::{CA, PA, SC, World, api_call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use calamine::{Reader, Xlsx};
use chrono::Duration;
use tandem_domain::survey::{
    InstrumentCode, Item, LocalText, ResponseId, StoredAnswer, Survey, SurveyId, WaveKind,
    instrument, score,
};
use tandem_domain::{ProgrammeId, ProgrammeKind, ProgrammeRules, Role, RoleAssignment, Scope};
use tandem_storage::NewResponse;

fn gses(total: u32) -> Vec<StoredAnswer> {
    let mut extra = total - 10;
    instrument(InstrumentCode::Gses)
        .items
        .iter()
        .map(|q| {
            let add = extra.min(3);
            extra -= add;
            StoredAnswer {
                item: q.key.clone(),
                number: Some(f64::from(1 + add)),
                text: None,
            }
        })
        .collect()
}

/// A programme whose GSES survey 12 people of A and 3 of B answered at baseline and end.
async fn seed(w: &World, name: &str) -> ProgrammeId {
    let (programme, intake) = w
        .programme_with_intake(
            (
                name.into(),
                ProgrammeKind::Mentoring,
                ProgrammeRules::default(),
            ),
            "Pilot",
            [-120, -100, -90],
            [20, 20],
        )
        .await;
    let now = w.ctx.now() - Duration::days(1);
    let survey = Survey {
        id: SurveyId::new(),
        programme_id: programme.id,
        title: LocalText::new("Outcomes", "Resultaten"),
        waves: vec![WaveKind::Baseline, WaveKind::End],
        items: vec![Item::Instrument {
            code: InstrumentCode::Gses,
        }],
        version: 1,
        created_at: now,
        updated_at: now,
    };
    w.ctx.store.create_survey(&survey).await.unwrap();
    let mut responses = Vec::new();
    for i in 0..15u32 {
        let org = if i < 12 { w.org_a } else { w.org_b };
        let before = 18 + (i * 7) % 11;
        for (wave, total) in [
            (WaveKind::Baseline, before),
            (WaveKind::End, before + i % 5),
        ] {
            let answers = gses(total);
            responses.push(NewResponse {
                id: ResponseId::new(),
                survey_id: survey.id,
                survey_version: 1,
                programme_id: programme.id,
                intake_id: intake.id,
                organisation_id: Some(org),
                wave,
                role: "mentee".into(),
                respondent: format!("r-{name}-{i}"),
                pair_key: format!("r-{name}-{i}"),
                submitted_month: "2026-09".into(),
                research_consent: true,
                share_free_text: false,
                scores: score(&survey, &answers),
                answers,
            });
        }
    }
    w.ctx
        .store
        .insert_survey_responses(&responses)
        .await
        .unwrap();
    programme.id
}

async fn evaluator(w: &World, programme: ProgrammeId, email: &str) {
    let role = RoleAssignment {
        role: Role::Evaluator,
        scope: Scope::Programme(programme),
    };
    w.add_role_holder(w.org_a, "Eva", "Luator", email, role)
        .await;
}

#[tokio::test]
async fn an_evaluator_reads_the_programme_with_charts_beside_tables_in_both_languages() {
    on_backends(|w: World| async move {
        let programme = seed(&w, "Evaluated").await;
        evaluator(&w, programme, "eva@alpha.example.org").await;
        let mut eva = w.signed_in("eva@alpha.example.org").await;
        let home = eva.get("/dashboard").await;
        assert!(
            home.contains("href=\"/evaluation\""),
            "nav and home link to the evaluation"
        );
        let index = eva.get("/evaluation").await;
        index.assert_status(StatusCode::OK);
        assert!(index.contains(&format!("/evaluation/programmes/{programme}")));

        let path = format!("/evaluation/programmes/{programme}");
        let page = eva.get(&path).await;
        page.assert_status(StatusCode::OK);
        let text = page.text();
        assert!(text.contains("Outcomes before and after, per scale"));
        assert!(text.contains("role=\"img\""));
        assert!(text.contains("aria-labelledby=\"chart-outcomes-title chart-outcomes-desc\""));
        // The chart follows its table inside one figure section.
        let table = text.find("id=\"table-outcomes\"").unwrap();
        let chart = text.find("id=\"chart-outcomes-title\"").unwrap();
        assert!(table < chart);
        assert!(text.contains("Evidence up to Barr level"));
        assert!(text.contains("rounded to the nearest 5"));
        assert!(text.contains("Sessions held against the caps"));
        assert!(text.contains("id=\"table-sessions\""));
        assert!(text.contains("Mean sessions per relationship"));
        assert!(text.contains("Goal progress"));

        let nl = eva.get(&format!("{path}?lang=nl-NL")).await;
        nl.assert_status(StatusCode::OK);
        assert!(nl.contains("Resultaten voor en na, per schaal"));
        assert!(nl.contains("afgerond"));
        assert!(nl.contains("Gehouden sessies tegenover de maxima"));
        assert!(nl.contains("Gemiddeld aantal sessies per relatie"));
        assert!(nl.contains("Voortgang van doelen"));

        let report = eva.get(&format!("{path}/report?lang=en-GB")).await;
        report.assert_status(StatusCode::OK);
        assert!(
            report.contains("Programme report: Evaluated"),
            "{}",
            report.text()
        );
        assert!(report.contains("How small numbers are protected"));
        assert!(report.contains("Sessions held against the caps"));
    })
    .await;
}

#[tokio::test]
async fn downloads_hold_what_the_page_shows() {
    on_backends(|w: World| async move {
        let programme = seed(&w, "Evaluated").await;
        let mut sc = w.signed_in(SC).await;
        let base = format!("/evaluation/programmes/{programme}/tables");
        let csv = sc.get(&format!("{base}/outcomes.csv")).await;
        csv.assert_status(StatusCode::OK);
        assert!(
            csv.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let text = csv.text();
        assert!(
            text.contains("Outcomes before and after, per scale"),
            "{text}"
        );
        assert!(text.contains("\"15\""), "15 respondents, rounded: {text}");

        let csv = sc.get(&format!("{base}/sessions.csv")).await;
        csv.assert_status(StatusCode::OK);
        let text = csv.text();
        assert!(text.contains("Session cap"), "{text}");
        assert!(text.contains("Sessions held"), "{text}");

        let xlsx = sc.get(&format!("{base}/participation.xlsx")).await;
        xlsx.assert_status(StatusCode::OK);
        let mut book = Xlsx::new(std::io::Cursor::new(xlsx.body.clone())).unwrap();
        let sheet = book.worksheet_range_at(0).unwrap().unwrap();
        let first = sheet.get((0, 0)).map(|c| c.to_string()).unwrap_or_default();
        assert_eq!(first, "Participation by organisation");

        let zip = sc
            .get(&format!("/evaluation/programmes/{programme}/research.zip"))
            .await;
        zip.assert_status(StatusCode::OK);
        assert_eq!(zip.headers["content-type"], "application/zip");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.clone())).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            ["answers.csv", "scores.csv", "codebook.csv", "codebook.md"]
        );
        let mut ca = w.signed_in(crate::harness::CA).await;
        ca.get(&format!("/evaluation/programmes/{programme}/research.zip"))
            .await
            .assert_status(StatusCode::NOT_FOUND);

        sc.get(&format!("{base}/nothing.csv"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        sc.get(&format!("{base}/outcomes.pdf"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn others_get_nothing() {
    on_backends(|w: World| async move {
        let programme = seed(&w, "Evaluated").await;
        let other = seed(&w, "Other").await;
        evaluator(&w, other, "ova@alpha.example.org").await;
        let mut ova = w.signed_in("ova@alpha.example.org").await;
        ova.get(&format!("/evaluation/programmes/{programme}"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        ova.get(&format!(
            "/evaluation/programmes/{programme}/tables/outcomes.csv"
        ))
        .await
        .assert_status(StatusCode::NOT_FOUND);
        ova.get(&format!("/evaluation/programmes/{other}"))
            .await
            .assert_status(StatusCode::OK);

        let mut pat = w.signed_in(PA).await;
        pat.get("/evaluation")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        pat.get(&format!("/evaluation/programmes/{programme}"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        let home = pat.get("/dashboard").await;
        assert!(!home.contains("href=\"/evaluation\""));

        // Organisation A's coordinator sees A's slice only: B is not offered.
        let mut ca = w.signed_in(CA).await;
        let page = ca.get(&format!("/evaluation/programmes/{programme}")).await;
        page.assert_status(StatusCode::OK);
        assert!(!page.contains(&w.org_b.to_string()));
    })
    .await;
}

#[tokio::test]
async fn the_api_gives_the_report_and_its_tables() {
    on_backends(|w: World| async move {
        let programme = seed(&w, "Evaluated").await;
        let token = api_token(&w, SC).await;
        let (status, list) = api_call(
            &w,
            Method::GET,
            "/api/v1/evaluation/programmes",
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            list.as_array()
                .unwrap()
                .iter()
                .any(|p| p["id"] == programme.to_string())
        );
        let (status, report) = api_call(
            &w,
            Method::GET,
            &format!("/api/v1/evaluation/programmes/{programme}"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["level"], "below");
        assert_eq!(report["threshold"], 8);
        let outcomes = report["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "outcomes")
            .unwrap();
        assert_eq!(outcomes["rows"][0]["figures"][0]["shown"], "rounded");
        assert_eq!(outcomes["rows"][0]["figures"][0]["value"], 15.0);

        let pat = api_token(&w, PA).await;
        let (status, _) = api_call(
            &w,
            Method::GET,
            &format!("/api/v1/evaluation/programmes/{programme}"),
            &pat,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}
