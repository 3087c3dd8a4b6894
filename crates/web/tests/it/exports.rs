//! The exports page, its downloads and the API's exports: who gets which file, a participant
//! refused with nothing written, headings in the reader's language, and the menu link.

use crate::harness::{CA, PA, SC, api_token, on_backends};
use axum::http::StatusCode;
use tandem_domain::ProgrammeRules;

#[tokio::test]
async fn coordinators_download_their_rows_and_participants_get_nothing() {
    on_backends(|w| async move {
        let rules = ProgrammeRules {
            session_cap: Some(4),
            ..Default::default()
        };
        w.active_mentoring(rules).await;

        let mut sc = w.signed_in(SC).await;
        let page = sc.get("/exports").await;
        page.assert_status(StatusCode::OK);
        assert!(
            page.contains("href=\"/exports\""),
            "the menu links the page"
        );
        assert!(
            page.contains("exports&#x2f;set-attendance?format=xlsx"),
            "{}",
            page.text()
        );
        assert!(
            page.contains("Cross-agency mentoring"),
            "the programme filter"
        );
        // The cap is a number written the reader's way, not "20000".
        assert!(page.contains("at most 20,000 rows"), "{}", page.text());
        let nl = sc.get("/exports?lang=nl-NL").await;
        assert!(nl.contains("hoogstens 20.000 rijen"), "{}", nl.text());
        sc.get("/exports?lang=en-GB")
            .await
            .assert_status(StatusCode::OK);
        let csv = sc.get("/exports/sessions?format=csv").await;
        csv.assert_status(StatusCode::OK);
        assert!(
            csv.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let text = csv.text();
        assert!(text.contains("Session cap"), "{text}");
        assert!(text.contains(",4,0,0,4"), "{text}");

        // Alpha's coordinator: Pat by name, Mo only by organisation.
        let mut ca = w.signed_in(CA).await;
        let mine = ca.get("/exports/relationships?format=csv").await;
        mine.assert_status(StatusCode::OK);
        let text = mine.text();
        assert!(text.contains("Pat Participant (Alpha Trust)"), "{text}");
        assert!(text.contains("A member at Beta Council"), "{text}");
        assert!(!text.contains("Mo Mentor"), "{text}");
        // In Dutch, the headings are Dutch.
        let nl = ca.get("/exports/applications?format=csv&lang=nl-NL").await;
        nl.assert_status(StatusCode::OK);
        assert!(nl.text().contains("Voornaam,Achternaam"), "{}", nl.text());
        let page = ca.get("/exports?lang=nl-NL").await;
        assert!(page.contains("Aanmeldingen"), "{}", page.text());
        // A filter that is not an id is a field error on the page, not a file.
        let bad = ca
            .get("/exports/applications?format=csv&programme=nope")
            .await;
        assert!(bad.contains("nhsuk-error-summary"), "{}", bad.text());

        // A participant: no menu link, the page and files refused, nothing written.
        let mut pa = w.signed_in(PA).await;
        let before_pa = w.database.fingerprint().await;
        let dash = pa.get("/dashboard").await;
        assert!(!dash.contains("href=\"/exports\""));
        pa.get("/exports")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        pa.get("/exports/applications?format=xlsx")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        assert!(
            w.database
                .fingerprint()
                .await
                .changed_since(&before_pa)
                .is_empty(),
            "a refused export writes nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn the_api_exports_as_the_policy_allows() {
    on_backends(|w| async move {
        w.active_mentoring(ProgrammeRules::default()).await;
        let token = api_token(&w, CA).await;
        let mut api = w.browser();
        api.headers
            .push(("authorization".into(), format!("Bearer {token}")));
        let file = api.get("/api/v1/exports/applications?format=xlsx").await;
        file.assert_status(StatusCode::OK);
        assert_eq!(file.headers["content-type"], tandem_web::api::XLSX_MIME);
        assert!(file.body.starts_with(b"PK"), "an XLSX archive");
        api.get("/api/v1/exports/nothing?format=csv")
            .await
            .assert_status(StatusCode::NOT_FOUND);
        api.get("/api/v1/exports/applications?format=pdf")
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);

        let token = api_token(&w, PA).await;
        let before = w.database.fingerprint().await;
        let mut pa = w.browser();
        pa.headers
            .push(("authorization".into(), format!("Bearer {token}")));
        pa.get("/api/v1/exports/relationships?format=csv")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        assert!(
            w.database
                .fingerprint()
                .await
                .changed_since(&before)
                .is_empty()
        );
    })
    .await;
}
