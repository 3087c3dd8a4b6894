//! Assessment fit and shared background in matching runs: the engine inputs a run adds when its
//! programme switched assessment or equality-based matching on (see [`crate::assessments`]).
//!
//! [`gather`] reads, for an intake's pool, the programme's per-dimension rules and each
//! *consenting* person's scores and equality data into the run's snapshot (so a saved run is
//! solved again from its own inputs, as every run is). Equality data enters the snapshot only as
//! opaque hashes of "speaks Turkish" or "background: Dutch", never as words: the snapshot is
//! kept with the run, and only whether two people share something counts. [`bonus`] scores a
//! pair from the snapshot, [`fit`] explains it per dimension for the results page, and the pure
//! planner adds [`points`] to every arc's score (module `pairs`) whenever [`active`] says these
//! points are in play, alongside minimum loads and the 2-cycle ban rather than instead of them.

use super::inputs::{Candidate, RunInputs};
use crate::rights::ConsentKind;
use crate::{AppResult, Context};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use tandem_domain::assessment::{Background, DimensionMode, UseKind};
use tandem_domain::{Intake, PersonId, Programme};
use tandem_matching::candidates::FULL_POINTS;
use tandem_matching::fit::{DimensionRule, dimension_points, dimensions_max};

/// Breakdown code of the shared language or background criterion (the assessment points use
/// the engine's own `assessment` code).
pub const SHARED_BACKGROUND: &str = "shared_background";

pub use super::inputs::{AssessmentRules, RunDimension};

/// True when a run's pairs earn assessment or shared-background points.
pub fn active(inputs: &RunInputs) -> bool {
    inputs
        .assessment
        .as_ref()
        .is_some_and(|r| r.background_weight > 0 || r.dimensions.iter().any(|d| d.weight > 0))
}

/// Highest extra points one (directed) pair can earn.
pub fn max_points(rules: &AssessmentRules) -> i64 {
    let dims: Vec<DimensionRule> = rules.dimensions.iter().map(RunDimension::rule).collect();
    dimensions_max(&dims) + rules.background_weight * FULL_POINTS
}

/// The extra points of a pair, as `(assessment, shared_background)`.
pub fn bonus(rules: &AssessmentRules, a: &Candidate, b: &Candidate) -> (i64, i64) {
    let assessment = rules
        .dimensions
        .iter()
        .enumerate()
        .map(|(k, d)| {
            dimension_points(
                &d.rule(),
                a.assessment.get(k).copied().flatten(),
                b.assessment.get(k).copied().flatten(),
            )
        })
        .sum();
    let shares = a.background.iter().any(|h| b.background.contains(h));
    (
        assessment,
        if shares {
            rules.background_weight * FULL_POINTS
        } else {
            0
        },
    )
}

/// One dimension's part in a pair's fit: both scores (absent when not given or not consented)
/// and the points earned of the most possible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DimensionFit {
    pub instrument: String,
    pub label: String,
    pub mode: DimensionMode,
    pub first: Option<i64>,
    pub second: Option<i64>,
    pub points: i64,
    pub max: i64,
}

/// A pair's assessment fit per dimension, for the results page (weighted dimensions only).
pub fn fit(rules: &AssessmentRules, a: &Candidate, b: &Candidate) -> Vec<DimensionFit> {
    rules
        .dimensions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.weight > 0)
        .map(|(k, d)| {
            let first = a.assessment.get(k).copied().flatten();
            let second = b.assessment.get(k).copied().flatten();
            DimensionFit {
                instrument: d.instrument.clone(),
                label: d.label.clone(),
                mode: d.mode,
                first,
                second,
                points: dimension_points(&d.rule(), first, second),
                max: d.weight * FULL_POINTS,
            }
        })
        .collect()
}

/// An opaque token for one thing a person may share with another (a language, a background).
fn token(s: &str) -> u64 {
    let d = Sha256::digest(s.as_bytes());
    u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// Reads the programme's rules and the pool's consented scores and equality data into the run's
/// snapshot. `None` (and the candidates untouched) while both uses are off, so runs of other
/// programmes keep exactly the inputs, and digests, they had.
pub(crate) async fn gather(
    ctx: &Context,
    intake: &Intake,
    programme: &Programme,
    candidates: &mut [Candidate],
) -> AppResult<Option<AssessmentRules>> {
    let store = &ctx.store;
    let on = |u: Option<tandem_domain::assessment::MatchingUse>| u.filter(|u| u.enabled);
    let assessment = on(store
        .matching_use(programme.id, UseKind::Assessment)
        .await?);
    let equality = on(store.matching_use(programme.id, UseKind::Equality).await?);
    if assessment.is_none() && equality.is_none() {
        return Ok(None);
    }
    let mut rules = AssessmentRules::default();
    if assessment.is_some() {
        let weights: HashMap<(String, String), (i64, DimensionMode)> = store
            .assessment_weights(programme.id)
            .await?
            .into_iter()
            .filter(|w| w.weight > 0)
            .map(|w| ((w.instrument_id, w.dimension_code), (w.weight, w.mode)))
            .collect();
        for i in store.instruments(programme.id).await? {
            for d in &i.dimensions {
                if let Some(&(weight, mode)) = weights.get(&(i.id.clone(), d.code.clone())) {
                    rules.dimensions.push(RunDimension {
                        instrument_id: i.id.clone(),
                        instrument: i.name.clone(),
                        code: d.code.clone(),
                        label: d.label.clone(),
                        min: i.score_min,
                        max: i.score_max,
                        weight,
                        mode,
                    });
                }
            }
        }
        let consented = store
            .intake_consents(intake.id, ConsentKind::Assessment.code())
            .await?;
        let index: HashMap<(&str, &str), usize> = rules
            .dimensions
            .iter()
            .enumerate()
            .map(|(k, d)| ((d.instrument_id.as_str(), d.code.as_str()), k))
            .collect();
        let mut scores: BTreeMap<PersonId, Vec<Option<i64>>> = BTreeMap::new();
        for s in store.programme_scores(programme.id).await? {
            if consented.get(&s.person_id) != Some(&true) {
                continue;
            }
            if let Some(&k) = index.get(&(s.instrument_id.as_str(), s.dimension_code.as_str())) {
                scores
                    .entry(s.person_id)
                    .or_insert_with(|| vec![None; rules.dimensions.len()])[k] = Some(s.score);
            }
        }
        for c in candidates.iter_mut() {
            c.assessment = scores.get(&c.person_id).cloned().unwrap_or_default();
        }
    }
    if let Some(u) = equality {
        rules.background_weight = u.weight;
        let consented = store
            .intake_consents(intake.id, ConsentKind::Equality.code())
            .await?;
        let mut tokens: HashMap<PersonId, Vec<u64>> = HashMap::new();
        for d in store.intake_equality_data(intake.id).await? {
            if consented.get(&d.person_id) != Some(&true) {
                continue;
            }
            let mut t: Vec<u64> = d
                .languages
                .iter()
                .map(|l| token(&format!("language:{l}")))
                .collect();
            match &d.background {
                Background::Listed(code) => t.push(token(&format!("background:{code}"))),
                Background::SelfDescribed(s) => {
                    t.push(token(&format!("background:self:{}", s.to_lowercase())))
                }
                Background::PreferNotToSay => {}
            }
            t.sort_unstable();
            tokens.insert(d.person_id, t);
        }
        for c in candidates.iter_mut() {
            c.background = tokens.get(&c.person_id).cloned().unwrap_or_default();
        }
    }
    Ok(Some(rules))
}

/// [`max_points`] of the run's rules, 0 when none are in play.
pub fn extra_max(inputs: &RunInputs) -> i64 {
    match &inputs.assessment {
        Some(r) if active(inputs) => max_points(r),
        _ => 0,
    }
}

/// The extra points of a pair in a run (both directions for paired learning, as the profile
/// criteria count them): 0 unless [`active`]. Part of every arc's score (`pairs::score`).
pub(super) fn points(inputs: &RunInputs, a: &Candidate, b: &Candidate, reciprocal: bool) -> i64 {
    let Some(rules) = inputs.assessment.as_ref().filter(|_| active(inputs)) else {
        return 0;
    };
    let both = if reciprocal { 2 } else { 1 };
    let (x, y) = bonus(rules, a, b);
    both * (x + y)
}

/// Adds a pair's assessment and shared-background points to its breakdown and score (both
/// directions for reciprocal pairs, as the profile criteria are).
pub(super) fn annotate(
    inputs: &RunInputs,
    m: &mut tandem_domain::ProposedMatch,
    (a, b): (&Candidate, &Candidate),
    reciprocal: bool,
) {
    let Some(rules) = inputs.assessment.as_ref().filter(|_| active(inputs)) else {
        return;
    };
    let both = if reciprocal { 2 } else { 1 };
    let (x, y) = bonus(rules, a, b);
    let mut add = |code: &str, v: i64, shown: bool| {
        if !shown {
            return;
        }
        match m.breakdown.iter_mut().find(|(c, _)| c == code) {
            Some((_, points)) => *points += v,
            None => m.breakdown.push((code.to_owned(), v)),
        }
        m.score += v;
    };
    add(
        "assessment",
        both * x,
        rules.dimensions.iter().any(|d| d.weight > 0),
    );
    add(SHARED_BACKGROUND, both * y, rules.background_weight > 0);
}

/// One proposed pair's assessment fit, for the results page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PairFit {
    /// The pair's applications, as in the run's result.
    pub applications: Vec<tandem_domain::ApplicationId>,
    pub dimensions: Vec<DimensionFit>,
    /// Whether the two share a language or background (only when equality matching is on).
    pub shared_background: Option<bool>,
}

/// The assessment fit of every pair of a saved run, from the run's own snapshot (so it explains
/// exactly what the run scored). Empty for runs that used neither assessment nor equality data.
pub fn run_fits(run: &tandem_domain::MatchRun) -> crate::AppResult<Vec<PairFit>> {
    let inputs: RunInputs = serde_json::from_str(&run.inputs).map_err(crate::AppError::internal)?;
    let Some(rules) = inputs.assessment.as_ref().filter(|_| active(&inputs)) else {
        return Ok(Vec::new());
    };
    let by_app: HashMap<tandem_domain::ApplicationId, &Candidate> = inputs
        .candidates
        .iter()
        .map(|c| (c.application_id, c))
        .collect();
    Ok(run
        .result
        .matches
        .iter()
        .filter_map(|m| {
            let (a, b) = match m.applications.as_slice() {
                [a, b] => (by_app.get(a)?, by_app.get(b)?),
                _ => return None,
            };
            Some(PairFit {
                applications: m.applications.clone(),
                dimensions: fit(rules, a, b),
                shared_background: (rules.background_weight > 0)
                    .then(|| a.background.iter().any(|h| b.background.contains(h))),
            })
        })
        .collect())
}
