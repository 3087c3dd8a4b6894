//! The pure planner of matching runs: its invariants by property, its optimality against a brute
//! force on small pools, and its reproducibility.

use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use tandem_app::matching::plan::{Candidate, RunInputs, RunParameters, plan};
use tandem_domain::{
    ApplicationId, ApplicationRole, FrameworkDimension, Level, MatchingCriteria, Mode,
    OrganisationId, PersonId, Pin, PinKind, ProgrammeKind, Slot, UnmatchedReason,
};

/// A deterministic small pool from a seed-like description of each person.
fn person(i: usize, role: ApplicationRole, org: u8, traits: u32, capacity: u32) -> Candidate {
    let orgs = [
        OrganisationId(uuid::Uuid::from_u128(1)),
        OrganisationId(uuid::Uuid::from_u128(2)),
        OrganisationId(uuid::Uuid::from_u128(3)),
    ];
    let dims = FrameworkDimension::ALL;
    let slots: Vec<Slot> = Slot::all().collect();
    Candidate {
        application_id: ApplicationId(uuid::Uuid::from_u128(1000 + i as u128)),
        person_id: PersonId(uuid::Uuid::from_u128(5000 + i as u128)),
        version: 1,
        role,
        organisation_id: orgs[usize::from(org) % 3],
        profession: ["nursing", "social work", "medicine"][(traits % 3) as usize].into(),
        level: (traits % 7) as u8 + 2,
        goals: vec![
            dims[(traits % 9) as usize],
            dims[((traits / 9) % 9) as usize],
        ],
        expertise: vec![
            dims[((traits / 3) % 9) as usize],
            dims[((traits / 5) % 9) as usize],
        ],
        availability: vec![
            slots[(traits % 21) as usize],
            slots[((traits / 21) % 21) as usize],
        ],
        modes: if traits.is_multiple_of(4) {
            vec![Mode::InPerson]
        } else {
            vec![Mode::Video, Mode::Telephone]
        },
        line_manager: None,
        managers_manager: None,
        conflicts: vec![],
        previous_partners: vec![],
        capacity: if role == ApplicationRole::Mentor {
            capacity
        } else {
            1
        },
        assessment: vec![],
        background: vec![],
    }
}

fn pool(kind: ProgrammeKind, left: &[(u8, u32)], right: &[(u8, u32, u32)]) -> RunInputs {
    let (l, r) = match kind {
        ProgrammeKind::PairedLearning => {
            (ApplicationRole::PairClinician, ApplicationRole::PairManager)
        }
        _ => (ApplicationRole::Mentee, ApplicationRole::Mentor),
    };
    let mut candidates: Vec<Candidate> = left
        .iter()
        .enumerate()
        .map(|(i, (o, t))| person(i, l, *o, *t, 1))
        .collect();
    candidates.extend(
        right
            .iter()
            .enumerate()
            .map(|(i, (o, t, c))| person(100 + i, r, *o, *t, *c)),
    );
    candidates.sort_by_key(|c| c.application_id);
    RunInputs {
        kind,
        candidates,
        set_size: None,
        rankings: vec![],
        mentor_load_min: None,
        mentor_loads: vec![],
        assessment: None,
    }
}

fn params(pins: Vec<Pin>) -> RunParameters {
    RunParameters {
        criteria: MatchingCriteria::default(),
        pins,
        seed: 7,
    }
}

/// Brute force: the best (placed, total score) over every way of giving each mentee an allowed
/// mentor with capacity left, or none.
fn brute_force(inputs: &RunInputs, p: &RunParameters) -> (usize, i64) {
    let left: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|x| x.role == ApplicationRole::Mentee)
        .collect();
    let right: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|x| x.role == ApplicationRole::Mentor)
        .collect();
    // Profiles exactly as the planner builds them: compare through the public planner on
    // single pairs instead, which is what the engine scores.
    let pair = |i: usize, j: usize| -> Option<i64> {
        let one = RunInputs {
            kind: inputs.kind,
            candidates: vec![
                left[i].clone(),
                Candidate {
                    capacity: 1,
                    ..right[j].clone()
                },
            ],
            set_size: None,
            rankings: vec![],
            mentor_load_min: None,
            mentor_loads: vec![],
            assessment: None,
        };
        let r = plan(&one, p).expect("plan");
        r.matches.first().map(|m| m.score)
    };
    let scores: Vec<Vec<Option<i64>>> = (0..left.len())
        .map(|i| (0..right.len()).map(|j| pair(i, j)).collect())
        .collect();
    fn go(i: usize, caps: &mut Vec<u32>, scores: &[Vec<Option<i64>>]) -> (usize, i64) {
        if i == scores.len() {
            return (0, 0);
        }
        let mut best = go(i + 1, caps, scores);
        for j in 0..caps.len() {
            if let Some(s) = scores[i][j]
                && caps[j] > 0
            {
                caps[j] -= 1;
                let (n, t) = go(i + 1, caps, scores);
                caps[j] += 1;
                best = best.max((n + 1, t + s));
            }
        }
        best
    }
    let mut caps: Vec<u32> = right.iter().map(|r| r.capacity).collect();
    go(0, &mut caps, &scores)
}

fn left_strategy() -> impl Strategy<Value = Vec<(u8, u32)>> {
    prop::collection::vec((0u8..3, 0u32..100_000), 0..6)
}

fn right_strategy() -> impl Strategy<Value = Vec<(u8, u32, u32)>> {
    prop::collection::vec((0u8..3, 0u32..100_000, 0u32..3), 0..4)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every proposed pair passes the must rules (unless the coordinator locked it), nobody is
    /// placed twice, no mentor beyond their free places, forbidden pairs never appear, and
    /// honoured locks do.
    #[test]
    fn runs_respect_rules_capacity_and_pins(left in left_strategy(), right in right_strategy(),
                                            picks in prop::collection::vec((0usize..6, 0usize..4, any::<bool>()), 0..3)) {
        let inputs = pool(ProgrammeKind::Mentoring, &left, &right);
        let lefts: Vec<&Candidate> = inputs.candidates.iter().filter(|c| c.role == ApplicationRole::Mentee).collect();
        let rights: Vec<&Candidate> = inputs.candidates.iter().filter(|c| c.role == ApplicationRole::Mentor).collect();
        let mut pins = Vec::new();
        for (i, j, lock) in picks {
            if let (Some(a), Some(b)) = (lefts.get(i), rights.get(j)) {
                pins.push(Pin { kind: if lock { PinKind::Lock } else { PinKind::Forbid }, first: a.application_id, second: b.application_id });
            }
        }
        let p = params(pins.clone());
        let result = plan(&inputs, &p).expect("plan");
        let cap: HashMap<ApplicationId, u32> = rights.iter().map(|c| (c.application_id, c.capacity)).collect();
        let mut load: HashMap<ApplicationId, u32> = HashMap::new();
        let mut seen = HashSet::new();
        let pair_set: HashSet<(ApplicationId, ApplicationId)> = result.matches.iter().map(|m| (m.applications[0], m.applications[1])).collect();
        for m in &result.matches {
            prop_assert_eq!(m.applications.len(), 2);
            prop_assert!(seen.insert(m.applications[0]), "mentee placed twice");
            *load.entry(m.applications[1]).or_default() += 1;
            if !m.locked {
                prop_assert!(!m.constraints_met.is_empty(), "an unlocked pair must meet the rules");
            }
        }
        for (mentor, n) in &load {
            prop_assert!(*n <= cap[mentor], "mentor over their free places");
        }
        let ignored: HashSet<Pin> = result.ignored_pins.iter().copied().collect();
        // The effective pin per pair is the last one written for it (as the store keeps it).
        for pin in &pins {
            let pair = (pin.first, pin.second);
            let later = pins.iter().rev().find(|q| (q.first, q.second) == pair).copied();
            if later != Some(*pin) { continue; }
            match pin.kind {
                PinKind::Forbid => prop_assert!(!pair_set.contains(&pair), "forbidden pair proposed"),
                PinKind::Lock => prop_assert!(pair_set.contains(&pair) || ignored.contains(pin), "lock neither honoured nor reported"),
            }
        }
        // Everyone in the pool is either placed or reported with a reason.
        let placed: HashSet<ApplicationId> = result.matches.iter().flat_map(|m| m.applications.iter().copied()).collect();
        let unmatched: HashSet<ApplicationId> = result.unmatched.iter().map(|u| u.application_id).collect();
        for c in &inputs.candidates {
            prop_assert!(placed.contains(&c.application_id) != unmatched.contains(&c.application_id));
        }
        for u in &result.unmatched {
            if cap.get(&u.application_id) == Some(&0) {
                prop_assert_eq!(u.reason, UnmatchedReason::MentorUnavailable);
            }
        }
        // Solving again gives the same result.
        prop_assert_eq!(plan(&inputs, &p).expect("plan"), result);
    }

    /// Without pins, the run places as many mentees as any assignment can and, among those,
    /// reaches the highest total score (checked by brute force on small pools).
    #[test]
    fn runs_are_optimal_against_brute_force(left in left_strategy(), right in right_strategy()) {
        let inputs = pool(ProgrammeKind::Mentoring, &left, &right);
        let p = params(vec![]);
        let result = plan(&inputs, &p).expect("plan");
        prop_assert!(result.optimal);
        let (n, total) = brute_force(&inputs, &p);
        prop_assert_eq!((result.matches.len(), result.total_score), (n, total));
    }

    /// Paired learning: one partner each, both directions' rules.
    #[test]
    fn reciprocal_pairs_are_one_to_one(left in left_strategy(), right in right_strategy()) {
        let inputs = pool(ProgrammeKind::PairedLearning, &left, &right);
        let result = plan(&inputs, &params(vec![])).expect("plan");
        let mut seen = HashSet::new();
        for m in &result.matches {
            for a in &m.applications {
                prop_assert!(seen.insert(*a), "someone paired twice");
            }
        }
    }
}

#[test]
fn must_rules_filter_and_reasons_explain() {
    // Two mentees and one mentor from the first mentee's organisation: with "different
    // organisation: must" only the second mentee can have them.
    let inputs = pool(ProgrammeKind::Mentoring, &[(0, 12), (1, 12)], &[(0, 12, 1)]);
    let result = plan(&inputs, &params(vec![])).expect("plan");
    assert_eq!(result.matches.len(), 1);
    let mentees: Vec<&Candidate> = inputs
        .candidates
        .iter()
        .filter(|c| c.role == ApplicationRole::Mentee)
        .collect();
    let same_org = mentees
        .iter()
        .find(|c| {
            c.organisation_id
                == inputs
                    .candidates
                    .iter()
                    .find(|x| x.role == ApplicationRole::Mentor)
                    .unwrap()
                    .organisation_id
        })
        .unwrap();
    assert!(result.matches[0].applications[0] != same_org.application_id);
    let reason = result
        .unmatched
        .iter()
        .find(|u| u.application_id == same_org.application_id)
        .map(|u| (u.reason, u.partners, u.rules.clone()));
    // The rule that excluded the one mentor is named.
    assert_eq!(
        reason,
        Some((
            UnmatchedReason::BlockedByRules,
            1,
            vec![tandem_domain::RuleCount {
                rule: "different_organisation".into(),
                partners: 1
            }]
        ))
    );
    // The breakdown sums to the score.
    let m = &result.matches[0];
    assert_eq!(m.breakdown.iter().map(|(_, v)| v).sum::<i64>(), m.score);
    assert!(
        m.constraints_met
            .iter()
            .any(|c| c == "different_organisation")
    );

    // Switching the rule off lets both be considered: still one place, now "no capacity".
    let mut relaxed = params(vec![]);
    relaxed.criteria.different_organisation = Level::Off;
    let r2 = plan(&inputs, &relaxed).expect("plan");
    assert_eq!(r2.matches.len(), 1);
    assert_eq!(r2.unmatched.len(), 1);
    assert_eq!(r2.unmatched[0].reason, UnmatchedReason::NoCapacity);
}

#[test]
fn sets_respect_sizes_and_keep_forbidden_pairs_apart() {
    let mut inputs = pool(ProgrammeKind::ActionLearningSets, &[], &[]);
    for i in 0..14 {
        inputs.candidates.push(Candidate {
            role: ApplicationRole::SetMember,
            ..person(
                i,
                ApplicationRole::SetMember,
                (i % 3) as u8,
                (i * 7919) as u32,
                1,
            )
        });
    }
    inputs.kind = ProgrammeKind::ActionLearningSets;
    inputs.set_size = Some((4, 6));
    let a = inputs.candidates[0].application_id;
    let b = inputs.candidates[1].application_id;
    let p = params(vec![Pin {
        kind: PinKind::Forbid,
        first: a,
        second: b,
    }]);
    let result = plan(&inputs, &p).expect("plan");
    assert_eq!(
        result
            .matches
            .iter()
            .map(|m| m.applications.len())
            .sum::<usize>(),
        14
    );
    for m in &result.matches {
        assert!(
            (4..=6).contains(&m.applications.len()),
            "set of {}",
            m.applications.len()
        );
        assert!(!(m.applications.contains(&a) && m.applications.contains(&b)));
        assert!(m.organisations >= 2, "sets mix organisations");
    }
    assert_eq!(
        plan(&inputs, &p).expect("plan"),
        result,
        "same seed, same sets"
    );

    // Too few people for one set: everyone is reported, nobody is placed.
    let few = RunInputs {
        candidates: inputs.candidates[..3].to_vec(),
        ..inputs.clone()
    };
    let r = plan(&few, &p).expect("plan");
    assert!(r.matches.is_empty());
    assert_eq!(r.unmatched.len(), 3);
}

#[test]
fn digest_changes_with_versions_capacity_and_pins() {
    let inputs = pool(ProgrammeKind::Mentoring, &[(0, 1)], &[(1, 2, 1)]);
    let p = params(vec![]);
    let d = p.digest_with(&inputs);
    assert_eq!(d, p.clone().digest_with(&inputs.clone()));
    let mut bumped = inputs.clone();
    bumped.candidates[0].version += 1;
    assert_ne!(p.digest_with(&bumped), d);
    let mut paused = inputs.clone();
    for c in &mut paused.candidates {
        c.capacity = 0;
    }
    assert_ne!(p.digest_with(&paused), d);
    let pinned = params(vec![Pin {
        kind: PinKind::Forbid,
        first: inputs.candidates[0].application_id,
        second: inputs.candidates[1].application_id,
    }]);
    assert_ne!(pinned.digest_with(&inputs), d);
    let mut stricter = p.clone();
    stricter.criteria.goals = Level::Must;
    assert_ne!(stricter.digest_with(&inputs), d);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Shortlist mode gives a stable matching: no mentee and mentor would both rather be
    /// together than with whom they got; nobody is placed with a mentor they did not rank, and no
    /// mentor beyond their places.
    #[test]
    fn shortlist_runs_are_stable(left in left_strategy(), right in right_strategy(), seed in any::<u64>()) {
        let mut inputs = pool(ProgrammeKind::Mentoring, &left, &right);
        let mut p = params(vec![]);
        p.criteria.shortlist = Some(3);
        let suggested = tandem_app::matching::plan::suggestions(&inputs, &p.criteria);
        // Each mentee ranks a seed-dependent rotation of their suggestions, maybe dropping one.
        inputs.rankings = suggested
            .iter()
            .enumerate()
            .map(|(i, (m, s))| {
                let mut r = s.clone();
                if !r.is_empty() {
                    let k = (seed as usize + i) % r.len();
                    r.rotate_left(k);
                    if (seed >> i) & 1 == 1 {
                        r.pop();
                    }
                }
                (*m, r)
            })
            .collect();
        let result = plan(&inputs, &p).expect("plan");
        let rank_of: HashMap<ApplicationId, &Vec<ApplicationId>> = inputs.rankings.iter().map(|(m, r)| (*m, r)).collect();
        let partner: HashMap<ApplicationId, ApplicationId> = result.matches.iter().map(|m| (m.applications[0], m.applications[1])).collect();
        let cap: HashMap<ApplicationId, u32> = inputs.candidates.iter().map(|c| (c.application_id, c.capacity)).collect();
        let mut load: HashMap<ApplicationId, Vec<(i64, ApplicationId)>> = HashMap::new();
        for m in &result.matches {
            prop_assert!(rank_of[&m.applications[0]].contains(&m.applications[1]), "placed with an unranked mentor");
            load.entry(m.applications[1]).or_default().push((m.score, m.applications[0]));
        }
        for (mentor, list) in &load {
            prop_assert!(list.len() as u32 <= cap[mentor]);
        }
        // Blocking pairs: mentee e prefers mentor r to their partner, and r has a free place or
        // prefers e (higher score, ties by id) to one of theirs.
        let scores: HashMap<(ApplicationId, ApplicationId), i64> = {
            let mut out = HashMap::new();
            for (e, ranked) in &inputs.rankings {
                for r in ranked {
                    let one = RunInputs { kind: inputs.kind, candidates: inputs.candidates.iter().filter(|c| c.application_id == *e || c.application_id == *r).cloned().map(|mut c| { c.capacity = 1; c }).collect(), set_size: None, rankings: vec![], mentor_load_min: None, mentor_loads: vec![], assessment: None };
                    let mut q = params(vec![]);
                    q.criteria = p.criteria.clone();
                    q.criteria.shortlist = None;
                    let s = plan(&one, &q).expect("plan").matches.first().map(|m| m.score);
                    if let Some(s) = s { out.insert((*e, *r), s); }
                }
            }
            out
        };
        for (e, ranked) in &inputs.rankings {
            for r in ranked {
                if partner.get(e) == Some(r) { break; }
                if cap[r] == 0 { continue; }
                let Some(&s) = scores.get(&(*e, *r)) else { continue };
                let theirs = load.get(r).cloned().unwrap_or_default();
                let free = (theirs.len() as u32) < cap[r];
                let prefers = theirs.iter().any(|(t, other)| s > *t || (s == *t && e < other));
                prop_assert!(!(free || prefers), "blocking pair {e} {r}");
            }
        }
    }
}
