//! From an intake's pool to a proposed set of matches: the pure half of a matching run.
//!
//! The service gathers a [`RunInputs`] snapshot (approved applicants with the facts matching
//! reads, mentors' free places already applied) and the coordinator's [`RunParameters`]
//! (criteria, locked and forbidden pairs, seed). [`plan`] turns them into a
//! [`RunResult`] with no I/O and no clock, so a saved run can be solved again from its stored
//! inputs and must give the same answer (the reproducibility test does exactly that).
//!
//! Pairs are one problem for the exact assignment engine (module `pairs`): every allowed pair an
//! arc scored by the criteria plus any assessment points, the mentors' minimum loads, and no
//! 2-cycles for dual roles, so a run is optimal over *all* allowed pairs; sets use the
//! diversity search (`solve_categorical`) with a work budget rather than a clock, so the same seed
//! gives the same sets on any machine.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;
use tandem_domain::relationship::OrganisationQuality;
use tandem_domain::{
    ApplicationId, ApplicationRole, FrameworkDimension, Level, MatchingCriteria, OrganisationId,
    PersonId, Pin, PinKind, ProgrammeKind, ProposedMatch, RunResult, Slot, Unmatched,
    UnmatchedReason,
};
use tandem_matching::candidates::{
    self, Criteria, Criterion, HardConstraints, ProfessionPreference, Profile, Weights,
};
use tandem_matching::groups::{self, Attribute, CategoricalProblem, SearchOptions, SizeBounds};

use super::{min_loads, pairs};

pub use super::inputs::{Candidate, PlanError, RunInputs, RunParameters};

/// The engine's criteria for the coordinator's levels. "Must" adds the hard constraint; every
/// level but "off" weighs the criterion in the score.
pub fn engine_criteria(c: &MatchingCriteria) -> Criteria {
    let must = |l: Level| l == Level::Must;
    let gap = c.ideal_grade_gap;
    Criteria {
        weights: Weights {
            goals: c.goals.weight(),
            grade_gap: c.grade_gap.weight(),
            profession: c.profession.weight(),
            availability: c.availability.weight(),
            language: 0,
            mode: c.mode.weight(),
            assessment: 0,
        },
        ideal_grade_gap: gap,
        profession: if c.cross_profession {
            ProfessionPreference::Different
        } else {
            ProfessionPreference::Same
        },
        availability_target: 2,
        assessment: Default::default(),
        hard: HardConstraints {
            different_organisation: must(c.different_organisation),
            grade_gap_min: must(c.grade_gap).then_some(gap - 1),
            grade_gap_max: must(c.grade_gap).then_some(gap + 1),
            exclude_line_chain: true,
            exclude_previous_pairs: true,
            exclude_conflicts: true,
            require_common_mode: must(c.mode),
            require_common_language: false,
            min_availability_overlap: u32::from(must(c.availability)),
            require_goal_overlap: must(c.goals),
            require_profession_preference: must(c.profession),
        },
        k_per_mentee: 20,
        k_per_mentor: 10,
        // One thread: intakes are small, and the answer must not depend on the machine.
        threads: 1,
    }
}

/// Codes of the hard constraints every proposed pair meets under `c`.
fn constraint_codes(c: &MatchingCriteria) -> Vec<String> {
    let mut out: Vec<String> = tandem_domain::MatchCriterion::ALL
        .into_iter()
        .filter(|k| c.level(*k) == Level::Must)
        .map(|k| k.code().to_string())
        .collect();
    out.extend(
        [
            "not_in_line_management",
            "no_declared_conflict",
            "not_previous_partner",
        ]
        .map(String::from),
    );
    out
}

/// Interns people and professions as the engine's integer ids.
pub(super) struct Interner {
    people: HashMap<PersonId, u64>,
    professions: HashMap<String, u32>,
    organisations: HashMap<OrganisationId, u32>,
}

impl Interner {
    pub(super) fn new() -> Self {
        Self {
            people: HashMap::new(),
            professions: HashMap::new(),
            organisations: HashMap::new(),
        }
    }

    fn person(&mut self, p: PersonId) -> u64 {
        let n = self.people.len() as u64 + 1;
        *self.people.entry(p).or_insert(n)
    }

    pub(super) fn profile(&mut self, c: &Candidate) -> Profile {
        let n = self.professions.len() as u32;
        let profession = *self.professions.entry(c.profession.clone()).or_insert(n);
        let n = self.organisations.len() as u32;
        let organisation = *self.organisations.entry(c.organisation_id).or_insert(n);
        let bits =
            |dims: &[FrameworkDimension]| dims.iter().fold(0u64, |a, d| a | u64::from(d.bit()));
        Profile {
            id: self.person(c.person_id),
            organisation,
            line_manager: c.line_manager.map(|m| self.person(m)),
            managers_manager: c.managers_manager.map(|m| self.person(m)),
            grade: i32::from(c.level),
            profession,
            goals: bits(&c.goals),
            expertise: bits(&c.expertise),
            languages: 1,
            modes: c.modes.iter().fold(0u8, |a, m| a | (1 << (*m as u8))),
            availability: u128::from(c.availability.iter().fold(0u32, |a, s| a | s.bit())),
            previous_partners: c
                .previous_partners
                .iter()
                .map(|p| self.person(*p))
                .collect(),
            conflicts: c.conflicts.iter().map(|p| self.person(*p)).collect(),
            capacity: c.capacity,
            assessment: None,
        }
    }
}

/// Solves a run. Pure: the same inputs and parameters always give the same result.
pub fn plan(inputs: &RunInputs, params: &RunParameters) -> Result<RunResult, PlanError> {
    let params = &RunParameters {
        pins: latest_pin_per_pair(&params.pins),
        ..params.clone()
    };
    match inputs.kind {
        ProgrammeKind::ActionLearningSets => plan_sets(inputs, params),
        ProgrammeKind::Mentoring | ProgrammeKind::VirtualCohort
            if params.criteria.shortlist.is_some() =>
        {
            plan_shortlist(inputs, params)
        }
        kind => plan_pairs(inputs, params, kind == ProgrammeKind::PairedLearning),
    }
}

/// One pin per pair (in either order), the last one given, in their original order. The store
/// keeps pins this way (a new pin for a pair replaces the old one); applying the rule here as well means a lock and a
/// later forbid of the same pair can never both take effect.
pub(super) fn latest_pin_per_pair(pins: &[Pin]) -> Vec<Pin> {
    pins.iter()
        .enumerate()
        .filter(|&(k, p)| {
            !pins[k + 1..].iter().any(|q| {
                (q.first, q.second) == (p.first, p.second)
                    || (q.first, q.second) == (p.second, p.first)
            })
        })
        .map(|(_, p)| *p)
        .collect()
}

/// The two sides of a pairing programme: (left, right) = (mentees, mentors) or
/// (clinicians, managers).
pub(super) fn sides(reciprocal: bool) -> (ApplicationRole, ApplicationRole) {
    if reciprocal {
        (ApplicationRole::PairClinician, ApplicationRole::PairManager)
    } else {
        (ApplicationRole::Mentee, ApplicationRole::Mentor)
    }
}

/// A proposed pair with its score breakdown (both directions for reciprocal pairs) and the rules
/// it meets (none listed when a coordinator's lock put together a pair the rules would refuse).
fn proposed_pair(
    criteria: &Criteria,
    codes: &[String],
    (a, b): (&Candidate, &Candidate),
    (pa, pb): (&Profile, &Profile),
    reciprocal: bool,
    locked: bool,
) -> ProposedMatch {
    let mut breakdown: BTreeMap<Criterion, i64> = BTreeMap::new();
    let mut add = |x: &Profile, y: &Profile| {
        for (c, v) in candidates::explain(criteria, x, y) {
            *breakdown.entry(c).or_default() += v;
        }
    };
    add(pa, pb);
    if reciprocal {
        add(pb, pa);
    }
    let allowed = candidates::allowed(criteria, pa, pb)
        && (!reciprocal || candidates::allowed(criteria, pb, pa));
    ProposedMatch {
        applications: vec![a.application_id, b.application_id],
        score: breakdown.values().sum(),
        breakdown: breakdown
            .into_iter()
            .filter(|(_, v)| *v != 0)
            .map(|(c, v)| (c.code().to_string(), v))
            .collect(),
        constraints_met: if allowed { codes.to_vec() } else { vec![] },
        locked,
        organisations: 2 - u32::from(a.organisation_id == b.organisation_id),
        professions: 2 - u32::from(a.profession == b.profession),
        shared_slot: shared_slot(&[a, b]),
    }
}

fn plan_pairs(
    inputs: &RunInputs,
    params: &RunParameters,
    reciprocal: bool,
) -> Result<RunResult, PlanError> {
    let criteria = engine_criteria(&params.criteria);
    let (left_role, right_role) = sides(reciprocal);
    let left: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|c| c.role == left_role)
        .collect();
    let right: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|c| c.role == right_role)
        .collect();
    let mut interner = Interner::new();
    let mut lp: Vec<Profile> = left.iter().map(|c| interner.profile(c)).collect();
    let mut rp: Vec<Profile> = right.iter().map(|c| interner.profile(c)).collect();
    if reciprocal {
        for p in &mut rp {
            p.capacity = 1;
        }
    }
    let li: HashMap<ApplicationId, usize> = left
        .iter()
        .enumerate()
        .map(|(i, c)| (c.application_id, i))
        .collect();
    let ri: HashMap<ApplicationId, usize> = right
        .iter()
        .enumerate()
        .map(|(i, c)| (c.application_id, i))
        .collect();
    let oriented = |pin: &Pin| -> Option<(usize, usize)> {
        match (li.get(&pin.first), ri.get(&pin.second)) {
            (Some(&i), Some(&j)) => Some((i, j)),
            _ => match (li.get(&pin.second), ri.get(&pin.first)) {
                (Some(&i), Some(&j)) => Some((i, j)),
                _ => None,
            },
        }
    };

    // Forbidden pairs become declared conflicts, which the engine never pairs.
    let mut ignored_pins = Vec::new();
    for pin in params.pins.iter().filter(|p| p.kind == PinKind::Forbid) {
        match oriented(pin) {
            Some((i, j)) => {
                let (a, b) = (lp[i].id, rp[j].id);
                lp[i].conflicts.push(b);
                rp[j].conflicts.push(a);
            }
            None => ignored_pins.push(*pin),
        }
    }
    // Locked pairs are fixed first and take their places; the rest is solved around them.
    let mut locked: Vec<(usize, usize)> = Vec::new();
    let mut left_locked = vec![false; left.len()];
    let mut places: Vec<u32> = rp.iter().map(|p| p.capacity).collect();
    for pin in params.pins.iter().filter(|p| p.kind == PinKind::Lock) {
        match oriented(pin) {
            Some((i, j))
                if !left_locked[i]
                    && places[j] > 0
                    && !super::dual::reverse_locked(&locked, &lp, &rp, (i, j)) =>
            {
                left_locked[i] = true;
                places[j] -= 1;
                locked.push((i, j));
            }
            _ => ignored_pins.push(*pin),
        }
    }
    // Dual roles: a locked pair bans its reverse (B mentors A once A mentors B).
    super::dual::ban_reverse_of_locks(&locked, &mut lp, &rp);
    let free_left: Vec<usize> = (0..left.len()).filter(|&i| !left_locked[i]).collect();
    // Minimum loads apply to one-to-one mentoring only (issue #15; module `min_loads`).
    let minimum = inputs.mentor_load_min.filter(|&m| m > 0 && !reciprocal);
    let before: Vec<u32> = right
        .iter()
        .map(|c| min_loads::load_before(inputs, c))
        .collect();
    let needed: Vec<u32> = (0..right.len())
        .map(|j| {
            minimum.map_or(0, |min| {
                min_loads::still_needed(min, before[j] + rp[j].capacity - places[j], places[j])
            })
        })
        .collect();
    // One problem for every rule at once: criteria and assessment points, minimums, no 2-cycles.
    let solved = if free_left.is_empty() || right.is_empty() {
        None
    } else {
        let problem = super::pairs::problem(
            inputs,
            &criteria,
            (&left, &lp, &free_left),
            (&right, &rp, &places, needed),
            reciprocal,
        )?;
        let s = super::pairs::solve(&problem)?;
        Some((s.mentor_of, s.optimal))
    };
    let mut pairs: Vec<(usize, usize, bool)> = locked.iter().map(|&(i, j)| (i, j, true)).collect();
    let mut optimal = true;
    if let Some((mentor_of, opt)) = &solved {
        optimal = *opt;
        for (k, m) in mentor_of.iter().enumerate() {
            if let Some(j) = m {
                pairs.push((free_left[k], *j as usize, false));
            }
        }
    }
    pairs.sort_by_key(|&(i, j, _)| (left[i].application_id, right[j].application_id));

    let per_pair_max = (criteria.max_score() + super::assessment::extra_max(inputs))
        * if reciprocal { 2 } else { 1 };
    let codes = constraint_codes(&params.criteria);
    let mut matches = Vec::new();
    for &(i, j, is_locked) in &pairs {
        let mut m = proposed_pair(
            &criteria,
            &codes,
            (left[i], right[j]),
            (&lp[i], &rp[j]),
            reciprocal,
            is_locked,
        );
        super::assessment::annotate(inputs, &mut m, (left[i], right[j]), reciprocal);
        matches.push(m);
    }

    let mut placed_left = vec![false; left.len()];
    let mut load = vec![0u32; right.len()];
    for &(i, j, _) in &pairs {
        placed_left[i] = true;
        load[j] += 1;
    }
    let mut unmatched = super::reasons::pairs(
        &criteria,
        (&left, &right),
        (&lp, &rp),
        &params.pins,
        (&pairs, &placed_left, &load),
        reciprocal,
    );
    // A mentor left with no mentee while below the minimum: their eligible mentees were needed
    // to place more mentees or to bring other mentors up to it.
    if let Some(min) = minimum {
        for u in &mut unmatched {
            if u.reason != UnmatchedReason::PartnersPlacedElsewhere {
                continue;
            }
            if let Some(j) = right
                .iter()
                .position(|c| c.application_id == u.application_id)
                && before[j] < min
            {
                u.reason = UnmatchedReason::MentorBelowMinimum;
            }
        }
    }
    let members: Vec<&Candidate> = left.iter().chain(right.iter()).copied().collect();
    let mut result = finish(
        matches,
        unmatched,
        &members,
        per_pair_max,
        optimal,
        ignored_pins,
    );
    if let Some(min) = minimum {
        let pair_allowed = |i: usize, j: usize| {
            left[i].person_id != right[j].person_id
                && candidates::allowed(&criteria, &lp[i], &rp[j])
        };
        let outcomes: Vec<min_loads::MentorOutcome> = (0..right.len())
            .map(|j| min_loads::MentorOutcome {
                application_id: right[j].application_id,
                before: before[j],
                load: before[j] + load[j],
                places: rp[j].capacity,
                eligible: (0..left.len())
                    .filter(|&i| pair_allowed(i, j) || locked.contains(&(i, j)))
                    .count() as u32,
            })
            .collect();
        result.mentors_below_min = min_loads::below_minimum(min, &outcomes);
    }
    Ok(result)
}

/// The mentors to suggest to each mentee in shortlist mode: the `n` best-scoring allowed mentors
/// with free places, best first (ties by application id, so suggestions are stable). Scored as a
/// run scores an arc ([`pairs::score`], assessment points included when the programme uses them),
/// so a shortlist ranks mentors the way a run would. Minimum loads play no part: a shortlist
/// assigns nobody, and the shortlist run follows the mentees' own rankings.
pub fn suggestions(
    inputs: &RunInputs,
    criteria: &MatchingCriteria,
) -> Vec<(ApplicationId, Vec<ApplicationId>)> {
    let n = criteria.shortlist.unwrap_or(0) as usize;
    let c = engine_criteria(criteria);
    let mut interner = Interner::new();
    let (left, right) = sides(false);
    let mentees: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|x| x.role == left)
        .collect();
    let mentors: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|x| x.role == right && x.capacity > 0)
        .collect();
    let lp: Vec<Profile> = mentees.iter().map(|x| interner.profile(x)).collect();
    let rp: Vec<Profile> = mentors.iter().map(|x| interner.profile(x)).collect();
    mentees
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut scored: Vec<(i64, ApplicationId)> = (0..mentors.len())
                .filter(|&j| pairs::allowed(&c, &lp[i], &rp[j], false))
                .map(|j| {
                    (
                        pairs::score(inputs, &c, (e, mentors[j]), (&lp[i], &rp[j]), false),
                        mentors[j].application_id,
                    )
                })
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            (
                e.application_id,
                scored.into_iter().take(n).map(|(_, id)| id).collect(),
            )
        })
        .collect()
}

/// Shortlist mode: mentees' rankings decide, by the mentee-optimal stable matching; mentors
/// prefer the mentees who ranked them by score (a run's arc score, [`pairs::score`]). Forbidden
/// pairs and mentors without free places are left out of the lists; locks are not used (the
/// mentees choose), and neither are minimum loads: the stable matching follows the rankings, and
/// steering mentees towards a mentor below the minimum would override their choice.
fn plan_shortlist(inputs: &RunInputs, params: &RunParameters) -> Result<RunResult, PlanError> {
    use tandem_matching::stable::{PrefLists, StableProblem, mentee_optimal};
    let criteria = engine_criteria(&params.criteria);
    let (left_role, right_role) = sides(false);
    let left: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|c| c.role == left_role)
        .collect();
    let right: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|c| c.role == right_role)
        .collect();
    let mut interner = Interner::new();
    let lp: Vec<Profile> = left.iter().map(|c| interner.profile(c)).collect();
    let rp: Vec<Profile> = right.iter().map(|c| interner.profile(c)).collect();
    let ri: HashMap<ApplicationId, usize> = right
        .iter()
        .enumerate()
        .map(|(i, c)| (c.application_id, i))
        .collect();
    let forbidden: BTreeSet<(ApplicationId, ApplicationId)> = params
        .pins
        .iter()
        .filter(|p| p.kind == PinKind::Forbid)
        .flat_map(|p| [(p.first, p.second), (p.second, p.first)])
        .collect();
    let ranking: HashMap<ApplicationId, &Vec<ApplicationId>> =
        inputs.rankings.iter().map(|(m, r)| (*m, r)).collect();
    let mut ignored_pins: Vec<Pin> = params
        .pins
        .iter()
        .filter(|p| p.kind == PinKind::Lock)
        .copied()
        .collect();
    ignored_pins.sort();
    // Mentee lists: their ranking, keeping mentors still in the pool, with places, not forbidden.
    let mut mentee_lists: Vec<Vec<u32>> = Vec::with_capacity(left.len());
    for c in &left {
        let list = ranking
            .get(&c.application_id)
            .map(|r| {
                r.iter()
                    .filter_map(|m| ri.get(m).copied())
                    .filter(|&j| right[j].capacity > 0)
                    .filter(|&j| !forbidden.contains(&(c.application_id, right[j].application_id)))
                    .map(|j| j as u32)
                    .collect()
            })
            .unwrap_or_default();
        mentee_lists.push(list);
    }
    // Mentor lists: the mentees who ranked them, best score first.
    let mut mentor_lists: Vec<Vec<(i64, ApplicationId, u32)>> = vec![Vec::new(); right.len()];
    for (i, list) in mentee_lists.iter().enumerate() {
        for &j in list {
            let j = j as usize;
            let s = pairs::score(
                inputs,
                &criteria,
                (left[i], right[j]),
                (&lp[i], &rp[j]),
                false,
            );
            mentor_lists[j].push((s, left[i].application_id, i as u32));
        }
    }
    let mentor_lists: Vec<Vec<u32>> = mentor_lists
        .into_iter()
        .map(|mut l| {
            l.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            l.into_iter().map(|(_, _, i)| i).collect()
        })
        .collect();
    let problem = StableProblem::new(
        right.iter().map(|c| c.capacity).collect(),
        PrefLists::from_lists(&mentee_lists),
        PrefLists::from_lists(&mentor_lists),
    )
    .map_err(|e| PlanError::Engine(e.to_string()))?;
    let stable = mentee_optimal(&problem);
    let codes = constraint_codes(&params.criteria);
    let per_pair_max = criteria.max_score() + super::assessment::extra_max(inputs);
    let mut matches = Vec::new();
    let mut load = vec![0u32; right.len()];
    let mut unmatched = Vec::new();
    for (i, m) in stable.mentor_of.iter().enumerate() {
        match m {
            Some(j) => {
                let j = *j as usize;
                load[j] += 1;
                let mut m = proposed_pair(
                    &criteria,
                    &codes,
                    (left[i], right[j]),
                    (&lp[i], &rp[j]),
                    false,
                    false,
                );
                super::assessment::annotate(inputs, &mut m, (left[i], right[j]), false);
                matches.push(m);
            }
            None => unmatched.push(super::reasons::unmatched(
                left[i].application_id,
                if mentee_lists[i].is_empty() {
                    UnmatchedReason::DidNotRank
                } else {
                    UnmatchedReason::NoCapacity
                },
            )),
        }
    }
    for (j, c) in right.iter().enumerate() {
        if load[j] == 0 {
            unmatched.push(super::reasons::unmatched(
                c.application_id,
                if c.capacity == 0 {
                    UnmatchedReason::MentorUnavailable
                } else {
                    UnmatchedReason::PartnersPlacedElsewhere
                },
            ));
        }
    }
    let members: Vec<&Candidate> = left.iter().chain(right.iter()).copied().collect();
    // A stable matching is what shortlist mode promises, not the best total score.
    Ok(finish(
        matches,
        unmatched,
        &members,
        per_pair_max,
        true,
        ignored_pins,
    ))
}

/// A weekly slot every member can make (the earliest in the week), if any.
fn shared_slot(members: &[&Candidate]) -> Option<Slot> {
    let common = members
        .iter()
        .map(|c| c.availability.iter().fold(0u32, |a, s| a | s.bit()))
        .fold(u32::MAX, |a, b| a & b);
    Slot::all().find(|s| common & s.bit() != 0)
}

fn plan_sets(inputs: &RunInputs, params: &RunParameters) -> Result<RunResult, PlanError> {
    let people: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|c| c.role == ApplicationRole::SetMember)
        .collect();
    let (min, max) = inputs.set_size.unwrap_or((4, 7));
    let ignored_pins: Vec<Pin> = params
        .pins
        .iter()
        .filter(|p| p.kind == PinKind::Lock)
        .copied()
        .collect();
    let everyone_unmatched = |reason| {
        people
            .iter()
            .map(|c| Unmatched {
                partners: people.len().saturating_sub(1) as u32,
                ..super::reasons::unmatched(c.application_id, reason)
            })
            .collect::<Vec<_>>()
    };
    let sizes = match SizeBounds::for_people(people.len(), min, max, None) {
        Ok(s) => s,
        Err(_) => {
            return Ok(finish(
                vec![],
                // Too few people for even one set of the programme's smallest size.
                everyone_unmatched(UnmatchedReason::TooFewForSet),
                &people,
                1,
                true,
                ignored_pins,
            ));
        }
    };
    let index: HashMap<ApplicationId, u32> = people
        .iter()
        .enumerate()
        .map(|(i, c)| (c.application_id, i as u32))
        .collect();
    let by_person: HashMap<PersonId, u32> = people
        .iter()
        .enumerate()
        .map(|(i, c)| (c.person_id, i as u32))
        .collect();
    // Kept apart: forbidden pairs, line management either way, declared conflicts, and people
    // who were in a set together before.
    let mut apart = Vec::new();
    for pin in params.pins.iter().filter(|p| p.kind == PinKind::Forbid) {
        if let (Some(&a), Some(&b)) = (index.get(&pin.first), index.get(&pin.second)) {
            apart.push((a, b));
        }
    }
    for (i, c) in people.iter().enumerate() {
        let linked = c
            .line_manager
            .iter()
            .chain(&c.managers_manager)
            .chain(&c.conflicts)
            .chain(&c.previous_partners);
        for other in linked {
            if let Some(&j) = by_person.get(other)
                && j != i as u32
            {
                apart.push((i as u32, j));
            }
        }
    }
    let level_of = |f: &dyn Fn(&Candidate) -> String| -> Vec<u32> {
        let mut ids: HashMap<String, u32> = HashMap::new();
        people
            .iter()
            .map(|c| {
                let n = ids.len() as u32;
                *ids.entry(f(c)).or_insert(n)
            })
            .collect()
    };
    let c = &params.criteria;
    let attributes = vec![
        Attribute {
            name: "organisation".into(),
            weight: c.different_organisation.weight().max(1),
            level_of: level_of(&|p| p.organisation_id.to_string()),
        },
        Attribute {
            name: "profession".into(),
            weight: c.profession.weight(),
            level_of: level_of(&|p| p.profession.clone()),
        },
        Attribute {
            name: "grade".into(),
            weight: c.grade_gap.weight(),
            level_of: level_of(&|p| p.level.to_string()),
        },
    ];
    let problem = CategoricalProblem::new(people.len(), attributes, apart)
        .map_err(|e| PlanError::Engine(e.to_string()))?;
    let opts = SearchOptions {
        seed: params.seed,
        time_limit: Duration::from_secs(5),
        work_limit: Some(2_000_000),
        exact_up_to: 16,
    };
    let grouping = match groups::solve_categorical(&problem, &sizes, &opts) {
        Ok(g) => g,
        // Keeping everyone apart as asked can make sets impossible: say so per person.
        Err(_) => {
            return Ok(finish(
                vec![],
                super::reasons::sets(&people, &params.pins),
                &people,
                1,
                true,
                ignored_pins,
            ));
        }
    };
    let mut sets: Vec<Vec<&Candidate>> = vec![Vec::new(); grouping.groups];
    for (i, g) in grouping.group_of.iter().enumerate() {
        sets[*g as usize].push(people[i]);
    }
    let matches = sets
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| {
            let orgs: BTreeSet<_> = s.iter().map(|c| c.organisation_id).collect();
            let profs: BTreeSet<_> = s.iter().map(|c| c.profession.as_str()).collect();
            let mut ids: Vec<ApplicationId> = s.iter().map(|c| c.application_id).collect();
            ids.sort();
            ProposedMatch {
                applications: ids,
                score: 0,
                breakdown: vec![],
                constraints_met: vec![
                    "not_in_line_management".into(),
                    "no_declared_conflict".into(),
                ],
                locked: false,
                organisations: orgs.len() as u32,
                professions: profs.len() as u32,
                shared_slot: shared_slot(&s),
            }
        })
        .collect();
    Ok(finish(
        matches,
        vec![],
        &people,
        1,
        grouping.optimal,
        ignored_pins,
    ))
}

/// Fills in the quality figures from the matches.
fn finish(
    mut matches: Vec<ProposedMatch>,
    unmatched: Vec<Unmatched>,
    members: &[&Candidate],
    per_match_max: i64,
    optimal: bool,
    ignored_pins: Vec<Pin>,
) -> RunResult {
    matches.sort_by(|a, b| a.applications.cmp(&b.applications));
    let total_score: i64 = matches.iter().map(|m| m.score).sum();
    let percent = |score: i64, n: usize| -> u32 {
        if n == 0 || per_match_max <= 0 {
            0
        } else {
            ((score * 100) / (per_match_max * n as i64)).clamp(0, 100) as u32
        }
    };
    let (placed, applicants) = super::reasons::people_per_organisation(members, &matches);
    let mut orgs: BTreeMap<OrganisationId, (u32, u32, i64, usize)> = BTreeMap::new();
    for (o, n) in applicants {
        orgs.entry(o).or_default().1 = n;
    }
    for (o, n) in placed {
        orgs.entry(o).or_default().0 = n;
    }
    let org_of: HashMap<ApplicationId, OrganisationId> = members
        .iter()
        .map(|c| (c.application_id, c.organisation_id))
        .collect();
    for m in &matches {
        let mut seen = BTreeSet::new();
        for a in &m.applications {
            if let Some(o) = org_of.get(a) {
                let e = orgs.entry(*o).or_default();
                if seen.insert(*o) {
                    e.2 += m.score;
                    e.3 += 1;
                }
            }
        }
    }
    RunResult {
        mean_score_percent: percent(total_score, matches.len()),
        per_organisation: orgs
            .into_iter()
            .map(
                |(organisation_id, (placed, applicants, score, n))| OrganisationQuality {
                    organisation_id,
                    placed,
                    applicants,
                    mean_score_percent: percent(score, n),
                },
            )
            .collect(),
        matches,
        unmatched,
        total_score,
        optimal,
        ignored_pins,
        mentors_below_min: Vec::new(),
    }
}
