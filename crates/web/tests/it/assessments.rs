//! HTTP tests of the assessment pages: the coordinator's page (lawful basis forms, instruments,
//! score import with preview and confirmation) and the person's own equality-data form. Each
//! refusal keeps the form and writes nothing; others are refused.

use crate::harness::{CA, PA, SC, on_backends};
use axum::http::StatusCode;
use tandem_domain::ProgrammeRules;
use tandem_domain::assessment::{InstrumentInput, UseKind};

#[tokio::test]
async fn coordinators_switch_uses_on_with_their_basis_and_import_scores_through_a_preview() {
    on_backends(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let p = m.programme.id;
        let sc_actor = w.actor(w.scheme_coordinator).await;
        tandem_app::assessments::create_instrument(
            &w.ctx,
            &sc_actor,
            p,
            InstrumentInput {
                name: "Insights".into(),
                score_min: 1,
                score_max: 5,
                dimensions: "drive: Drive\ncare: Care".into(),
            },
        )
        .await
        .unwrap();
        let mut sc = w.signed_in(SC).await;
        // Linked from the programme page for its coordinators.
        let programme = sc.get(&format!("/programmes/{p}")).await;
        assert!(programme.contains(&format!("/programmes/{p}/assessments")));
        let page = sc.get(&format!("/programmes/{p}/assessments")).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Insights") && page.contains("Scores from 1 to 5"));
        assert!(page.contains("id=\"use-assessment\"") && page.contains("Drive"));

        // Switching on without a basis is refused, the form kept as typed, nothing written.
        let path = format!("/programmes/{p}/assessments/use/assessment");
        let form = sc.get(&path).await;
        form.assert_status(StatusCode::OK);
        let refused = sc
            .post(
                &path,
                &[
                    ("enabled", "on"),
                    ("art6", ""),
                    ("art9", ""),
                    ("justification", "Pairing for team balance"),
                ],
            )
            .await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let text = refused.text();
        assert!(text.contains("nhsuk-error-summary") && text.contains("art6-error"));
        assert!(text.contains("art9-error") && text.contains("Pairing for team balance"));
        assert!(
            w.ctx
                .store
                .matching_use(p, UseKind::Assessment)
                .await
                .unwrap()
                .is_none()
        );
        // With the basis it is saved and shown.
        sc.post(
            &path,
            &[
                ("enabled", "on"),
                ("art6", "public_task"),
                ("art9", "equality_of_opportunity"),
                ("justification", "Pairing for team balance"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let u = w
            .ctx
            .store
            .matching_use(p, UseKind::Assessment)
            .await
            .unwrap()
            .unwrap();
        assert!(u.enabled);
        let page = sc.get(&format!("/programmes/{p}/assessments")).await;
        assert!(page.contains("Public task (Article 6(1)(e))"));
        // The equality use's weight is checked too.
        let eq = format!("/programmes/{p}/assessments/use/equality");
        let refused = sc
            .post(
                &eq,
                &[
                    ("enabled", "on"),
                    ("art6", "public_task"),
                    ("art9", "equality_of_opportunity"),
                    ("justification", "Shared language"),
                    ("weight", "99"),
                ],
            )
            .await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.contains("weight-error") && refused.contains("Shared language"));
        assert!(
            w.ctx
                .store
                .matching_use(p, UseKind::Equality)
                .await
                .unwrap()
                .is_none()
        );

        // A bad file: every bad row listed, nothing written, no confirm button.
        let import = format!("/programmes/{p}/assessments/import");
        let bad = format!(
            "email,instrument,dimension,score\n{PA},Insights,drive,9\n{PA},Insights,care,3\nnobody@example.org,Insights,care,2\n"
        );
        let res = sc.upload(&import, "s.csv", bad.as_bytes()).await;
        res.assert_status(StatusCode::OK);
        let text = res.text();
        assert!(text.contains("data-line=\"2\"") && text.contains("data-line=\"4\""));
        assert!(!text.contains("data-line=\"3\""), "{text}");
        assert!(!text.contains(&format!("{import}/")));
        assert!(w.ctx.store.programme_scores(p).await.unwrap().is_empty());
        // No file: the page again with the error on the file field.
        let none = sc.upload(&import, "s.csv", b"").await;
        none.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(none.contains("file-error"));

        // A good file: counts, then written only on confirmation.
        let good = format!(
            "email,instrument,dimension,score\n{PA},Insights,drive,4\n{PA},Insights,care,3\n"
        );
        let res = sc.upload(&import, "s.csv", good.as_bytes()).await;
        res.assert_status(StatusCode::OK);
        let text = res.text();
        assert!(text.contains("2 scores for 1 person"), "{text}");
        assert!(w.ctx.store.programme_scores(p).await.unwrap().is_empty());
        let action = text
            .split(&format!("action=\"{import}/"))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let done = sc.post(&format!("{import}/{action}"), &[]).await;
        done.assert_status(StatusCode::OK);
        assert!(done.contains("import-done"));
        assert_eq!(w.ctx.store.programme_scores(p).await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn others_cannot_reach_the_assessment_pages_and_write_nothing() {
    on_backends(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let p = m.programme.id;
        for who in [CA, PA] {
            let mut b = w.signed_in(who).await;
            let programme = b.get(&format!("/programmes/{p}")).await;
            assert!(!programme.contains(&format!("/programmes/{p}/assessments")));
            let page = b.get(&format!("/programmes/{p}/assessments")).await;
            assert!(page.status == StatusCode::FORBIDDEN || page.status == StatusCode::NOT_FOUND);
            let page = b
                .get(&format!("/programmes/{p}/assessments/use/equality"))
                .await;
            assert!(page.status == StatusCode::FORBIDDEN || page.status == StatusCode::NOT_FOUND);
            let res = b
                .post(
                    &format!("/programmes/{p}/assessments/use/equality"),
                    &[
                        ("enabled", "on"),
                        ("art6", "public_task"),
                        ("art9", "equality_of_opportunity"),
                        ("justification", "Shared language"),
                        ("weight", "3"),
                    ],
                )
                .await;
            assert!(res.status == StatusCode::FORBIDDEN || res.status == StatusCode::NOT_FOUND);
            let res = b
                .upload(
                    &format!("/programmes/{p}/assessments/import"),
                    "s.csv",
                    format!("email,instrument,dimension,score\n{PA},Insights,drive,4\n").as_bytes(),
                )
                .await;
            assert!(res.status == StatusCode::FORBIDDEN || res.status == StatusCode::NOT_FOUND);
        }
        assert!(
            w.ctx
                .store
                .matching_use(p, UseKind::Equality)
                .await
                .unwrap()
                .is_none()
        );
        // Signed out: sent to sign in.
        let mut anon = w.browser();
        anon.get(&format!("/programmes/{p}/assessments"))
            .await
            .assert_status(StatusCode::SEE_OTHER);
        anon.get("/profile/equality")
            .await
            .assert_status(StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn a_person_gives_changes_and_clears_their_own_equality_data() {
    on_backends(|w| async move {
        let mut pat = w.signed_in(PA).await;
        let profile = pat.get("/profile").await;
        assert!(profile.contains("/profile/equality"));
        let page = pat.get("/profile/equality").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("/account/consents") && page.contains("Equality consent"));
        assert!(!page.contains("/profile/equality/clear"));

        // Describing it yourself without a description: refused, kept, nothing written.
        let refused = pat
            .post(
                "/profile/equality",
                &[
                    ("languages", "pl"),
                    ("background", "self"),
                    ("background_text", ""),
                ],
            )
            .await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.contains("background_text-error"));
        assert!(refused.contains("value=\"pl\" checked"));
        assert!(
            w.ctx
                .store
                .equality_data(w.participant)
                .await
                .unwrap()
                .is_none()
        );

        pat.post(
            "/profile/equality",
            &[
                ("languages", "pl"),
                ("languages", "en"),
                ("background", "other_european"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let d = w
            .ctx
            .store
            .equality_data(w.participant)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.languages, vec!["pl".to_string(), "en".to_string()]);
        let page = pat.get("/profile/equality").await;
        assert!(page.contains("value=\"other_european\" checked"));
        assert!(page.contains("/profile/equality/clear"));

        // Another person's data is untouched by Pat and unseen: only their own is on the page.
        let mut sc = w.signed_in(SC).await;
        let theirs = sc.get("/profile/equality").await;
        theirs.assert_status(StatusCode::OK);
        assert!(!theirs.contains("value=\"other_european\" checked"));

        pat.post("/profile/equality/clear", &[])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        assert!(
            w.ctx
                .store
                .equality_data(w.participant)
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn the_criteria_page_weighs_each_dimension_and_a_shared_background_once_their_use_is_on() {
    on_backends(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let p = m.programme.id;
        let sc_actor = w.actor(w.scheme_coordinator).await;
        tandem_app::assessments::create_instrument(
            &w.ctx,
            &sc_actor,
            p,
            InstrumentInput {
                name: "Insights".into(),
                score_min: 1,
                score_max: 5,
                dimensions: "drive: Drive\ncare: Care".into(),
            },
        )
        .await
        .unwrap();
        let mut sc = w.signed_in(SC).await;
        let criteria = format!("/programmes/{p}/matching-criteria");
        // Off: no section.
        let page = sc.get(&criteria).await;
        page.assert_status(StatusCode::OK);
        assert!(!page.contains("assessment-weights"));
        for kind in ["assessment", "equality"] {
            sc.post(
                &format!("/programmes/{p}/assessments/use/{kind}"),
                &[
                    ("enabled", "on"),
                    ("art6", "public_task"),
                    ("art9", "equality_of_opportunity"),
                    ("justification", "Balanced pairs"),
                    ("weight", "2"),
                ],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
        }
        let page = sc.get(&criteria).await;
        assert!(page.contains("assessment-weights") && page.contains("Drive (Insights)"));
        assert!(page.contains("name=\"weight_1\"") && page.contains("name=\"weight\""));

        // A weight out of range: refused, kept as typed, nothing written.
        let save = format!("{criteria}/assessment");
        let refused = sc
            .post(
                &save,
                &[
                    ("weight_0", "4"),
                    ("mode_0", "complementarity"),
                    ("weight_1", "11"),
                    ("mode_1", "similarity"),
                    ("weight", "3"),
                ],
            )
            .await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.contains("weight_1-error") && refused.contains("value=\"11\""));
        assert!(w.ctx.store.assessment_weights(p).await.unwrap().is_empty());
        let eq = w
            .ctx
            .store
            .matching_use(p, UseKind::Equality)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(eq.weight, 2);

        sc.post(
            &save,
            &[
                ("weight_0", "4"),
                ("mode_0", "complementarity"),
                ("weight_1", "1"),
                ("mode_1", "similarity"),
                ("weight", "3"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let weights = w.ctx.store.assessment_weights(p).await.unwrap();
        let drive = weights
            .iter()
            .find(|x| x.dimension_code == "drive")
            .unwrap();
        assert_eq!((drive.weight, drive.mode.code()), (4, "complementarity"));
        let eq = w
            .ctx
            .store
            .matching_use(p, UseKind::Equality)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (eq.weight, eq.enabled, eq.justification.as_str()),
            (3, true, "Balanced pairs")
        );
        let page = sc.get(&criteria).await;
        assert!(page.contains("value=\"complementarity\" checked"));

        // Someone without ManageAssessments is refused and writes nothing.
        let mut ca = w.signed_in(CA).await;
        let res = ca
            .post(
                &save,
                &[("weight_0", "9"), ("mode_0", "similarity"), ("weight", "9")],
            )
            .await;
        assert!(res.status == StatusCode::FORBIDDEN || res.status == StatusCode::NOT_FOUND);
        let drive = w.ctx.store.assessment_weights(p).await.unwrap();
        assert!(drive.iter().all(|x| x.weight != 9));
    })
    .await;
}

#[tokio::test]
async fn coordinators_add_and_delete_instruments_on_the_page() {
    on_backends(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let p = m.programme.id;
        let mut sc = w.signed_in(SC).await;
        let path = format!("/programmes/{p}/assessments");
        let page = sc.get(&path).await;
        assert!(page.contains(&format!("action=\"{path}/instruments\"")));

        // A range upside down and no dimensions: refused, the error summary and what was typed
        // kept, nothing written or audited.
        let audit = w.ctx.store.list_audit(100_000).await.unwrap().len();
        let refused = sc
            .post(
                &format!("{path}/instruments"),
                &[
                    ("name", "Team Roles Inventory"),
                    ("score_min", "9"),
                    ("score_max", "1"),
                    ("dimensions", ""),
                ],
            )
            .await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let text = refused.text();
        assert!(text.contains("nhsuk-error-summary"));
        assert!(text.contains("score_max-error") && text.contains("dimensions-error"));
        assert!(text.contains("value=\"Team Roles Inventory\"") && text.contains("value=\"9\""));
        assert!(w.ctx.store.instruments(p).await.unwrap().is_empty());
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), audit);

        // Valid: added, one dimension per line.
        sc.post(
            &format!("{path}/instruments"),
            &[
                ("name", "Team Roles Inventory"),
                ("score_min", "0"),
                ("score_max", "10"),
                ("dimensions", "plant: Plant\r\nshaper: Shaper\r\n"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let made = w.ctx.store.instruments(p).await.unwrap();
        assert_eq!(made.len(), 1);
        assert_eq!(made[0].dimensions.len(), 2);
        let page = sc.get(&path).await;
        assert!(page.contains("Team Roles Inventory") && page.contains("Shaper"));
        // Its name again: refused against the name.
        let twice = sc
            .post(
                &format!("{path}/instruments"),
                &[
                    ("name", "team roles inventory"),
                    ("score_min", "0"),
                    ("score_max", "10"),
                    ("dimensions", "Plant"),
                ],
            )
            .await;
        twice.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(twice.contains("name-error"));

        // A participant cannot delete it; the coordinator can (no scores).
        let delete = format!("{path}/instruments/{}/delete", made[0].id);
        let mut pa = w.signed_in(PA).await;
        pa.get("/dashboard").await;
        let denied = pa.post(&delete, &[]).await;
        assert!(
            denied.status == StatusCode::FORBIDDEN || denied.status == StatusCode::NOT_FOUND,
            "{}",
            denied.status
        );
        assert_eq!(w.ctx.store.instruments(p).await.unwrap().len(), 1);
        sc.post(&delete, &[])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        assert!(w.ctx.store.instruments(p).await.unwrap().is_empty());
    })
    .await;
}
