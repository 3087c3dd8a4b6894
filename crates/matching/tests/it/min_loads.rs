//! Minimum loads: brute-force oracle on all three levels of the objective (most assigned, least
//! shortfall, highest score), agreement with the plain engine without minimums, a tampered
//! certificate rejected, and bad input.

use proptest::prelude::*;
use tandem_matching::assign::{
    Arc, AssignError, MinLoadAssignment, SparseProblem, solve_sparse, solve_sparse_min_loads,
    solve_sparse_min_loads_flow, verify_min_loads,
};

/// Exhaustive search of the lexicographic optimum `(count, −shortfall, score)`.
fn brute_force(p: &SparseProblem, mins: &[u32]) -> (usize, i64, i128) {
    let mut by: Vec<Vec<(u32, i64)>> = vec![Vec::new(); p.mentees];
    for a in &p.arcs {
        by[a.mentee as usize].push((a.mentor, a.score));
    }
    let mut best = (0usize, i64::MIN, i128::MIN);
    let mut load = vec![0u32; p.capacities.len()];
    #[allow(clippy::too_many_arguments)]
    fn rec(
        i: usize,
        by: &[Vec<(u32, i64)>],
        load: &mut [u32],
        caps: &[u32],
        mins: &[u32],
        count: usize,
        score: i128,
        best: &mut (usize, i64, i128),
    ) {
        if i == by.len() {
            let short: i64 = load
                .iter()
                .zip(mins)
                .map(|(&l, &m)| i64::from(m.saturating_sub(l)))
                .sum();
            let v = (count, -short, score);
            if v > *best {
                *best = v;
            }
            return;
        }
        rec(i + 1, by, load, caps, mins, count, score, best);
        for &(j, s) in &by[i] {
            let j = j as usize;
            if load[j] < caps[j] {
                load[j] += 1;
                rec(
                    i + 1,
                    by,
                    load,
                    caps,
                    mins,
                    count + 1,
                    score + i128::from(s),
                    best,
                );
                load[j] -= 1;
            }
        }
    }
    rec(0, &by, &mut load, &p.capacities, mins, 0, 0, &mut best);
    best
}

fn triple(r: &MinLoadAssignment) -> (usize, i64, i128) {
    (
        r.assignment.assigned,
        -(r.shortfall as i64),
        r.assignment.total_score,
    )
}

/// Small problems with minimums between 0 and the capacity.
fn strategy() -> impl Strategy<Value = (SparseProblem, Vec<u32>)> {
    (1usize..=7, 1usize..=4).prop_flat_map(|(n, m)| {
        (
            proptest::collection::vec((0u32..=3, 0u32..=3), m),
            proptest::collection::vec(proptest::option::weighted(0.5, -20i64..=20), n * m),
        )
            .prop_map(move |(cm, cells)| {
                let arcs = cells
                    .iter()
                    .enumerate()
                    .filter_map(|(k, s)| {
                        s.map(|score| Arc {
                            mentee: (k / m) as u32,
                            mentor: (k % m) as u32,
                            score,
                        })
                    })
                    .collect();
                let capacities: Vec<u32> = cm.iter().map(|&(c, _)| c).collect();
                let mins: Vec<u32> = cm.iter().map(|&(c, x)| x.min(c)).collect();
                (
                    SparseProblem {
                        mentees: n,
                        capacities,
                        arcs,
                    },
                    mins,
                )
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    /// All three levels agree with exhaustive search, and the result verifies.
    #[test]
    fn min_loads_match_brute_force((p, mins) in strategy()) {
        let r = solve_sparse_min_loads(&p, &mins).expect("valid problem");
        prop_assert!(r.assignment.optimal);
        prop_assert_eq!(triple(&r), brute_force(&p, &mins));
        let below: u64 = r.below_min.iter().map(|b| u64::from(b.min - b.load)).sum();
        prop_assert_eq!(below, r.shortfall);
    }

    /// The flow engine without minimums reaches the plain engine's (count, score).
    #[test]
    fn min_loads_flow_without_minimums_matches_plain_engine((p, _mins) in strategy()) {
        let zeros = vec![0; p.capacities.len()];
        let flow = solve_sparse_min_loads_flow(&p, &zeros).expect("valid problem");
        let plain = solve_sparse(&p).expect("valid problem");
        prop_assert_eq!(flow.assignment.assigned, plain.assigned);
        prop_assert_eq!(flow.assignment.total_score, plain.total_score);
        prop_assert_eq!(flow.shortfall, 0);
    }

    /// Dropping one assigned mentee (keeping the report consistent) is never accepted with the
    /// optimum's certificate.
    #[test]
    fn min_loads_tampered_solution_rejected((p, mins) in strategy()) {
        let r = solve_sparse_min_loads_flow(&p, &mins).expect("valid problem");
        if let Some(i) = r.assignment.mentor_of.iter().position(Option::is_some) {
            let mut bad = r.clone();
            let j = bad.assignment.mentor_of[i].take().expect("assigned") as usize;
            bad.assignment.assigned -= 1;
            let s = p.arcs.iter().find(|a| a.mentee as usize == i && a.mentor as usize == j)
                .expect("arc").score;
            bad.assignment.total_score -= i128::from(s);
            let mut load = vec![0u32; p.capacities.len()];
            for j in bad.assignment.mentor_of.iter().flatten() {
                load[*j as usize] += 1;
            }
            bad.shortfall = load.iter().zip(&mins).map(|(&l, &m)| u64::from(m.saturating_sub(l))).sum();
            bad.below_min = load.iter().zip(&mins).enumerate().filter(|(_, (l, m))| l < m)
                .map(|(j, (&load, &min))| tandem_matching::assign::BelowMin { mentor: j as u32, load, min })
                .collect();
            prop_assert!(verify_min_loads(&p, &mins, &bad).is_err());
        }
    }
}

/// Minimums change the answer: two mentors with minimum 2 and four mentees share them 2 + 2 even
/// though one mentor scores higher with everyone.
#[test]
fn min_loads_spread_mentees_before_score() {
    let mut arcs = Vec::new();
    for i in 0..4 {
        arcs.push(Arc {
            mentee: i,
            mentor: 0,
            score: 100,
        });
        arcs.push(Arc {
            mentee: i,
            mentor: 1,
            score: 1,
        });
    }
    let p = SparseProblem {
        mentees: 4,
        capacities: vec![4, 4],
        arcs,
    };
    let plain = solve_sparse(&p).expect("valid");
    assert_eq!(plain.total_score, 400);
    let r = solve_sparse_min_loads(&p, &[2, 2]).expect("valid");
    assert_eq!(r.assignment.assigned, 4);
    assert_eq!(r.shortfall, 0);
    assert_eq!(r.assignment.total_score, 202);
    assert!(r.below_min.is_empty());
}

/// Cardinality first: a mentor whose only possible mentee is needed elsewhere stays below.
#[test]
fn min_loads_never_trade_a_mentee_for_the_minimum() {
    // Mentee 0 can go to mentor 0 or 1, mentee 1 only to mentor 0 (capacity 1).
    let p = SparseProblem {
        mentees: 2,
        capacities: vec![1, 1],
        arcs: vec![
            Arc {
                mentee: 0,
                mentor: 0,
                score: 5,
            },
            Arc {
                mentee: 0,
                mentor: 1,
                score: 0,
            },
            Arc {
                mentee: 1,
                mentor: 0,
                score: 0,
            },
        ],
    };
    let r = solve_sparse_min_loads(&p, &[1, 1]).expect("valid");
    assert_eq!(r.assignment.assigned, 2);
    assert_eq!(r.assignment.mentor_of, vec![Some(1), Some(0)]);
    assert_eq!(r.shortfall, 0);
    let r = solve_sparse_min_loads(&p, &[0, 1]).expect("valid");
    assert_eq!(r.assignment.mentor_of, vec![Some(1), Some(0)]);
    // Three mentors with minimum 1, two mentees: one must stay below, and is named.
    let p = SparseProblem {
        mentees: 2,
        capacities: vec![2, 2, 2],
        arcs: (0..2)
            .flat_map(|i| {
                (0..3).map(move |j| Arc {
                    mentee: i,
                    mentor: j,
                    score: i64::from(j),
                })
            })
            .collect(),
    };
    let r = solve_sparse_min_loads(&p, &[1, 1, 1]).expect("valid");
    assert_eq!(r.shortfall, 1);
    assert_eq!(r.below_min.len(), 1);
    assert_eq!(r.below_min[0].mentor, 0);
    assert_eq!(r.assignment.total_score, 3);
}

/// A tampered dual value is rejected.
#[test]
fn min_loads_tampered_certificate_rejected() {
    let p = SparseProblem {
        mentees: 3,
        capacities: vec![2, 2],
        arcs: (0..3)
            .flat_map(|i| {
                (0..2).map(move |j| Arc {
                    mentee: i,
                    mentor: j,
                    score: i64::from(i * 3 + j),
                })
            })
            .collect(),
    };
    let mins = [2, 1];
    let r = solve_sparse_min_loads(&p, &mins).expect("valid");
    verify_min_loads(&p, &mins, &r).expect("the engine's own certificate verifies");
    let mut bad = r.clone();
    let cert = bad.certificate.as_mut().expect("certificate with minimums");
    cert.mentor[0].2 -= 1;
    assert!(verify_min_loads(&p, &mins, &bad).is_err());
    let mut bad = r.clone();
    bad.shortfall += 1;
    assert!(verify_min_loads(&p, &mins, &bad).is_err());
}

/// Without minimums the result is exactly the plain engine's.
#[test]
fn min_loads_all_zero_is_the_plain_engine() {
    let p = SparseProblem {
        mentees: 3,
        capacities: vec![1, 2],
        arcs: vec![
            Arc {
                mentee: 0,
                mentor: 0,
                score: 3,
            },
            Arc {
                mentee: 1,
                mentor: 1,
                score: 2,
            },
            Arc {
                mentee: 2,
                mentor: 0,
                score: 7,
            },
        ],
    };
    let r = solve_sparse_min_loads(&p, &[0, 0]).expect("valid");
    assert_eq!(r.assignment, solve_sparse(&p).expect("valid"));
    assert!(r.certificate.is_none());
}

#[test]
fn min_loads_bad_input() {
    let p = SparseProblem {
        mentees: 1,
        capacities: vec![1],
        arcs: vec![],
    };
    assert_eq!(
        solve_sparse_min_loads(&p, &[2]),
        Err(AssignError::MinAboveCapacity {
            mentor: 0,
            min: 2,
            capacity: 1
        })
    );
    assert_eq!(
        solve_sparse_min_loads(&p, &[0, 0]),
        Err(AssignError::MinLoadsLength { got: 2, mentors: 1 })
    );
}
