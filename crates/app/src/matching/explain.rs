//! Explanations a coordinator reads: for each proposed pair, every criterion with its points and
//! its share of that criterion's best, the pair's share of the best possible total, both
//! people's profession, level and organisation, and every hard rule in force with its verdict.
//!
//! Worked out from the run's stored inputs and parameters (pure, no I/O), not stored with the
//! result: the saved result stays what the engine produced (so a saved run still reproduces),
//! and runs saved before explanations existed are explained the same way. The criteria come from
//! the engine's own breakdown ([`candidates::explain`]), so a criterion the engine gains is
//! listed without a change here.

use super::plan::{self, Candidate, Interner, RunInputs, RunParameters};
use super::reasons::{self, PairFacts, Rule};
use crate::{AppError, AppResult};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tandem_domain::{
    ApplicationId, MatchRun, OrganisationId, PinKind, ProgrammeKind, ProposedMatch,
};
use tandem_matching::candidates::{self, Criterion, FULL_POINTS};

/// One criterion of one pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CriterionLine {
    /// The engine's criterion code (`matching.criterion.<code>` names it).
    pub code: String,
    pub points: i64,
    /// The most this criterion can give a pair (weight × 1000, both directions for pairs of
    /// equals).
    pub max: i64,
    /// `points` as a whole percentage of `max`.
    pub percent: u32,
}

/// The facts matching read about one member of a pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberFacts {
    pub application_id: ApplicationId,
    /// As matching compared it (lower case; empty when unknown).
    pub profession: String,
    /// Seniority on the shared 1–8 scale (0 when the grade is unknown).
    pub level: u8,
    pub organisation_id: OrganisationId,
}

/// One hard rule and whether the pair passes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleLine {
    pub code: String,
    pub passed: bool,
}

/// A proposed pair, explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PairExplanation {
    pub applications: Vec<ApplicationId>,
    pub criteria: Vec<CriterionLine>,
    pub score: i64,
    pub max: i64,
    pub percent: u32,
    pub members: Vec<MemberFacts>,
    pub rules: Vec<RuleLine>,
}

fn percent(points: i64, max: i64) -> u32 {
    if max <= 0 {
        0
    } else {
        ((points * 100) / max).clamp(0, 100) as u32
    }
}

fn facts(c: &Candidate) -> MemberFacts {
    MemberFacts {
        application_id: c.application_id,
        profession: c.profession.clone(),
        level: c.level,
        organisation_id: c.organisation_id,
    }
}

/// Explains every proposed pair of `run` (none for sets, which are judged by their spread).
pub fn explain_run(run: &MatchRun) -> AppResult<Vec<PairExplanation>> {
    let inputs: RunInputs = serde_json::from_str(&run.inputs).map_err(AppError::internal)?;
    let params: RunParameters =
        serde_json::from_str(&run.parameters).map_err(AppError::internal)?;
    Ok(explain_pairs(&inputs, &params, &run.result.matches))
}

/// [`explain_run`] on parsed inputs.
pub fn explain_pairs(
    inputs: &RunInputs,
    params: &RunParameters,
    matches: &[ProposedMatch],
) -> Vec<PairExplanation> {
    if inputs.kind == ProgrammeKind::ActionLearningSets {
        return vec![];
    }
    let reciprocal = inputs.kind == ProgrammeKind::PairedLearning;
    let criteria = plan::engine_criteria(&params.criteria);
    let by_id: HashMap<ApplicationId, &Candidate> = inputs
        .candidates
        .iter()
        .map(|c| (c.application_id, c))
        .collect();
    // Interned in the run's own order, so ids match what the engine saw.
    let mut interner = Interner::new();
    let profiles: HashMap<ApplicationId, _> = inputs
        .candidates
        .iter()
        .map(|c| (c.application_id, interner.profile(c)))
        .collect();
    let pins = plan::latest_pin_per_pair(&params.pins);
    let forbidden: BTreeSet<(ApplicationId, ApplicationId)> = pins
        .iter()
        .filter(|p| p.kind == PinKind::Forbid)
        .flat_map(|p| [(p.first, p.second), (p.second, p.first)])
        .collect();
    let taken: BTreeSet<_> = matches
        .iter()
        .filter_map(|m| match m.applications.as_slice() {
            [a, b] => Some((by_id.get(a)?.person_id, by_id.get(b)?.person_id)),
            _ => None,
        })
        .collect();
    let (_, right_role) = plan::sides(reciprocal);
    let dual_roles = {
        let mut roles: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
        for c in &inputs.candidates {
            roles
                .entry(c.person_id)
                .or_default()
                .insert(c.role == right_role);
        }
        roles.values().any(|r| r.len() == 2)
    };
    let in_force = reasons::rules_in_force(&criteria, dual_roles && !reciprocal);
    let directions = if reciprocal { 2 } else { 1 };
    matches
        .iter()
        .filter_map(|m| {
            let [a, b] = m.applications.as_slice() else {
                return None;
            };
            let (ca, cb) = (*by_id.get(a)?, *by_id.get(b)?);
            let (pa, pb) = (profiles.get(a)?, profiles.get(b)?);
            let mut points: BTreeMap<Criterion, i64> = BTreeMap::new();
            for (k, v) in candidates::explain(&criteria, pa, pb) {
                *points.entry(k).or_default() += v;
            }
            if reciprocal {
                for (k, v) in candidates::explain(&criteria, pb, pa) {
                    *points.entry(k).or_default() += v;
                }
            }
            let lines: Vec<CriterionLine> = points
                .into_iter()
                .map(|(k, v)| {
                    let max = criteria.weights.get(k) * FULL_POINTS * directions;
                    CriterionLine {
                        code: k.code().to_string(),
                        points: v,
                        max,
                        percent: percent(v, max),
                    }
                })
                // A criterion switched off can give nothing: it is not part of the score.
                .filter(|l| l.max > 0)
                .collect();
            let score: i64 = lines.iter().map(|l| l.points).sum();
            let max: i64 = lines.iter().map(|l| l.max).sum();
            let pair_facts = PairFacts {
                a: ca,
                b: cb,
                forbidden: forbidden.contains(&(*a, *b)),
                reverse_taken: !reciprocal && taken.contains(&(cb.person_id, ca.person_id)),
            };
            let failing = reasons::failing(&criteria, (pa, pb), &pair_facts, reciprocal);
            let rules = in_force
                .iter()
                .map(|r: &Rule| RuleLine {
                    code: r.code().to_string(),
                    passed: !failing.contains(r),
                })
                .collect();
            Some(PairExplanation {
                applications: m.applications.clone(),
                criteria: lines,
                score,
                max,
                percent: percent(score, max),
                members: vec![facts(ca), facts(cb)],
                rules,
            })
        })
        .collect()
}
