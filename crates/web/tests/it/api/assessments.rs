//! Importing assessment scores through the API: only the programme's coordinators, every bad
//! row listed (422) and nothing written, a dry run by default.

use super::Api;
use crate::harness::{self, PA};
use axum::http::StatusCode;
use tandem_domain::ProgrammeRules;
use tandem_domain::assessment::InstrumentInput;

#[tokio::test]
async fn only_the_programmes_coordinators_import_scores_and_a_bad_row_writes_nothing() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let m = w.mentoring(ProgrammeRules::default()).await;
        let p = m.programme.id;
        let sc = w.actor(w.scheme_coordinator).await;
        tandem_app::assessments::create_instrument(
            &w.ctx,
            &sc,
            p,
            InstrumentInput {
                name: "Insights".into(),
                score_min: 1,
                score_max: 5,
                dimensions: "drive: Drive".into(),
            },
        )
        .await
        .unwrap();
        let path = format!("/api/v1/programmes/{p}/assessments/import?dry_run=false");
        let bad = format!("email,instrument,dimension,score\n{PA},Insights,drive,9\n");
        let r = w.csv(&path, &w.sc, &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.json();
        assert_eq!(body["problems"][0]["line"], 2);
        assert_eq!(body["problems"][0]["column"], "score");
        assert_eq!(body["problems"][0]["code"], "assessment.import.score_range");
        assert_eq!(body["imported"], 0);
        assert!(w.ctx.store.programme_scores(p).await.unwrap().is_empty());

        let good = format!("email,instrument,dimension,score\n{PA},Insights,drive,4\n");
        // An organisation coordinator does not coordinate the programme.
        let refused = w.csv(&path, &w.a, &good).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        // A dry run (the default) writes nothing.
        let dry_path = format!("/api/v1/programmes/{p}/assessments/import");
        let dry = w.csv(&dry_path, &w.sc, &good).await;
        assert_eq!(dry.status, StatusCode::OK);
        assert_eq!(dry.json()["valid"], true);
        assert!(w.ctx.store.programme_scores(p).await.unwrap().is_empty());
        let done = w.csv(&path, &w.sc, &good).await;
        assert_eq!(done.status, StatusCode::OK);
        assert_eq!(done.json()["imported"], 1);
        assert_eq!(w.ctx.store.programme_scores(p).await.unwrap().len(), 1);
    })
    .await;
}
