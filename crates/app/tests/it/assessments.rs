//! Assessment profiles and equality-based matching through the use cases, on both backends:
//! a scores file with unknown people, instruments or dimensions or scores out of range is
//! listed by row and nothing is written; switching matching on without a lawful basis and a
//! justification is refused with nothing written; a run uses scores (and shared background)
//! only of people whose consent stands, and explains each pair's fit per dimension.

use tandem_app::assessments::{self, WeightInput};
use tandem_app::matching::{self, assessment};
use tandem_app::rights::{self, ConsentKind};
use tandem_app::{AppError, Context};
use tandem_domain::assessment::{EqualityInput, InstrumentInput, MatchingUseInput, UseKind};
use tandem_domain::{ApplicationRole, Language, ProgrammeRules, RelationshipStatus};
use tandem_people_io::Format;
use tandem_test_support::{MO, PA, World, fixtures, on_worlds};

const MAX: &str = "max@beta.example.org";

async fn audit_len(ctx: &Context) -> usize {
    ctx.store.list_audit(100_000).await.unwrap().len()
}

fn basis() -> MatchingUseInput {
    MatchingUseInput {
        enabled: true,
        art6: "public_task".into(),
        art9: "employment".into(),
        justification: "Test results are a starting point for matching.".into(),
        weight: 2,
    }
}

/// The world's mentoring intake with a second mentor (Max, organisation B), and an instrument
/// "Insights" scored 1–5 on drive and care.
async fn setting(w: &World) -> (tandem_test_support::Mentoring, tandem_domain::PersonId) {
    let m = w.mentoring(ProgrammeRules::default()).await;
    let max = w.add_participant(w.org_b, "Max", "Mentor", MAX).await;
    w.approved_application(
        m.intake.id,
        max,
        w.org_b,
        ApplicationRole::Mentor,
        fixtures::matchable_profile(),
    )
    .await;
    let sc = w.actor(w.scheme_coordinator).await;
    assessments::create_instrument(
        &w.ctx,
        &sc,
        m.programme.id,
        InstrumentInput {
            name: "Insights".into(),
            score_min: 1,
            score_max: 5,
            dimensions: "drive: Drive\ncare: Care".into(),
        },
    )
    .await
    .unwrap();
    (m, max)
}

#[tokio::test]
async fn a_scores_file_with_any_bad_row_writes_nothing_and_names_every_row() {
    on_worlds(|w| async move {
        let (m, _) = setting(&w).await;
        let p = m.programme.id;
        let sc = w.actor(w.scheme_coordinator).await;
        let before = audit_len(&w.ctx).await;
        let bad = format!(
            "E-mail,Instrument,Dimension,Score\n\
             {PA},Insights,drive,4\n\
             nobody@example.org,Insights,drive,3\n\
             {MO},Myers,drive,3\n\
             {MO},Insights,humour,3\n\
             {MO},Insights,care,9\n\
             {MO},Insights,care,2.5\n"
        );
        let preview = assessments::preview_import(&w.ctx, &sc, p, bad.as_bytes(), Format::Csv)
            .await
            .unwrap();
        let problems: Vec<(usize, &str, &str)> = preview
            .problems
            .iter()
            .map(|r| (r.line, r.column, r.message))
            .collect();
        assert_eq!(
            problems,
            vec![
                (3, "email", "assessment.import.unknown_person"),
                (4, "instrument", "assessment.import.unknown_instrument"),
                (5, "dimension", "assessment.import.unknown_dimension"),
                (6, "score", "assessment.import.score_range"),
                (7, "score", "assessment.import.score_not_whole"),
            ]
        );
        assert!(preview.pending.is_none(), "an invalid file is not kept");
        let (_, written) = assessments::import_now(&w.ctx, &sc, p, bad.as_bytes(), Format::Csv)
            .await
            .unwrap();
        assert!(written.is_none());
        assert!(w.ctx.store.programme_scores(p).await.unwrap().is_empty());
        assert_eq!(
            audit_len(&w.ctx).await,
            before,
            "nothing written, nothing audited"
        );

        // A valid file: previewed, then confirmed once.
        let good = format!(
            "email,instrument,dimension,score\n{PA},insights,Drive,4\n{MO},Insights,care,1\n"
        );
        let preview = assessments::preview_import(&w.ctx, &sc, p, good.as_bytes(), Format::Csv)
            .await
            .unwrap();
        assert!(preview.is_valid());
        assert_eq!((preview.rows, preview.people), (2, 2));
        assert!(w.ctx.store.programme_scores(p).await.unwrap().is_empty());
        let id = preview.pending.unwrap();
        let done = assessments::confirm_import(&w.ctx, &sc, p, &id)
            .await
            .unwrap();
        assert_eq!((done.scores, done.people), (2, 2));
        assert!(matches!(
            assessments::confirm_import(&w.ctx, &sc, p, &id).await,
            Err(AppError::Validation(_))
        ));
        let held = w.ctx.store.programme_scores(p).await.unwrap();
        assert_eq!(held.len(), 2);
        let last = &w.ctx.store.list_audit(1).await.unwrap()[0];
        assert_eq!(last.action, "assessment.import");
        assert_eq!(last.detail, "scores=2 people=2");

        // Only the programme's coordinators see them: a participant is told no.
        let pat = w.actor(w.participant).await;
        assert!(matches!(
            assessments::scores(&w.ctx, &pat, p).await,
            Err(AppError::Forbidden)
        ));
        let seen = assessments::scores(&w.ctx, &sc, p).await.unwrap();
        assert_eq!(seen.len(), 2);
        // The person sees their own in their subject access export.
        let data = rights::export(&w.ctx, &pat, w.participant).await.unwrap();
        let section = data
            .sections
            .iter()
            .find(|s| s.name == "assessment_scores")
            .unwrap();
        assert_eq!(section.rows.len(), 1);
        assert_eq!(section.rows[0]["score"], 4);
    })
    .await;
}

#[tokio::test]
async fn switching_matching_on_needs_a_basis_and_a_justification() {
    on_worlds(|w| async move {
        let (m, _) = setting(&w).await;
        let p = m.programme.id;
        let sc = w.actor(w.scheme_coordinator).await;
        let before = audit_len(&w.ctx).await;
        for kind in UseKind::ALL {
            for input in [
                MatchingUseInput {
                    art6: String::new(),
                    ..basis()
                },
                MatchingUseInput {
                    art9: String::new(),
                    ..basis()
                },
                MatchingUseInput {
                    justification: "  ".into(),
                    ..basis()
                },
            ] {
                assert!(matches!(
                    assessments::set_use(&w.ctx, &sc, p, kind, input).await,
                    Err(AppError::Validation(_))
                ));
            }
            let pat = w.actor(w.participant).await;
            assert!(matches!(
                assessments::set_use(&w.ctx, &pat, p, kind, basis()).await,
                Err(AppError::Forbidden)
            ));
            assert!(w.ctx.store.matching_use(p, kind).await.unwrap().is_none());
        }
        assert_eq!(audit_len(&w.ctx).await, before, "refusals write nothing");
        // Off by default: participants are told nothing until it is switched on.
        let pat = w.actor(w.participant).await;
        assert!(
            assessments::notice(&w.ctx, &pat, p)
                .await
                .unwrap()
                .is_empty()
        );
        assessments::set_use(&w.ctx, &sc, p, UseKind::Assessment, basis())
            .await
            .unwrap();
        let notice = assessments::notice(&w.ctx, &pat, p).await.unwrap();
        assert_eq!(notice.len(), 1);
        assert_eq!(notice[0].art6, "public_task");
        assert_eq!(notice[0].art9.as_deref(), Some("employment"));
        assert!(notice[0].justification.contains("starting point"));
    })
    .await;
}

#[tokio::test]
async fn runs_use_consented_scores_and_explain_each_pairs_fit() {
    on_worlds(|w| async move {
        let (m, max) = setting(&w).await;
        let p = m.programme.id;
        let sc = w.actor(w.scheme_coordinator).await;
        let file = format!(
            "email,instrument,dimension,score\n\
             {PA},Insights,drive,5\n{MO},Insights,drive,1\n{MAX},Insights,drive,5\n"
        );
        let (_, done) = assessments::import_now(&w.ctx, &sc, p, file.as_bytes(), Format::Csv)
            .await
            .unwrap();
        assert_eq!(done.unwrap().scores, 3);
        assessments::set_weights(
            &w.ctx,
            &sc,
            p,
            vec![WeightInput {
                instrument_id: w.ctx.store.instruments(p).await.unwrap()[0].id.clone(),
                dimension_code: "drive".into(),
                weight: 3,
                mode: "similarity".into(),
            }],
        )
        .await
        .unwrap();
        // Switched on, but nobody consented yet: no scores enter the run.
        assessments::set_use(&w.ctx, &sc, p, UseKind::Assessment, basis())
            .await
            .unwrap();
        let run = matching::run(&w.ctx, &sc, m.intake.id).await.unwrap();
        let fits = assessment::run_fits(&run).unwrap();
        assert_eq!(fits.len(), 1);
        assert_eq!(fits[0].dimensions[0].first, None, "no consent, no score");
        assert!(!run.inputs.contains("\"assessment\":[5]"));

        for person in [w.participant, m.mentor.person_id, max] {
            let a = w.actor(person).await;
            rights::set_consent(&w.ctx, &a, ConsentKind::Assessment, true, Language::EnGb)
                .await
                .unwrap();
        }
        let run = matching::run(&w.ctx, &sc, m.intake.id).await.unwrap();
        let pair = &run.result.matches[0];
        let max_app = w
            .ctx
            .store
            .list_applications(m.intake.id)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.person_id == max)
            .unwrap()
            .id;
        assert_eq!(
            pair.applications[1], max_app,
            "alike on drive: Pat with Max"
        );
        let points = pair
            .breakdown
            .iter()
            .find(|(c, _)| c == "assessment")
            .map(|(_, v)| *v);
        assert_eq!(points, Some(3000), "full similarity × weight 3");
        assert_eq!(
            pair.score,
            pair.breakdown.iter().map(|(_, v)| v).sum::<i64>()
        );
        let fits = assessment::run_fits(&run).unwrap();
        let d = &fits[0].dimensions[0];
        assert_eq!(
            (d.label.as_str(), d.first, d.second),
            ("Drive", Some(5), Some(5))
        );
        assert_eq!((d.points, d.max), (3000, 3000));
        // The saved run solves again to the same answer.
        assert_eq!(matching::reproduce(&run).unwrap(), run.result);
        assert!(matching::reproduces(&run));
        // A run saved before a release added annotations (exact reasons with rule counts, the
        // mentors below a minimum) still reproduces: the decision is what is compared.
        let mut older = run.clone();
        for u in &mut older.result.unmatched {
            u.rules.clear();
            u.partners = 0;
        }
        older.result.mentors_below_min.clear();
        assert!(matching::reproduces(&older));
        // A different decision does not.
        let mut changed = run.clone();
        changed.result.matches[0].score += 1;
        changed.result.total_score += 1;
        assert!(!matching::reproduces(&changed));

        // Max withdraws: his score is left out of the next run.
        let a = w.actor(max).await;
        rights::set_consent(&w.ctx, &a, ConsentKind::Assessment, false, Language::EnGb)
            .await
            .unwrap();
        let run = matching::run(&w.ctx, &sc, m.intake.id).await.unwrap();
        let inputs: matching::plan::RunInputs = serde_json::from_str(&run.inputs).unwrap();
        let maxs = inputs
            .candidates
            .iter()
            .find(|c| c.person_id == max)
            .unwrap();
        assert!(maxs.assessment.is_empty());
        let pats = inputs
            .candidates
            .iter()
            .find(|c| c.person_id == w.participant)
            .unwrap();
        assert_eq!(pats.assessment, vec![Some(5)]);
    })
    .await;
}

#[tokio::test]
async fn shared_background_counts_only_from_consented_self_given_data() {
    on_worlds(|w| async move {
        let (m, max) = setting(&w).await;
        let p = m.programme.id;
        let sc = w.actor(w.scheme_coordinator).await;
        assessments::set_use(&w.ctx, &sc, p, UseKind::Equality, basis())
            .await
            .unwrap();
        let give = |langs: &[&str], bg: &str| EqualityInput {
            languages: langs.iter().map(|s| s.to_string()).collect(),
            background: bg.into(),
            background_text: String::new(),
        };
        let pat = w.actor(w.participant).await;
        let maxa = w.actor(max).await;
        let mo = w.actor(m.mentor.person_id).await;
        assessments::set_equality(&w.ctx, &pat, give(&["tr"], "prefer_not_to_say"))
            .await
            .unwrap();
        assessments::set_equality(&w.ctx, &maxa, give(&["tr", "nl"], "dutch"))
            .await
            .unwrap();
        assessments::set_equality(&w.ctx, &mo, give(&["en"], "british"))
            .await
            .unwrap();
        // The audit holds ids only: not the languages or the background.
        let last = &w.ctx.store.list_audit(1).await.unwrap()[0];
        assert_eq!(last.action, "assessment.equality_data");
        assert!(last.detail.is_empty());
        for a in [&pat, &maxa, &mo] {
            rights::set_consent(&w.ctx, a, ConsentKind::Equality, true, Language::EnGb)
                .await
                .unwrap();
        }
        let run = matching::run(&w.ctx, &sc, m.intake.id).await.unwrap();
        assert!(
            !run.inputs.contains("\"tr\""),
            "only opaque tokens are kept"
        );
        let pair = &run.result.matches[0];
        let shared = pair
            .breakdown
            .iter()
            .find(|(c, _)| c == "shared_background")
            .map(|(_, v)| *v);
        assert_eq!(shared, Some(2000), "Pat and Max share Turkish (weight 2)");
        let fits = assessment::run_fits(&run).unwrap();
        assert_eq!(fits[0].shared_background, Some(true));
        // Pat withdraws consent: nothing of theirs counts.
        rights::set_consent(&w.ctx, &pat, ConsentKind::Equality, false, Language::EnGb)
            .await
            .unwrap();
        let run = matching::run(&w.ctx, &sc, m.intake.id).await.unwrap();
        let fits = assessment::run_fits(&run).unwrap();
        assert_eq!(fits[0].shared_background, Some(false));
        // Only the person edits their data; erasure removes it.
        assert!(w.ctx.store.equality_data(max).await.unwrap().is_some());
        assessments::clear_equality(&w.ctx, &maxa).await.unwrap();
        assert!(w.ctx.store.equality_data(max).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn an_instrument_is_created_and_deleted_only_while_it_holds_no_score() {
    on_worlds(|w| async move {
        let (m, _) = setting(&w).await;
        let p = m.programme.id;
        let sc = w.actor(w.scheme_coordinator).await;
        let spare = assessments::create_instrument(
            &w.ctx,
            &sc,
            p,
            InstrumentInput {
                name: "Spare".into(),
                score_min: 0,
                score_max: 10,
                dimensions: "Calm".into(),
            },
        )
        .await
        .unwrap();
        let csv = format!("email,instrument,dimension,score\n{PA},Insights,drive,4\n");
        assessments::import_now(&w.ctx, &sc, p, csv.as_bytes(), Format::Csv)
            .await
            .unwrap();
        let setup = assessments::setup(&w.ctx, &sc, p).await.unwrap();
        let insights = setup
            .instruments
            .iter()
            .find(|i| i.name == "Insights")
            .unwrap()
            .id
            .clone();
        assert!(setup.scored_instruments.contains(&insights));
        assert!(!setup.scored_instruments.contains(&spare.id));

        // With scores: refused on the instruments, nothing written.
        let n = audit_len(&w.ctx).await;
        match assessments::delete_instrument(&w.ctx, &sc, p, &insights).await {
            Err(AppError::Validation(v)) => {
                assert_eq!(v.errors[0].message, "instruments.error.has_scores")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(audit_len(&w.ctx).await, n);
        assert_eq!(w.ctx.store.instruments(p).await.unwrap().len(), 2);
        // Another person (a participant) may not; an unknown instrument is not found.
        let pat = w.actor(w.participant).await;
        assert!(
            assessments::delete_instrument(&w.ctx, &pat, p, &spare.id)
                .await
                .is_err()
        );
        assert!(matches!(
            assessments::delete_instrument(&w.ctx, &sc, p, "no-such-instrument").await,
            Err(AppError::NotFound)
        ));
        assert_eq!(audit_len(&w.ctx).await, n);

        // Without scores: deleted, audited in the same change.
        assessments::delete_instrument(&w.ctx, &sc, p, &spare.id)
            .await
            .unwrap();
        let names: Vec<String> = w
            .ctx
            .store
            .instruments(p)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.name)
            .collect();
        assert_eq!(names, vec!["Insights".to_string()]);
        let entry = &w.ctx.store.list_audit(1).await.unwrap()[0];
        assert_eq!(entry.action, "assessment.instrument_delete");
        assert_eq!(entry.subject, spare.id);
    })
    .await;
}

#[tokio::test]
async fn scores_go_months_after_the_persons_part_in_the_programme_ended() {
    on_worlds(|w| async move {
        let (m, _) = setting(&w).await;
        let p = m.programme.id;
        let sc = w.actor(w.scheme_coordinator).await;
        // Nia never applied; Pat's application is approved and waiting (still taking part).
        let nia = "nia@alpha.example.org";
        w.add_participant(w.org_a, "Nia", "Never", nia).await;
        let csv = format!(
            "email,instrument,dimension,score\n{PA},Insights,drive,4\n{nia},Insights,drive,2\n{nia},Insights,care,3\n"
        );
        assessments::import_now(&w.ctx, &sc, p, csv.as_bytes(), Format::Csv)
            .await
            .unwrap();
        let count = |runs: Vec<(tandem_domain::SchemeId, tandem_storage::RetentionCounts)>| {
            runs.into_iter()
                .find(|(s, _)| *s == w.scheme)
                .map(|(_, c)| c.assessment_scores)
                .unwrap()
        };
        // Eleven months on: within the default twelve, nothing goes.
        w.clock.advance(chrono::Duration::days(335));
        assert_eq!(count(rights::retention_run(&w.ctx, false).await.unwrap()), 0);
        // Thirteen months on: Nia's two scores go (the dry run first, writing nothing), Pat's
        // stay while the application is open.
        w.clock.advance(chrono::Duration::days(60));
        let n = audit_len(&w.ctx).await;
        assert_eq!(count(rights::retention_run(&w.ctx, false).await.unwrap()), 2);
        assert_eq!(audit_len(&w.ctx).await, n);
        assert_eq!(count(rights::retention_run(&w.ctx, true).await.unwrap()), 2);
        let left = w.ctx.store.programme_scores(p).await.unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].person_id, w.participant);
        let entry = &w.ctx.store.list_audit(1).await.unwrap()[0];
        assert_eq!(entry.action, "rights.retention_apply");
        assert!(entry.detail.contains("assessment_scores=2"), "{}", entry.detail);
        assert_eq!(count(rights::retention_run(&w.ctx, false).await.unwrap()), 0);
    })
    .await;
}

#[tokio::test]
async fn a_running_relationship_keeps_scores_until_months_after_it_ended() {
    on_worlds(|w| async move {
        let (m, r) = w.active_mentoring(ProgrammeRules::default()).await;
        let p = m.programme.id;
        let sc = w.actor(w.scheme_coordinator).await;
        assessments::create_instrument(
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
        let csv = format!("email,instrument,dimension,score\n{PA},Insights,drive,4\n");
        assessments::import_now(&w.ctx, &sc, p, csv.as_bytes(), Format::Csv)
            .await
            .unwrap();
        let count = |runs: Vec<(tandem_domain::SchemeId, tandem_storage::RetentionCounts)>| {
            runs.into_iter()
                .find(|(s, _)| *s == w.scheme)
                .map(|(_, c)| c.assessment_scores)
                .unwrap()
        };
        // Two years of a running relationship: kept.
        w.clock.advance(chrono::Duration::days(730));
        assert_eq!(count(rights::retention_run(&w.ctx, true).await.unwrap()), 0);
        // Closed as planned now (the application stays matched, not back in the pool): kept
        // for the period, then deleted.
        matching::move_to(&w.ctx, &sc, r.id, RelationshipStatus::Closed)
            .await
            .unwrap();
        w.clock.advance(chrono::Duration::days(300));
        assert_eq!(count(rights::retention_run(&w.ctx, true).await.unwrap()), 0);
        w.clock.advance(chrono::Duration::days(100));
        assert_eq!(count(rights::retention_run(&w.ctx, true).await.unwrap()), 1);
        assert!(w.ctx.store.programme_scores(p).await.unwrap().is_empty());
    })
    .await;
}
