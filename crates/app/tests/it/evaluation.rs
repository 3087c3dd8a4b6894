//! Evaluation through the use cases on both backends: who may see which figures, figures equal to
//! `tandem_stats` on the same data, small numbers hidden and rounded below scheme level,
//! statistics withheld for few respondents (and where whole − slice would describe a few), an
//! organisation's slice that cannot be subtracted from the programme's table, and exports that
//! are audited while refusals write nothing.

use chrono::Duration;
use tandem_app::evaluation::{self, Cell, Report, ReportFilter, Shown};
use tandem_app::{AppError, Context};
use tandem_domain::survey::{
    InstrumentCode, Item, LocalText, ResponseId, StoredAnswer, Survey, SurveyId, SurveyRequestId,
    WaveKind, instrument, score,
};
use tandem_domain::{
    IntakeId, ProgrammeId, ProgrammeKind, ProgrammeRules, Role, RoleAssignment, Scope,
};
use tandem_people_io::Format;
use tandem_storage::{NewResponse, SurveyRequest};
use tandem_test_support::{World, fixtures, on_worlds};

struct Seed {
    programme: ProgrammeId,
    pilot: IntakeId,
    later: IntakeId,
}

/// GSES answers summing to `total` (10..=40): ones, then threes added from the first item on.
fn gses_answers(total: u32) -> Vec<StoredAnswer> {
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

fn before_after(i: u32) -> (u32, u32) {
    let before = 18 + (i * 7) % 11;
    let after = (before + (i * 5) % 7).min(40);
    (before, after)
}

/// A programme with two intakes and a GSES survey; `answers` respondents per (intake,
/// organisation) answer at baseline and end; `asked` requests per organisation at baseline.
async fn seed(w: &World, answers: [(u32, u32); 2], asked: [u32; 2]) -> Seed {
    let store = &w.ctx.store;
    let (programme, pilot) = w
        .programme_with_intake(
            (
                "Evaluated mentoring".into(),
                ProgrammeKind::Mentoring,
                ProgrammeRules::default(),
            ),
            "Pilot",
            [-120, -100, -90],
            [20, 20],
        )
        .await;
    let today = w.ctx.now().date_naive();
    let later = fixtures::intake(
        store,
        programme.id,
        "Cohort 2",
        [-60, -40, -30].map(|d| today + Duration::days(d)),
        &[(w.org_a, 20), (w.org_b, 20)],
    )
    .await;
    let now = w.ctx.now();
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
    store.create_survey(&survey).await.unwrap();
    let mut responses = Vec::new();
    let mut i = 0;
    for (intake, counts) in [(pilot.id, answers[0]), (later.id, answers[1])] {
        for (org, n) in [(w.org_a, counts.0), (w.org_b, counts.1)] {
            for _ in 0..n {
                i += 1;
                let (b, a) = before_after(i);
                for (wave, total) in [(WaveKind::Baseline, b), (WaveKind::End, a)] {
                    let answers = gses_answers(total);
                    responses.push(NewResponse {
                        id: ResponseId::new(),
                        survey_id: survey.id,
                        survey_version: 1,
                        programme_id: programme.id,
                        intake_id: intake,
                        organisation_id: Some(org),
                        wave,
                        role: "mentee".into(),
                        respondent: format!("respondent-{i}"),
                        pair_key: format!("respondent-{i}"),
                        submitted_month: "2026-09".into(),
                        research_consent: i.is_multiple_of(2),
                        share_free_text: false,
                        scores: score(&survey, &answers),
                        answers,
                    });
                }
            }
        }
    }
    store.insert_survey_responses(&responses).await.unwrap();
    let mut requests = Vec::new();
    for (org, n) in [(w.org_a, asked[0]), (w.org_b, asked[1])] {
        for k in 0..n {
            let person = w
                .add_person(
                    org,
                    "Asked",
                    &format!("Person{k}"),
                    &format!("asked{k}.{org}@example.org"),
                )
                .await;
            requests.push(SurveyRequest {
                id: SurveyRequestId::new(),
                survey_id: survey.id,
                wave: WaveKind::Baseline,
                person_id: person,
                relationship_id: None,
                session_key: String::new(),
                programme_id: programme.id,
                intake_id: pilot.id,
                organisation_id: Some(org),
                role: "mentee".into(),
                opens_at: now,
                closes_at: now + Duration::days(28),
                reminded_at: None,
                answered_at: None,
                declined_at: None,
                created_at: now,
            });
        }
    }
    store.open_survey_requests(&requests).await.unwrap();
    Seed {
        programme: programme.id,
        pilot: pilot.id,
        later: later.id,
    }
}

/// Whether a shown statistic equals the expected one up to summation order (1e-9).
fn same(shown: &Shown, expected: Option<f64>) -> bool {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + b.abs());
    match (shown, expected) {
        (Shown::Statistic(Some(a)) | Shown::P(Some(a)), Some(b)) => close(*a, b),
        (Shown::Statistic(None) | Shown::P(None), None) => true,
        _ => false,
    }
}

fn same_interval(shown: &Shown, low: Option<f64>, high: Option<f64>) -> bool {
    match (shown, low, high) {
        (Shown::Interval(Some((a, b))), Some(l), Some(h)) => {
            same(&Shown::Statistic(Some(*a)), Some(l)) && same(&Shown::Statistic(Some(*b)), Some(h))
        }
        _ => false,
    }
}

fn table<'r>(r: &'r Report, name: &str) -> &'r evaluation::Table {
    r.tables
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("table {name}"))
}

/// The figures of the GSES baseline → end row.
fn gses_end(r: &Report) -> &[Shown] {
    &table(r, "outcomes").rows[0].cells
}

/// The before/after scores the seed wrote for respondents `range` (1-based).
fn pairs(range: std::ops::RangeInclusive<u32>) -> (Vec<f64>, Vec<f64>) {
    range
        .map(before_after)
        .map(|(b, a)| (f64::from(b), f64::from(a)))
        .unzip()
}

async fn evaluator_of(w: &World, programme: ProgrammeId, email: &str) -> tandem_domain::Actor {
    let role = RoleAssignment {
        role: Role::Evaluator,
        scope: Scope::Programme(programme),
    };
    let p = w
        .add_role_holder(w.org_a, "Eva", "Luator", email, role)
        .await;
    w.actor(p).await
}

async fn audit_len(ctx: &Context) -> usize {
    ctx.store.list_audit(10_000).await.unwrap().len()
}

#[tokio::test]
async fn who_may_see_which_figures() {
    on_worlds(|w| async move {
        let s = seed(&w, [(12, 3), (0, 0)], [0, 0]).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let mine = evaluator_of(&w, s.programme, "eva@alpha.example.org").await;
        let (other_programme, _) = w
            .programme_with_intake(
                (
                    "Other".into(),
                    ProgrammeKind::Mentoring,
                    ProgrammeRules::default(),
                ),
                "Other intake",
                [-10, -5, 0],
                [1, 1],
            )
            .await;
        let theirs = evaluator_of(&w, other_programme.id, "ova@alpha.example.org").await;
        let coord_a = w.actor(w.coordinator_a).await;
        let participant = w.actor(w.participant).await;
        let whole = ReportFilter::default();

        assert!(
            evaluation::programme_report(&w.ctx, &sc, s.programme, whole)
                .await
                .is_ok()
        );
        let r = evaluation::programme_report(&w.ctx, &mine, s.programme, whole)
            .await
            .unwrap();
        assert_eq!(
            r.filter.organisation, None,
            "an evaluator sees the whole programme"
        );
        assert!(matches!(
            evaluation::programme_report(&w.ctx, &theirs, s.programme, whole).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            evaluation::programme_report(&w.ctx, &participant, s.programme, whole).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            evaluation::programmes(&w.ctx, &participant).await,
            Err(AppError::Forbidden)
        ));
        // An evaluator of one programme is offered that programme only.
        let offered = evaluation::programmes(&w.ctx, &theirs).await.unwrap();
        assert_eq!(
            offered.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![other_programme.id]
        );

        // Organisation A's coordinator: always A's slice, never B's.
        let r = evaluation::programme_report(&w.ctx, &coord_a, s.programme, whole)
            .await
            .unwrap();
        assert_eq!(r.filter.organisation, Some(w.org_a));
        assert_eq!(
            r.organisations.iter().map(|o| o.0).collect::<Vec<_>>(),
            vec![w.org_a]
        );
        let b_slice = ReportFilter {
            organisation: Some(w.org_b),
            ..whole
        };
        assert!(matches!(
            evaluation::programme_report(&w.ctx, &coord_a, s.programme, b_slice).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            evaluation::pooled(&w.ctx, &coord_a).await,
            Err(AppError::Forbidden)
        ));
        // An intake of another programme is not found.
        let foreign = ReportFilter {
            intake: Some(IntakeId::new()),
            ..whole
        };
        assert!(matches!(
            evaluation::programme_report(&w.ctx, &sc, s.programme, foreign).await,
            Err(AppError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn outcomes_equal_tandem_stats_and_hide_small_groups() {
    on_worlds(|w| async move {
        let s = seed(&w, [(12, 3), (0, 0)], [0, 0]).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let r = evaluation::programme_report(&w.ctx, &sc, s.programme, ReportFilter::default())
            .await
            .unwrap();
        let (before, after) = pairs(1..=15);
        let expected = tandem_stats::paired(&before, &after).unwrap();
        let cells = gses_end(&r);
        // 15 respondents, below scheme level: rounded to 15.
        assert_eq!(cells[0], Shown::Count(Cell::Rounded(15)));
        let mean_before = before.iter().sum::<f64>() / 15.0;
        assert!(same(&cells[1], Some(mean_before)), "{:?}", cells[1]);
        assert!(same(&cells[3], Some(expected.mean_diff)));
        assert!(same_interval(
            &cells[4],
            expected.ci95_low,
            expected.ci95_high
        ));
        assert!(same(&cells[5], expected.t));
        assert!(same(&cells[6], expected.p_t));
        assert!(same(&cells[7], expected.wilcoxon_statistic));
        assert!(same(&cells[8], expected.p_wilcoxon));
        assert!(same(&cells[9], expected.d_z));
        assert!(same_interval(
            &cells[10],
            expected.d_z_ci95_low,
            expected.d_z_ci95_high
        ));
        assert!(same(&cells[11], expected.hedges_g_av));
        assert!(same(&cells[12], expected.rank_biserial));
        assert!(expected.mean_diff > 0.0, "the seed improves");
        // Nobody answered at follow-up: the row has no statistics.
        let follow = &table(&r, "outcomes").rows[1].cells;
        assert_eq!(follow[0], Shown::Count(Cell::Zero));
        assert_eq!(follow[3], Shown::Statistic(None));
        // GSES answers ten items at Barr 2b at least: the evidence level shows it.
        assert!(r.evidence.is_some());

        // Organisation B: 3 respondents, "fewer than 8", no statistics.
        let coord_b = w.actor(w.coordinator_b).await;
        let rb =
            evaluation::programme_report(&w.ctx, &coord_b, s.programme, ReportFilter::default())
                .await
                .unwrap();
        let cells = gses_end(&rb);
        assert_eq!(cells[0], Shown::Count(Cell::FewerThan(8)));
        assert!(cells[1..].iter().all(|c| matches!(
            c,
            Shown::Statistic(None) | Shown::P(None) | Shown::Interval(None)
        )));
        assert!(
            table(&rb, "outcomes")
                .notes
                .contains(&"evaluation.note.statistics_withheld")
        );

        // Organisation A: 12 respondents, but the programme has 15, so A's statistics and the
        // programme's would give away the other 3's mean change: A's are withheld.
        let coord_a = w.actor(w.coordinator_a).await;
        let ra =
            evaluation::programme_report(&w.ctx, &coord_a, s.programme, ReportFilter::default())
                .await
                .unwrap();
        let cells = gses_end(&ra);
        assert_eq!(cells[0], Shown::Count(Cell::Rounded(10)));
        assert_eq!(
            cells[3],
            Shown::Statistic(None),
            "whole − slice would describe 3 people"
        );
    })
    .await;
}

#[tokio::test]
async fn slices_are_cut_from_the_programme_table_so_subtraction_reveals_nothing() {
    on_worlds(|w| async move {
        // Asked at baseline: 9 of A, 2 of B.
        let s = seed(&w, [(0, 0), (0, 0)], [9, 2]).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let whole = evaluation::programme_report(&w.ctx, &sc, s.programme, ReportFilter::default())
            .await
            .unwrap();
        let per_org = table(&whole, "response_rates_baseline");
        let asked: Vec<Shown> = per_org.rows.iter().map(|r| r.cells[0].clone()).collect();
        // B's 2 are hidden; A's 9 would then be total − B, so A is hidden too.
        assert!(asked.contains(&Shown::Count(Cell::FewerThan(8))));
        assert!(asked.contains(&Shown::Count(Cell::Secondary)));
        let total = &table(&whole, "response_rates").rows[0].cells[0];
        assert_eq!(*total, Shown::Count(Cell::Rounded(10)));

        // A's coordinator sees A's cell exactly as the programme table shows it: hidden.
        let coord_a = w.actor(w.coordinator_a).await;
        let ra =
            evaluation::programme_report(&w.ctx, &coord_a, s.programme, ReportFilter::default())
                .await
                .unwrap();
        let a_asked = &table(&ra, "response_rates").rows[0].cells[0];
        assert_eq!(*a_asked, Shown::Count(Cell::Secondary));
        assert!(
            ra.tables
                .iter()
                .all(|t| t.name != "response_rates_baseline"),
            "an organisation does not see the other organisations' rows"
        );
        // No percentage is computed from a hidden count.
        assert_eq!(
            table(&ra, "response_rates").rows[0].cells[2],
            Shown::Percent(None)
        );
    })
    .await;
}

#[tokio::test]
async fn cohort_against_cohort_uses_independent_statistics() {
    on_worlds(|w| async move {
        let s = seed(&w, [(7, 5), (6, 6)], [0, 0]).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let filter = ReportFilter {
            intake: Some(s.pilot),
            organisation: None,
            compare_intake: Some(s.later),
        };
        let r = evaluation::programme_report(&w.ctx, &sc, s.programme, filter)
            .await
            .unwrap();
        let (_, pilot_end) = pairs(1..=12);
        let (_, later_end) = pairs(13..=24);
        let expected = tandem_stats::independent(&pilot_end, &later_end).unwrap();
        let cells = &table(&r, "cohorts").rows[0].cells;
        assert_eq!(cells[0], Shown::Count(Cell::Rounded(10)));
        assert!(same(&cells[4], Some(expected.mean_diff)), "{:?}", cells[4]);
        assert!(same(&cells[6], expected.p_welch));
        assert!(same(&cells[7], expected.p_mann_whitney));
        assert!(same(&cells[8], expected.hedges_g));
        // Narrowed to one organisation, each cohort is under 10: withheld.
        let narrow = ReportFilter {
            organisation: Some(w.org_a),
            ..filter
        };
        let r = evaluation::programme_report(&w.ctx, &sc, s.programme, narrow)
            .await
            .unwrap();
        assert_eq!(
            table(&r, "cohorts").rows[0].cells[4],
            Shown::Statistic(None)
        );
    })
    .await;
}

#[tokio::test]
async fn pooled_counts_are_exact_at_scheme_level() {
    on_worlds(|w| async move {
        let s = seed(&w, [(9, 4), (0, 0)], [0, 0]).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let r = evaluation::pooled(&w.ctx, &sc).await.unwrap();
        assert_eq!(r.level, "scheme");
        assert_eq!(gses_end(&r)[0], Shown::Count(Cell::Exact(13)));
        let p = evaluation::programme_report(&w.ctx, &sc, s.programme, ReportFilter::default())
            .await
            .unwrap();
        assert_eq!(p.level, "below");
        assert_eq!(gses_end(&p)[0], Shown::Count(Cell::Rounded(15)));
        // An evaluator of one programme of two pools that one only, rounded.
        let _ = w
            .programme_with_intake(
                (
                    "Second".into(),
                    ProgrammeKind::Mentoring,
                    ProgrammeRules::default(),
                ),
                "Second intake",
                [-10, -5, 0],
                [1, 1],
            )
            .await;
        let eva = evaluator_of(&w, s.programme, "eva@alpha.example.org").await;
        let r = evaluation::pooled(&w.ctx, &eva).await.unwrap();
        assert_eq!(r.level, "below");
        assert_eq!(gses_end(&r)[0], Shown::Count(Cell::Rounded(15)));
    })
    .await;
}

#[tokio::test]
async fn table_exports_are_audited_and_refusals_write_nothing() {
    on_worlds(|w| async move {
        let s = seed(&w, [(12, 3), (0, 0)], [9, 2]).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let before = audit_len(&w.ctx).await;
        let csv = evaluation::table_export(
            &w.ctx,
            &sc,
            s.programme,
            ReportFilter::default(),
            "response_rates_baseline",
            Format::Csv,
            tandem_domain::Language::EnGb,
        )
        .await
        .unwrap();
        let text = String::from_utf8(csv.bytes).unwrap();
        assert!(text.contains("Response rates by organisation"), "{text}");
        assert!(text.contains("fewer than 8"), "{text}");
        assert!(
            !text.contains("\"9\""),
            "A's hidden 9 is not in the file: {text}"
        );
        assert_eq!(csv.content_type, Format::Csv.content_type());
        assert_eq!(audit_len(&w.ctx).await, before + 1);
        let entry = &w.ctx.store.list_audit(1).await.unwrap()[0];
        assert_eq!(entry.action, "evaluation.export_table");
        assert_eq!(entry.actor, Some(w.scheme_coordinator));

        let nl = evaluation::table_export(
            &w.ctx,
            &sc,
            s.programme,
            ReportFilter::default(),
            "outcomes",
            Format::Xlsx,
            tandem_domain::Language::NlNl,
        )
        .await
        .unwrap();
        assert!(nl.bytes.starts_with(b"PK"), "an XLSX is a zip");

        let participant = w.actor(w.participant).await;
        let refused = evaluation::table_export(
            &w.ctx,
            &participant,
            s.programme,
            ReportFilter::default(),
            "outcomes",
            Format::Csv,
            tandem_domain::Language::EnGb,
        )
        .await;
        assert!(matches!(refused, Err(AppError::NotFound)));
        let unknown = evaluation::table_export(
            &w.ctx,
            &sc,
            s.programme,
            ReportFilter::default(),
            "no_such_table",
            Format::Csv,
            tandem_domain::Language::EnGb,
        )
        .await;
        assert!(matches!(unknown, Err(AppError::NotFound)));
        assert_eq!(
            audit_len(&w.ctx).await,
            before + 2,
            "refusals write nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn reports_read_in_both_languages() {
    on_worlds(|w| async move {
        let s = seed(&w, [(12, 3), (0, 0)], [0, 0]).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let r = evaluation::programme_report(&w.ctx, &sc, s.programme, ReportFilter::default())
            .await
            .unwrap();
        let en = r.localise(tandem_domain::Language::EnGb);
        let nl = r.localise(tandem_domain::Language::NlNl);
        assert!(en.rule.contains("rounded to the nearest 5"), "{}", en.rule);
        assert!(nl.rule.contains("afgerond"), "{}", nl.rule);
        let out_en = en.tables.iter().find(|t| t.name == "outcomes").unwrap();
        let out_nl = nl.tables.iter().find(|t| t.name == "outcomes").unwrap();
        // Two decimals; a Dutch decimal comma.
        assert!(
            out_en.rows[0].cells[3].contains('.'),
            "{:?}",
            out_en.rows[0]
        );
        assert!(
            out_nl.rows[0].cells[3].contains(','),
            "{:?}",
            out_nl.rows[0]
        );
        assert!(
            en.evidence.starts_with("Evidence up to Barr level"),
            "{}",
            en.evidence
        );
    })
    .await;
}

fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let name = z.name_for_index(i).unwrap().unwrap().to_string();
        let mut f = z.by_index(i).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        out.insert(name, text);
    }
    out
}

#[tokio::test]
async fn the_research_export_is_anonymous_consented_and_unlinkable() {
    on_worlds(|w| async move {
        // 15 respondents of the pilot (12 of A, 3 of B); every second one consented.
        let s = seed(&w, [(12, 3), (0, 0)], [0, 0]).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let before = audit_len(&w.ctx).await;
        let first = evaluation::research_export(&w.ctx, &sc, s.programme)
            .await
            .unwrap();
        assert_eq!(first.content_type, "application/zip");
        let files = unzip(&first.bytes);
        assert_eq!(
            files.keys().map(String::as_str).collect::<Vec<_>>(),
            ["answers.csv", "codebook.csv", "codebook.md", "scores.csv"]
        );
        let scores = &files["scores.csv"];
        // Respondents 2, 4, …, 14 consented: 7 people × 2 waves.
        assert_eq!(scores.lines().count(), 1 + 14, "{scores}");
        for text in files.values() {
            assert!(!text.contains("respondent-"), "no respondent key leaves");
            for p in [w.participant, w.coordinator_a, w.staff_a[0]] {
                assert!(!text.contains(&p.to_string()), "no person id");
            }
            assert!(!text.contains("2026-09-"), "months only");
        }
        // 6 consenting respondents of A and 1 of B: both fewer than 8, so both are "other".
        assert!(
            !scores.contains("Alpha") && !scores.contains("Beta"),
            "{scores}"
        );
        assert!(scores.contains("\"other\""));
        let codebook = &files["codebook.csv"];
        assert!(codebook.contains("gses"));
        assert!(files["codebook.md"].contains("research_consent"));
        assert!(files["codebook.md"].contains("Threshold 8"));

        // Two exports: the same rows, numbered independently.
        let numbering =
            |files: &std::collections::BTreeMap<String, String>| -> Vec<(String, String)> {
                files["scores.csv"]
                    .lines()
                    .skip(1)
                    .map(|l| {
                        let cells: Vec<&str> = l.split(',').collect();
                        (cells[7].to_owned() + cells[3], cells[0].to_owned())
                    })
                    .collect()
            };
        let mut differ = false;
        for _ in 0..5 {
            let again = evaluation::research_export(&w.ctx, &sc, s.programme)
                .await
                .unwrap();
            let (mut a, mut b) = (numbering(&files), numbering(&unzip(&again.bytes)));
            a.sort();
            b.sort();
            let (va, vb): (Vec<_>, Vec<_>) = (
                a.iter().map(|x| x.0.clone()).collect(),
                b.iter().map(|x| x.0.clone()).collect(),
            );
            assert_eq!(va, vb, "the same scores are exported");
            if a != b {
                differ = true;
                break;
            }
        }
        assert!(
            differ,
            "participant numbers are drawn afresh for each export"
        );
        let audit = w.ctx.store.list_audit(1).await.unwrap();
        assert_eq!(audit[0].action, "evaluation.research_export");
        assert!(audit_len(&w.ctx).await > before);

        // An organisation coordinator may not take the research export; nothing is written.
        let n = audit_len(&w.ctx).await;
        let coord_a = w.actor(w.coordinator_a).await;
        assert!(matches!(
            evaluation::research_export(&w.ctx, &coord_a, s.programme).await,
            Err(AppError::NotFound)
        ));
        assert_eq!(audit_len(&w.ctx).await, n);
    })
    .await;
}

/// Sets the scheme's suppression rule (a weaker one with a recorded reason).
async fn set_rule(w: &World, threshold: u32, rounding: u32, min: u32) {
    let store = &w.ctx.store;
    let mut s = store.scheme_settings(w.scheme).await.unwrap();
    s.small_number_threshold = threshold;
    s.suppression_rounding = rounding;
    s.suppression_min_statistics = min;
    s.suppression_reason = "Small pilot, agreed with the data-protection officer".into();
    store.update_scheme_settings(w.scheme, &s).await.unwrap();
}

/// A mentoring programme capped at 3 sessions of 60 minutes; per organisation of the mentee,
/// active relationships that held the listed numbers of sessions (of `minutes` each).
async fn seed_sessions(w: &World, held: [&[u32]; 2], minutes: u32) -> ProgrammeId {
    use tandem_domain::{AgreementTerms, ApplicationRole, Mode, RelationshipKind, SessionLog};
    let rules = ProgrammeRules {
        session_cap: Some(3),
        session_minutes: Some(60),
        modes: vec![Mode::Video],
        ..ProgrammeRules::default()
    };
    let (programme, intake) = w
        .programme_with_intake(
            ("Capped mentoring".into(), ProgrammeKind::Mentoring, rules),
            "Capped",
            [-10, 10, 20],
            [20, 20],
        )
        .await;
    let (store, now) = (&w.ctx.store, w.ctx.now());
    let terms = AgreementTerms {
        goals: "Grow".into(),
        frequency: "Monthly".into(),
        channel: Some(Mode::Video),
        cancellation_notice_hours: 24,
        ..Default::default()
    };
    let mut k = 0;
    for (org, sessions) in [(w.org_a, held[0]), (w.org_b, held[1])] {
        for &n in sessions {
            k += 1;
            let mentee = w
                .add_person(
                    org,
                    "Mentee",
                    &format!("N{k}"),
                    &format!("mentee{k}@example.org"),
                )
                .await;
            let mentor = w
                .add_person(
                    w.org_b,
                    "Mentor",
                    &format!("N{k}"),
                    &format!("mentor{k}@example.org"),
                )
                .await;
            let a = w
                .approved_application(
                    intake.id,
                    mentee,
                    org,
                    ApplicationRole::Mentee,
                    Default::default(),
                )
                .await;
            let b = w
                .approved_application(
                    intake.id,
                    mentor,
                    w.org_b,
                    ApplicationRole::Mentor,
                    Default::default(),
                )
                .await;
            let rel = w
                .publish(intake.id, RelationshipKind::Mentoring, &[&a, &b], None)
                .await;
            fixtures::accept_and_sign(store, rel.id, &[mentee, mentor], &terms, now).await;
            for d in 0..n {
                store
                    .log_session(
                        &SessionLog {
                            id: tandem_domain::SessionId::new(),
                            relationship_id: rel.id,
                            held_on: now.date_naive() - Duration::days(i64::from(d) + 1),
                            minutes,
                            mode: Mode::Video,
                            logged_by: Some(mentee),
                            logged_at: now,
                            topics: String::new(),
                            action_points: String::new(),
                        },
                        tandem_storage::SessionCaps {
                            sessions: Some(3),
                            minutes: Some(180),
                        },
                    )
                    .await
                    .unwrap();
            }
        }
    }
    programme.id
}

#[tokio::test]
async fn sessions_are_counted_against_the_caps_and_hidden_when_few() {
    on_worlds(|w| async move {
        set_rule(&w, 3, 1, 3).await;
        // A: 5 relationships holding 3, 3, 3, 1 and 0 sessions; B: 3 holding 1 each.
        let p = seed_sessions(&w, [&[3, 3, 3, 1, 0], &[1, 1, 1]], 45).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let r = evaluation::programme_report(&w.ctx, &sc, p, ReportFilter::default())
            .await
            .unwrap();
        let t = table(&r, "sessions");
        assert_eq!(t.rows.len(), 3, "A, B and the total");
        let a = &t.rows[0].cells;
        assert_eq!(a[0], Shown::Count(Cell::Rounded(5)));
        assert_eq!(a[1], Shown::Count(Cell::Rounded(10)));
        assert_eq!(a[2], Shown::Count(Cell::Exact(3)), "the session cap");
        assert_eq!(a[3], Shown::Count(Cell::Exact(180)), "the minutes cap");
        assert_eq!(
            a[4],
            Shown::Count(Cell::Rounded(3)),
            "three reached 3 sessions"
        );
        assert_eq!(a[5], Shown::Percent(Some(60.0)));
        assert!(same(&a[6], Some(2.0)));
        let total = &t.rows[2].cells;
        assert_eq!(total[0], Shown::Count(Cell::Rounded(8)));
        assert_eq!(total[1], Shown::Count(Cell::Rounded(13)));
        assert!(same(&total[6], Some(13.0 / 8.0)));

        // A's coordinator sees A's row only, cut from the same breakdown.
        let coord_a = w.actor(w.coordinator_a).await;
        let ra = evaluation::programme_report(&w.ctx, &coord_a, p, ReportFilter::default())
            .await
            .unwrap();
        let ta = table(&ra, "sessions");
        assert_eq!(ta.rows.len(), 1);
        assert_eq!(ta.rows[0].cells, *a);

        // The pooled view has the programme's row with its caps.
        let pooled = evaluation::pooled(&w.ctx, &sc).await.unwrap();
        let row = table(&pooled, "sessions")
            .rows
            .iter()
            .find(|r| r.label == evaluation::Label::Text("Capped mentoring".into()))
            .expect("the programme's row");
        assert_eq!(row.cells[0], Shown::Count(Cell::Exact(8)));
        assert_eq!(row.cells[4], Shown::Count(Cell::Exact(3)));

        // With the usual rule each organisation's figures describe fewer than 8: hidden, and no
        // mean for fewer than 10 relationships (the total's 8 is shown, rounded).
        set_rule(&w, 8, 5, 10).await;
        let r = evaluation::programme_report(&w.ctx, &sc, p, ReportFilter::default())
            .await
            .unwrap();
        let t = table(&r, "sessions");
        for row in &t.rows[..2] {
            assert!(matches!(row.cells[0], Shown::Count(c) if c.is_hidden()));
            assert!(matches!(row.cells[1], Shown::Count(c) if c.is_hidden()));
        }
        assert_eq!(t.rows[2].cells[0], Shown::Count(Cell::Rounded(10)));
        assert!(t.rows.iter().all(|r| r.cells[6] == Shown::Statistic(None)));
        assert!(t.notes.contains(&"evaluation.note.sessions_mean_withheld"));
    })
    .await;
}

#[tokio::test]
async fn the_minutes_cap_counts_as_reached_and_means_need_enough_outside_the_slice() {
    on_worlds(|w| async move {
        set_rule(&w, 3, 1, 3).await;
        // Two sessions of 90 minutes use the 180-minute cap; B has only 2 relationships.
        let p = seed_sessions(&w, [&[2, 2, 2, 0], &[1, 1]], 90).await;
        let coord_a = w.actor(w.coordinator_a).await;
        let ra = evaluation::programme_report(&w.ctx, &coord_a, p, ReportFilter::default())
            .await
            .unwrap();
        let a = &table(&ra, "sessions").rows[0].cells;
        // B's 2 are hidden, so A's 4 is hidden too (total − B would show it).
        assert_eq!(a[0], Shown::Count(Cell::Secondary));
        assert_eq!(a[6], Shown::Statistic(None));
        let sc = w.actor(w.scheme_coordinator).await;
        let r = evaluation::programme_report(&w.ctx, &sc, p, ReportFilter::default())
            .await
            .unwrap();
        let total = table(&r, "sessions").rows.last().unwrap().cells.clone();
        assert_eq!(total[0], Shown::Count(Cell::Rounded(6)));
        assert_eq!(
            total[4],
            Shown::Count(Cell::Rounded(3)),
            "three used 180 minutes"
        );
        assert!(same(&total[6], Some(8.0 / 6.0)));
    })
    .await;
}

/// An action learning set programme: one set of three members of A and three of B, with two
/// three meetings whose attendance was recorded (everyone twice, then all but one of A) and one
/// planned.
async fn seed_set(w: &World) -> ProgrammeId {
    use tandem_domain::sets::{Attendance, SetMeeting};
    use tandem_domain::{ApplicationRole, RelationshipKind};
    let (programme, intake) = w
        .programme_with_intake(
            (
                "Sets".into(),
                ProgrammeKind::ActionLearningSets,
                ProgrammeRules::default(),
            ),
            "Set intake",
            [-30, -10, -5],
            [10, 10],
        )
        .await;
    let (store, now) = (&w.ctx.store, w.ctx.now());
    let mut apps = Vec::new();
    let mut people = Vec::new();
    for (k, org) in [w.org_a, w.org_a, w.org_a, w.org_b, w.org_b, w.org_b]
        .into_iter()
        .enumerate()
    {
        let p = w
            .add_person(org, "Set", &format!("M{k}"), &format!("set{k}@example.org"))
            .await;
        people.push(p);
        apps.push(
            w.approved_application(
                intake.id,
                p,
                org,
                ApplicationRole::SetMember,
                Default::default(),
            )
            .await,
        );
    }
    let set = w
        .publish(
            intake.id,
            RelationshipKind::Set,
            &apps.iter().collect::<Vec<_>>(),
            None,
        )
        .await;
    let today = now.date_naive();
    for (d, absent) in [(21, None), (14, None), (7, Some(people[0])), (-7, None)] {
        let m = SetMeeting {
            id: uuid::Uuid::new_v4(),
            relationship_id: set.id,
            starts_on: today - Duration::days(d),
            starts_time: chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            link: String::new(),
            facilitator: None,
            timekeeper: None,
            rota_agreed: false,
            attendance_recorded: false,
            created_by: None,
            created_at: now,
            sequence: 0,
        };
        store.create_set_meeting(&m).await.unwrap();
        if d > 0 {
            let attendance: Vec<Attendance> = people
                .iter()
                .map(|p| Attendance {
                    person_id: *p,
                    present: Some(*p) != absent,
                })
                .collect();
            store
                .record_set_attendance(m.id, &attendance)
                .await
                .unwrap();
        }
    }
    programme.id
}

#[tokio::test]
async fn set_attendance_is_present_over_expected_and_hidden_when_few() {
    on_worlds(|w| async move {
        set_rule(&w, 3, 1, 3).await;
        let p = seed_set(&w).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let r = evaluation::programme_report(&w.ctx, &sc, p, ReportFilter::default())
            .await
            .unwrap();
        let t = table(&r, "set_attendance");
        assert_eq!(t.rows.len(), 3, "A, B and the total");
        let a = &t.rows[0].cells;
        assert_eq!(
            a[0],
            Shown::Count(Cell::Rounded(3)),
            "three meetings, not the planned one"
        );
        assert_eq!(a[1], Shown::Count(Cell::Rounded(9)));
        assert_eq!(a[2], Shown::Count(Cell::Rounded(8)));
        assert_eq!(
            a[3],
            Shown::Count(Cell::FewerThan(3)),
            "one absence is hidden"
        );
        assert!(matches!(a[4], Shown::Percent(Some(v)) if (v - 800.0 / 9.0).abs() < 1e-9));
        let total = &t.rows[2].cells;
        assert_eq!(
            total[0],
            Shown::Count(Cell::Rounded(3)),
            "meetings held, not A + B"
        );
        assert_eq!(total[1], Shown::Count(Cell::Rounded(18)));
        assert_eq!(total[2], Shown::Count(Cell::Rounded(17)));
        assert!(t.notes.contains(&"evaluation.note.suppressed"));

        let coord_a = w.actor(w.coordinator_a).await;
        let ra = evaluation::programme_report(&w.ctx, &coord_a, p, ReportFilter::default())
            .await
            .unwrap();
        let ta = table(&ra, "set_attendance");
        assert_eq!(ta.rows.len(), 1);
        assert_eq!(ta.rows[0].cells, *a);

        let pooled = evaluation::pooled(&w.ctx, &sc).await.unwrap();
        let row = &table(&pooled, "set_attendance").rows[0];
        assert_eq!(row.label, evaluation::Label::Text("Sets".into()));
        assert_eq!(row.cells[0], Shown::Count(Cell::Exact(3)));
        assert_eq!(row.cells[1], Shown::Count(Cell::Exact(18)));

        set_rule(&w, 8, 5, 10).await;
        let r = evaluation::programme_report(&w.ctx, &sc, p, ReportFilter::default())
            .await
            .unwrap();
        let a = &table(&r, "set_attendance").rows[0].cells;
        // Under the usual rule: 9 expected rounds to 10; 3 meetings and 1 absence are hidden.
        assert_eq!(a[0], Shown::Count(Cell::FewerThan(8)));
        assert_eq!(a[1], Shown::Count(Cell::Rounded(10)));
        assert_eq!(a[3], Shown::Count(Cell::FewerThan(8)));
    })
    .await;
}

#[tokio::test]
async fn goals_are_counted_by_status_per_organisation() {
    use tandem_domain::ApplicationRole;
    use tandem_domain::growth::{Goal, GoalId, GoalStatus};
    on_worlds(|w| async move {
        set_rule(&w, 3, 1, 3).await;
        let p = seed_sessions(&w, [&[0; 5], &[0; 3]], 60).await;
        let (store, now) = (&w.ctx.store, w.ctx.now());
        let intake = store.list_intakes(p).await.unwrap()[0].id;
        // Each mentee of A: one goal achieved, one under way; each mentee of B: one achieved.
        for r in store.relationships_of_intake(intake).await.unwrap() {
            let mentee = r
                .members
                .iter()
                .find(|m| m.role == ApplicationRole::Mentee)
                .unwrap();
            let of_a = store
                .get_application(mentee.application_id)
                .await
                .unwrap()
                .organisation_id
                == w.org_a;
            let statuses: &[GoalStatus] = if of_a {
                &[GoalStatus::Achieved, GoalStatus::UnderWay]
            } else {
                &[GoalStatus::Achieved]
            };
            for &status in statuses {
                store
                    .create_goal(&Goal {
                        id: GoalId::new(),
                        relationship_id: r.id,
                        person_id: mentee.person_id,
                        title: "Lead a handover".into(),
                        dimensions: Vec::new(),
                        status,
                        progress_note: String::new(),
                        created_at: now,
                        updated_at: now,
                        appraisal: None,
                    })
                    .await
                    .unwrap();
            }
        }
        let sc = w.actor(w.scheme_coordinator).await;
        let r = evaluation::programme_report(&w.ctx, &sc, p, ReportFilter::default())
            .await
            .unwrap();
        let t = table(&r, "goals");
        assert_eq!(t.rows.len(), 3);
        let a = &t.rows[0].cells;
        assert_eq!(a[0], Shown::Count(Cell::Zero));
        assert_eq!(a[1], Shown::Count(Cell::Rounded(5)));
        assert_eq!(a[2], Shown::Count(Cell::Rounded(5)));
        assert_eq!(a[3], Shown::Count(Cell::Rounded(10)));
        assert_eq!(a[4], Shown::Percent(Some(50.0)));
        let total = &t.rows[2].cells;
        assert_eq!(total[2], Shown::Count(Cell::Rounded(8)));
        assert_eq!(total[3], Shown::Count(Cell::Rounded(13)));

        let coord_a = w.actor(w.coordinator_a).await;
        let ra = evaluation::programme_report(&w.ctx, &coord_a, p, ReportFilter::default())
            .await
            .unwrap();
        let ta = table(&ra, "goals");
        assert_eq!(ta.rows.len(), 1);
        assert_eq!(ta.rows[0].cells, *a);

        // Under the usual rule A's 5 under way and B's 3 achieved are fewer than 8.
        set_rule(&w, 8, 5, 10).await;
        let r = evaluation::programme_report(&w.ctx, &sc, p, ReportFilter::default())
            .await
            .unwrap();
        let t = table(&r, "goals");
        assert_eq!(t.rows[0].cells[1], Shown::Count(Cell::FewerThan(8)));
        assert_eq!(t.rows[1].cells[2], Shown::Count(Cell::FewerThan(8)));
        assert!(t.notes.contains(&"evaluation.note.suppressed"));
    })
    .await;
}

#[tokio::test]
async fn pairs_project_measures_are_counted_and_give_evidence_of_barr_4a() {
    use tandem_domain::pairs::{Measure, Project};
    use tandem_domain::survey::Barr;
    use tandem_domain::{ApplicationRole, RelationshipKind};
    on_worlds(|w| async move {
        set_rule(&w, 3, 1, 3).await;
        let (programme, intake) = w
            .programme_with_intake(
                (
                    "Paired learning".into(),
                    ProgrammeKind::PairedLearning,
                    ProgrammeRules::default(),
                ),
                "Pairs",
                [-10, 10, 20],
                [20, 20],
            )
            .await;
        let (store, now) = (&w.ctx.store, w.ctx.now());
        // Four pairs whose clinicians come from A: each project has a waiting-time measure
        // (12 days → 7 days) whose latest value is 6 (reached), 9 (closer), 14 (not closer)
        // and not yet recorded.
        for (k, latest) in ["6 days", "9 days", "14 days", ""].into_iter().enumerate() {
            let clinician = w
                .add_person(
                    w.org_a,
                    "Clin",
                    &format!("P{k}"),
                    &format!("clin{k}@example.org"),
                )
                .await;
            let manager = w
                .add_person(
                    w.org_b,
                    "Man",
                    &format!("P{k}"),
                    &format!("man{k}@example.org"),
                )
                .await;
            let a = w
                .approved_application(
                    intake.id,
                    clinician,
                    w.org_a,
                    ApplicationRole::PairClinician,
                    Default::default(),
                )
                .await;
            let b = w
                .approved_application(
                    intake.id,
                    manager,
                    w.org_b,
                    ApplicationRole::PairManager,
                    Default::default(),
                )
                .await;
            let rel = w
                .publish(intake.id, RelationshipKind::Pair, &[&a, &b], None)
                .await;
            let project = Project {
                relationship_id: rel.id,
                title: "Faster discharge letters".into(),
                aim: "Letters out sooner".into(),
                presentation_on: None,
                presented: false,
                milestones: Vec::new(),
                measures: Vec::new(),
            };
            store.save_project(&project, now).await.unwrap();
            let m = Measure {
                id: uuid::Uuid::new_v4(),
                name: "Days to discharge letter".into(),
                baseline: "12 days".into(),
                target: "7 days".into(),
                latest: latest.into(),
            };
            store.add_measure(rel.id, &m).await.unwrap();
        }
        let sc = w.actor(w.scheme_coordinator).await;
        let r = evaluation::programme_report(&w.ctx, &sc, programme.id, ReportFilter::default())
            .await
            .unwrap();
        let t = table(&r, "projects");
        // One row (organisation A) and the total: projects, with a measure, measures, with a
        // latest value, closer (reached included), reached, share closer of those measured.
        assert_eq!(t.rows.len(), 2);
        let a = &t.rows[0].cells;
        let counts: Vec<Shown> = [4, 4, 4, 3]
            .into_iter()
            .map(|n| Shown::Count(Cell::Rounded(n)))
            .collect();
        assert_eq!(a[..4], counts[..]);
        // 2 closer and 1 reached are below the threshold of 3, and so is the share.
        assert_eq!(a[4], Shown::Count(Cell::FewerThan(3)));
        assert_eq!(a[5], Shown::Count(Cell::FewerThan(3)));
        assert_eq!(a[6], Shown::Percent(None));
        // Three projects with a latest value reach the minimum of 3: evidence of Barr 4a.
        assert_eq!(r.evidence, Some(Barr::L4a));

        // Under the usual rule every count here is fewer than 8, and 3 measured projects are
        // too few to claim the level.
        set_rule(&w, 8, 5, 10).await;
        let r = evaluation::programme_report(&w.ctx, &sc, programme.id, ReportFilter::default())
            .await
            .unwrap();
        let t = table(&r, "projects");
        assert_eq!(t.rows[0].cells[0], Shown::Count(Cell::FewerThan(8)));
        assert_ne!(r.evidence, Some(Barr::L4a));
    })
    .await;
}
