//! Profiles → candidates → exact solve → pricing.

use proptest::prelude::*;
use tandem_matching::assign::{Arc, SparseProblem, solve_sparse};
use tandem_matching::candidates::{
    AssessmentUse, CandidateError, Criteria, Criterion, ProfessionPreference, Profile, allowed,
    build_candidates, explain, match_people, match_reciprocal, reciprocal_score, score,
    synthetic_people,
};

/// Every allowed pair of the full problem, scored: the oracle the pricing loop must match.
fn full_problem(e: &[Profile], r: &[Profile], c: &Criteria) -> SparseProblem {
    let mut arcs = Vec::new();
    for (i, x) in e.iter().enumerate() {
        for (j, y) in r.iter().enumerate() {
            if allowed(c, x, y) {
                arcs.push(Arc {
                    mentee: i as u32,
                    mentor: j as u32,
                    score: score(c, x, y),
                });
            }
        }
    }
    SparseProblem {
        mentees: e.len(),
        capacities: r.iter().map(|p| p.capacity).collect(),
        arcs,
    }
}

fn small_criteria(k_e: usize, k_r: usize, threads: usize) -> Criteria {
    let mut c = Criteria {
        k_per_mentee: k_e,
        k_per_mentor: k_r,
        threads,
        ..Criteria::default()
    };
    c.weights.assessment = 2;
    c
}

/// Criteria with every rule that shapes the scan kernel's tables and bounds switched on or off by
/// one bit of `shape`: each hard constraint, the preferences, the assessment, and a goals weight
/// of 0 (everyone ties on the largest part).
fn varied_criteria(shape: u32, k_e: usize, k_r: usize, threads: usize) -> Criteria {
    let bit = |b: u32| shape >> b & 1 == 1;
    let mut c = small_criteria(k_e, k_r, threads);
    c.hard.different_organisation = bit(0);
    c.hard.grade_gap_min = bit(1).then_some(0);
    c.hard.grade_gap_max = bit(2).then_some(2);
    c.hard.require_common_mode = bit(3);
    c.hard.require_common_language = bit(4);
    c.hard.min_availability_overlap = if bit(5) { 6 } else { 0 };
    c.hard.require_goal_overlap = bit(6);
    c.hard.require_profession_preference = bit(7);
    if bit(8) {
        c.profession = ProfessionPreference::Same;
    }
    if bit(9) {
        c.assessment = AssessmentUse::Complementarity;
    }
    c.weights.assessment = if bit(10) { 0 } else { 2 };
    c.ideal_grade_gap = if bit(11) { 0 } else { 1 };
    c.availability_target = if bit(12) { 3 } else { 8 };
    c.weights.goals = if bit(13) { 0 } else { 5 };
    c
}

/// Asserts that `arcs` hold a best-`k` list of `owner` by `rank` over `options` (`(rank, other)`):
/// every option ranked strictly above the k-th is there, and at least `k` at or above it.
fn holds_best(owner: &str, mut options: Vec<(i64, u32)>, k: usize, has: impl Fn(u32) -> bool) {
    options.sort_by_key(|o| std::cmp::Reverse(o.0));
    if k == 0 || options.is_empty() {
        return;
    }
    let kth = options[k.min(options.len()) - 1].0;
    for &(rank, other) in &options {
        if rank > kth {
            assert!(
                has(other),
                "{owner}: {other} (rank {rank}) beats the k-th ({kth})"
            );
        }
    }
    let kept = options.iter().filter(|&&(r, o)| r >= kth && has(o)).count();
    assert!(
        kept >= k.min(options.len()),
        "{owner}: {kept} of its best {k}"
    );
}

#[test]
fn explanation_sums_to_score_and_names_every_criterion() {
    let (e, r) = synthetic_people(30, 20, 3);
    let c = small_criteria(5, 3, 1);
    for x in &e {
        for y in &r {
            let parts = explain(&c, x, y);
            assert_eq!(parts.iter().map(|p| p.1).sum::<i64>(), score(&c, x, y));
            assert_eq!(
                parts.iter().map(|p| p.0).collect::<Vec<_>>(),
                Criterion::ALL.to_vec()
            );
            assert!(parts.iter().all(|p| p.1 >= 0));
        }
    }
}

#[test]
fn criteria_points_follow_their_definitions() {
    let c = Criteria::default();
    let e = Profile {
        id: 1,
        goals: 0b111,
        grade: 5,
        profession: 1,
        languages: 1,
        modes: 1,
        availability: 0xff,
        ..Profile::default()
    };
    let r = Profile {
        id: 2,
        expertise: 0b011,
        grade: 6,
        profession: 2,
        languages: 1,
        modes: 2,
        availability: 0x0f,
        ..Profile::default()
    };
    let parts: std::collections::HashMap<_, _> = explain(&c, &e, &r).into_iter().collect();
    let w = c.weights;
    assert_eq!(parts[&Criterion::Goals], w.goals * (1000 * 2 / 3));
    assert_eq!(
        parts[&Criterion::GradeGap],
        w.grade_gap * 1000,
        "gap 1 is the default ideal"
    );
    assert_eq!(
        parts[&Criterion::Profession],
        w.profession * 1000,
        "different professions preferred by default"
    );
    assert_eq!(
        parts[&Criterion::Availability],
        w.availability * (1000 * 4 / 8)
    );
    assert_eq!(parts[&Criterion::Language], w.language * 1000);
    assert_eq!(parts[&Criterion::Mode], 0);
    assert_eq!(parts[&Criterion::Assessment], 0);
}

#[test]
fn line_management_chain_and_history_are_excluded() {
    let c = Criteria::default();
    let base = Profile {
        languages: 1,
        modes: 1,
        ..Profile::default()
    };
    let boss = Profile {
        id: 10,
        organisation: 1,
        ..base.clone()
    };
    let report = Profile {
        id: 11,
        organisation: 2,
        line_manager: Some(10),
        managers_manager: Some(20),
        ..base.clone()
    };
    let grand_boss = Profile {
        id: 20,
        organisation: 3,
        ..base.clone()
    };
    let sibling = Profile {
        id: 12,
        organisation: 4,
        line_manager: Some(10),
        ..base.clone()
    };
    let stranger = Profile {
        id: 13,
        organisation: 5,
        line_manager: Some(99),
        ..base.clone()
    };
    assert!(!allowed(&c, &report, &boss), "own manager");
    assert!(!allowed(&c, &boss, &report), "own report");
    assert!(!allowed(&c, &report, &grand_boss), "manager's manager");
    assert!(!allowed(&c, &report, &sibling), "same manager");
    assert!(allowed(&c, &report, &stranger));
    let prev = Profile {
        previous_partners: vec![13],
        ..report.clone()
    };
    assert!(!allowed(&c, &prev, &stranger));
    let conflicted = Profile {
        conflicts: vec![11],
        ..stranger.clone()
    };
    assert!(!allowed(&c, &report, &conflicted));
    let same_org = Profile {
        organisation: 2,
        ..stranger.clone()
    };
    assert!(!allowed(&c, &report, &same_org));
    let mut relaxed = c;
    relaxed.hard.different_organisation = false;
    assert!(allowed(&relaxed, &report, &same_org));
    let mut gap = c;
    gap.hard.grade_gap_min = Some(1);
    let junior = Profile {
        grade: -1,
        ..stranger.clone()
    };
    assert!(!allowed(&gap, &report, &junior));
    assert!(
        !allowed(&c, &report, &report),
        "nobody is paired with themselves"
    );
    // "Must" goals: the mentor's expertise has to cover one of the mentee's goals.
    let mut goals_must = c;
    goals_must.hard.require_goal_overlap = true;
    let wants = Profile {
        goals: 0b10,
        ..report.clone()
    };
    let offers = |expertise: u64| Profile {
        expertise,
        ..stranger.clone()
    };
    assert!(allowed(&goals_must, &wants, &offers(0b11)));
    assert!(!allowed(&goals_must, &wants, &offers(0b01)));
    assert!(allowed(&c, &wants, &offers(0b01)));
    // "Must" profession: the preference (different, by default) becomes a filter.
    let mut prof_must = c;
    prof_must.hard.require_profession_preference = true;
    let same_prof = Profile {
        profession: report.profession,
        ..stranger.clone()
    };
    let other_prof = Profile {
        profession: report.profession + 1,
        ..stranger.clone()
    };
    assert!(!allowed(&prof_must, &report, &same_prof));
    assert!(allowed(&prof_must, &report, &other_prof));
    assert!(allowed(&c, &report, &same_prof));
}

#[test]
fn mentor_side_lists_keep_unpopular_mentors_reachable() {
    // Every mentee prefers mentor 0 (goal match); mentor 1 matches nobody's goals, so with one
    // candidate per mentee only the reverse lists give mentor 1 any arc.
    let mk = |id: u64, org: u32, goals: u64, expertise: u64, cap: u32| Profile {
        id,
        organisation: org,
        goals,
        expertise,
        languages: 1,
        modes: 1,
        capacity: cap,
        ..Profile::default()
    };
    let e: Vec<Profile> = (0..4).map(|i| mk(i, i as u32, 1, 0, 0)).collect();
    let r = vec![mk(100, 50, 0, 1, 2), mk(101, 51, 0, 0, 2)];
    let c = small_criteria(1, 2, 1);
    let g = build_candidates(&e, &r, &c).unwrap();
    assert!(
        g.arcs.iter().any(|a| a.mentor == 1),
        "reverse kNN must give mentor 1 arcs"
    );
    let no_reverse = small_criteria(1, 0, 1);
    let g0 = build_candidates(&e, &r, &no_reverse).unwrap();
    assert!(g0.arcs.iter().all(|a| a.mentor == 0));
    // Pricing fixes the mentee-only graph anyway: everyone is placed.
    let res = match_people(&e, &r, &no_reverse).unwrap();
    assert_eq!(res.assignment.assigned, 4);
    assert!(res.stats.arcs_added > 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Pricing makes the sparse answer optimal for the full problem, whatever k is.
    #[test]
    fn pricing_equals_full_problem_optimum(seed in 0u64..10_000, ne in 1usize..40, nr in 1usize..25, k_e in 0usize..4, k_r in 0usize..3, shape in 0u32..(1 << 14)) {
        let (e, r) = synthetic_people(ne, nr, seed);
        // Every rule filters and scores in the scan kernel exactly as in `allowed` and
        // `score`, which the arcs below are checked against.
        let c = varied_criteria(shape, k_e, k_r, 2);
        let res = match_people(&e, &r, &c).unwrap();
        prop_assert!(res.optimal_for_full_problem);
        let full = solve_sparse(&full_problem(&e, &r, &c)).unwrap();
        prop_assert_eq!((res.assignment.assigned, res.assignment.total_score), (full.assigned, full.total_score));
        // Hard constraints hold on every arc and every chosen pair; capacities respected.
        for a in &res.problem.arcs {
            prop_assert!(allowed(&c, &e[a.mentee as usize], &r[a.mentor as usize]));
            prop_assert_eq!(a.score, score(&c, &e[a.mentee as usize], &r[a.mentor as usize]));
        }
        let mut load = vec![0u32; r.len()];
        for (i, m) in res.assignment.mentor_of.iter().enumerate() {
            if let Some(j) = m {
                prop_assert!(allowed(&c, &e[i], &r[*j as usize]));
                load[*j as usize] += 1;
            }
        }
        prop_assert!(load.iter().zip(&r).all(|(l, p)| *l <= p.capacity));
    }

    #[test]
    fn reciprocal_pairing_equals_full_problem(seed in 0u64..10_000, na in 1usize..25, nb in 1usize..25, k in 0usize..3, shape in 0u32..(1 << 14)) {
        let (a, b) = synthetic_people(na, nb, seed);
        let c = varied_criteria(shape, k, k, 1);
        let res = match_reciprocal(&a, &b, &c).unwrap();
        prop_assert!(res.optimal_for_full_problem);
        let mut arcs = Vec::new();
        for (i, x) in a.iter().enumerate() {
            for (j, y) in b.iter().enumerate() {
                if allowed(&c, x, y) && allowed(&c, y, x) {
                    prop_assert_eq!(reciprocal_score(&c, x, y), reciprocal_score(&c, y, x));
                    arcs.push(Arc { mentee: i as u32, mentor: j as u32, score: reciprocal_score(&c, x, y) });
                }
            }
        }
        let full = solve_sparse(&SparseProblem { mentees: a.len(), capacities: vec![1; b.len()], arcs }).unwrap();
        prop_assert_eq!((res.assignment.assigned, res.assignment.total_score), (full.assigned, full.total_score));
    }

    /// The pruned scans build exactly the lists a scan of every pair would: each mentee's best
    /// `k_e` mentors by score, each mentor's best `k_r` mentees by regret (score minus the
    /// mentee's best score), whatever the rules.
    #[test]
    fn candidate_lists_are_exact(seed in 0u64..10_000, ne in 1usize..60, nr in 1usize..40, k_e in 0usize..5, k_r in 0usize..4, shape in 0u32..(1 << 14), threads in 1usize..3) {
        let (e, r) = synthetic_people(ne, nr, seed);
        let c = varied_criteria(shape, k_e, k_r, threads);
        let g = build_candidates(&e, &r, &c).unwrap();
        let arcs: std::collections::HashSet<(u32, u32)> = g.arcs.iter().map(|a| (a.mentee, a.mentor)).collect();
        for a in &g.arcs {
            prop_assert!(allowed(&c, &e[a.mentee as usize], &r[a.mentor as usize]));
            prop_assert_eq!(a.score, score(&c, &e[a.mentee as usize], &r[a.mentor as usize]));
        }
        let options = |i: usize| -> Vec<(i64, u32)> {
            (0..r.len()).filter(|&j| allowed(&c, &e[i], &r[j])).map(|j| (score(&c, &e[i], &r[j]), j as u32)).collect()
        };
        let best: Vec<Option<i64>> = (0..e.len()).map(|i| options(i).iter().map(|o| o.0).max()).collect();
        for i in 0..e.len() {
            holds_best(&format!("mentee {i}"), options(i), k_e, |j| arcs.contains(&(i as u32, j)));
        }
        for j in 0..r.len() {
            let ranked = (0..e.len())
                .filter(|&i| allowed(&c, &e[i], &r[j]))
                .map(|i| {
                    let s = score(&c, &e[i], &r[j]);
                    // Without mentee lists there is no best score to subtract.
                    let regret = if k_e > 0 { s - best[i].unwrap_or(0) } else { s };
                    (regret, i as u32)
                })
                .collect();
            holds_best(&format!("mentor {j}"), ranked, k_r, |i| arcs.contains(&(i, j as u32)));
        }
    }
}

#[test]
fn candidate_graph_respects_hard_constraints_and_k() {
    let (e, r) = synthetic_people(300, 120, 11);
    let c = small_criteria(4, 3, 2);
    let g = build_candidates(&e, &r, &c).unwrap();
    let mut per_mentee = vec![0usize; e.len()];
    for a in &g.arcs {
        assert!(allowed(&c, &e[a.mentee as usize], &r[a.mentor as usize]));
        per_mentee[a.mentee as usize] += 1;
    }
    // Each mentee's own best 4 allowed mentors are in the graph. Equal scores are broken by a
    // hash of the pair, so at the fourth score any of the tied mentors may be the one kept.
    for (i, x) in e.iter().enumerate() {
        let all: Vec<(i64, u32)> = r
            .iter()
            .enumerate()
            .filter(|(_, y)| allowed(&c, x, y))
            .map(|(j, y)| (score(&c, x, y), j as u32))
            .collect();
        let has = |j: u32| {
            g.arcs
                .iter()
                .any(|a| a.mentee as usize == i && a.mentor == j)
        };
        holds_best(&format!("mentee {i}"), all.clone(), 4, has);
        assert!(per_mentee[i] >= all.len().min(4));
    }
}

#[test]
fn deterministic_across_thread_counts() {
    let (e, r) = synthetic_people(400, 150, 5);
    let one = match_people(&e, &r, &small_criteria(3, 2, 1)).unwrap();
    let two = match_people(&e, &r, &small_criteria(3, 2, 2)).unwrap();
    let again = match_people(&e, &r, &small_criteria(3, 2, 2)).unwrap();
    assert_eq!(one.problem, two.problem);
    assert_eq!(one.assignment, two.assignment);
    assert_eq!(two.assignment, again.assignment);
    assert_eq!(synthetic_people(50, 20, 9), synthetic_people(50, 20, 9));
}

#[test]
fn invalid_criteria_are_rejected() {
    let (e, r) = synthetic_people(3, 2, 1);
    let mut c = Criteria::default();
    c.weights.goals = -1;
    assert!(matches!(
        match_people(&e, &r, &c),
        Err(CandidateError::Weight {
            criterion: "goals",
            ..
        })
    ));
    let c = Criteria {
        availability_target: 0,
        ..Criteria::default()
    };
    assert!(matches!(
        build_candidates(&e, &r, &c),
        Err(CandidateError::AvailabilityTarget)
    ));
    let mut c = Criteria::default();
    c.hard.grade_gap_min = Some(3);
    c.hard.grade_gap_max = Some(1);
    assert!(matches!(
        match_people(&e, &r, &c),
        Err(CandidateError::GradeBounds { min: 3, max: 1 })
    ));
}
