//! Exact assignment: brute-force oracles, textbook cases, certificates and bad input.

use proptest::prelude::*;
use tandem_matching::assign::{
    Arc, AssignError, DenseProblem, FORBIDDEN, SparseProblem, solve_dense, solve_sparse,
    solve_sparse_paths, verify, verify_dense,
};

/// Exhaustive search of the lexicographic optimum (count, score) over every assignment.
fn brute_force(p: &SparseProblem) -> (usize, i128) {
    let mut by_mentee: Vec<Vec<(u32, i64)>> = vec![Vec::new(); p.mentees];
    for a in &p.arcs {
        by_mentee[a.mentee as usize].push((a.mentor, a.score));
    }
    fn rec(
        i: usize,
        by: &[Vec<(u32, i64)>],
        load: &mut [u32],
        caps: &[u32],
        count: usize,
        score: i128,
        best: &mut (usize, i128),
    ) {
        if i == by.len() {
            if (count, score) > *best {
                *best = (count, score);
            }
            return;
        }
        rec(i + 1, by, load, caps, count, score, best);
        for &(j, s) in &by[i] {
            let j = j as usize;
            if load[j] < caps[j] {
                load[j] += 1;
                rec(
                    i + 1,
                    by,
                    load,
                    caps,
                    count + 1,
                    score + i128::from(s),
                    best,
                );
                load[j] -= 1;
            }
        }
    }
    let mut best = (0, i128::MIN);
    let mut load = vec![0; p.capacities.len()];
    rec(0, &by_mentee, &mut load, &p.capacities, 0, 0, &mut best);
    best
}

/// Solves with the default engine and with augmenting paths alone: both optimal, feasible and
/// equal in the lexicographic objective. Returns the default engine's answer.
fn engines_agree(p: &SparseProblem, case: &str) -> tandem_matching::assign::Assignment {
    let a = solve_sparse(p).unwrap();
    let b = solve_sparse_paths(p).unwrap();
    assert!(a.optimal && b.optimal, "{case}");
    assert_eq!(b.stats.auction_bids, 0, "{case}");
    assert_eq!(
        (a.assigned, a.total_score),
        (b.assigned, b.total_score),
        "{case}"
    );
    assert_feasible(p, &a.mentor_of);
    a
}

/// A small deterministic generator for the medium-sized random instances.
fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Checks feasibility directly (independently of the certificate code).
fn assert_feasible(p: &SparseProblem, mentor_of: &[Option<u32>]) {
    assert_eq!(mentor_of.len(), p.mentees);
    let mut load = vec![0u32; p.capacities.len()];
    for (i, m) in mentor_of.iter().enumerate() {
        if let Some(j) = m {
            assert!(
                p.arcs
                    .iter()
                    .any(|a| a.mentee as usize == i && a.mentor == *j),
                "forbidden pair ({i}, {j}) used"
            );
            load[*j as usize] += 1;
        }
    }
    for (j, (&l, &c)) in load.iter().zip(&p.capacities).enumerate() {
        assert!(l <= c, "mentor {j} over capacity: {l} > {c}");
    }
}

fn sparse_strategy() -> impl Strategy<Value = SparseProblem> {
    (1usize..=6, 1usize..=4).prop_flat_map(|(n, m)| {
        (
            proptest::collection::vec(0u32..=3, m),
            proptest::collection::vec(proptest::option::weighted(0.55, -20i64..=20), n * m),
        )
            .prop_map(move |(capacities, cells)| {
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
                SparseProblem {
                    mentees: n,
                    capacities,
                    arcs,
                }
            })
    })
}

fn dense_strategy() -> impl Strategy<Value = DenseProblem> {
    (1usize..=6, 1usize..=6).prop_flat_map(|(rows, cols)| {
        proptest::collection::vec(proptest::option::weighted(0.8, -50i64..=50), rows * cols)
            .prop_map(move |cells| DenseProblem {
                rows,
                cols,
                scores: cells.into_iter().map(|c| c.unwrap_or(FORBIDDEN)).collect(),
            })
    })
}

/// Instances where every mentee can be placed (a planted place for each, capacities summing to
/// exactly the mentees or a little more, plus random extra arcs): the auction's territory.
fn placeable_strategy() -> impl Strategy<Value = SparseProblem> {
    (1usize..=6, 1usize..=4, 0u32..=2).prop_flat_map(|(n, m, surplus)| {
        (
            proptest::collection::vec(0..m as u32, n),
            proptest::collection::vec(-20i64..=20, n),
            proptest::collection::vec(proptest::option::weighted(0.5, -20i64..=20), n * m),
            0..m as u32,
        )
            .prop_map(move |(planted, planted_score, cells, extra_at)| {
                let mut capacities = vec![0u32; m];
                let mut arcs = Vec::new();
                for (i, &j) in planted.iter().enumerate() {
                    capacities[j as usize] += 1;
                    arcs.push(Arc {
                        mentee: i as u32,
                        mentor: j,
                        score: planted_score[i],
                    });
                }
                capacities[extra_at as usize] += surplus;
                for (k, s) in cells.iter().enumerate() {
                    let (i, j) = ((k / m) as u32, (k % m) as u32);
                    if let Some(score) = s
                        && planted[i as usize] != j
                    {
                        arcs.push(Arc {
                            mentee: i,
                            mentor: j,
                            score: *score,
                        });
                    }
                }
                SparseProblem {
                    mentees: n,
                    capacities,
                    arcs,
                }
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// The auction fast path is taken whenever everyone fits, and is exactly optimal.
    #[test]
    fn auction_matches_brute_force(p in placeable_strategy()) {
        let a = solve_sparse(&p).unwrap();
        prop_assert!(a.optimal);
        prop_assert!(a.stats.auction_bids > 0, "the auction did not solve it");
        assert_feasible(&p, &a.mentor_of);
        prop_assert_eq!(a.assigned, p.mentees);
        prop_assert_eq!((a.assigned, a.total_score), brute_force(&p));
        let b = solve_sparse_paths(&p).unwrap();
        prop_assert_eq!(b.stats.auction_bids, 0);
        prop_assert_eq!((b.assigned, b.total_score), (a.assigned, a.total_score));
    }

    #[test]
    fn sparse_matches_brute_force(p in sparse_strategy()) {
        let a = solve_sparse(&p).unwrap();
        prop_assert!(a.optimal);
        assert_feasible(&p, &a.mentor_of);
        prop_assert_eq!((a.assigned, a.total_score), brute_force(&p));
        prop_assert!(verify(&p, &a).is_ok());
    }

    #[test]
    fn dense_matches_brute_force_and_sparse(p in dense_strategy()) {
        let a = solve_dense(&p).unwrap();
        prop_assert!(a.optimal);
        let sp = p.to_sparse();
        assert_feasible(&sp, &a.mentor_of);
        prop_assert_eq!((a.assigned, a.total_score), brute_force(&sp));
        let b = solve_sparse(&sp).unwrap();
        prop_assert_eq!((a.assigned, a.total_score), (b.assigned, b.total_score));
        // The dense certificate is also a valid certificate of the sparse view.
        prop_assert!(verify(&sp, &a).is_ok());
    }
}

/// Random instances too big for brute force: dense and sparse engines must agree, with and
/// without forbidden pairs, square and rectangular (both orientations).
#[test]
fn dense_and_sparse_agree_on_medium_instances() {
    let mut next = xorshift(0x9e3779b97f4a7c15u64);
    for (rows, cols, forbid_pct) in [
        (60, 60, 0),
        (60, 60, 30),
        (40, 70, 0),
        (70, 40, 10),
        (50, 50, 90),
        (80, 30, 60),
    ] {
        let scores: Vec<i64> = (0..rows * cols)
            .map(|_| {
                if next() % 100 < forbid_pct {
                    FORBIDDEN
                } else {
                    (next() % 1000) as i64 - 300
                }
            })
            .collect();
        let p = DenseProblem { rows, cols, scores };
        let a = solve_dense(&p).unwrap();
        let b = solve_sparse(&p.to_sparse()).unwrap();
        assert!(a.optimal && b.optimal);
        assert_eq!(
            (a.assigned, a.total_score),
            (b.assigned, b.total_score),
            "{rows}x{cols} {forbid_pct}%"
        );
    }
}

/// Larger instances where everyone fits, with exactly as many places as mentees (the case
/// shortest augmenting paths find hardest), with spare places (the reverse auction's case) and
/// with heavy ties: the auction and shortest augmenting paths reach the same optimum, and the
/// auction is the engine that answered.
#[test]
fn auction_agrees_with_augmenting_paths() {
    let mut next = xorshift(0x2545f4914f6cdd1du64);
    for (mentees, mentors, degree, surplus, spread) in [
        (300, 150, 8, 0, 1000),
        (300, 150, 8, 15, 1000),
        (300, 100, 12, 200, 1000),
        (400, 200, 6, 0, 3),
        (400, 400, 5, 0, 1),
        (250, 120, 10, 3, 100_000),
    ] {
        let mut capacities = vec![0u32; mentors];
        let mut arcs = Vec::new();
        for i in 0..mentees {
            let planted = (next() % mentors as u64) as u32;
            capacities[planted as usize] += 1;
            let mut used = vec![planted];
            arcs.push(Arc {
                mentee: i as u32,
                mentor: planted,
                score: (next() % spread) as i64,
            });
            for _ in 1..degree {
                let j = (next() % mentors as u64) as u32;
                if !used.contains(&j) {
                    used.push(j);
                    arcs.push(Arc {
                        mentee: i as u32,
                        mentor: j,
                        score: (next() % spread) as i64,
                    });
                }
            }
        }
        for _ in 0..surplus {
            capacities[(next() % mentors as u64) as usize] += 1;
        }
        let p = SparseProblem {
            mentees,
            capacities,
            arcs,
        };
        let case = format!("{mentees}x{mentors} degree {degree} surplus {surplus} spread {spread}");
        let a = engines_agree(&p, &case);
        assert!(
            a.stats.auction_bids > 0,
            "{case}: the auction did not solve it"
        );
        assert_eq!(a.assigned, mentees, "{case}");
    }
}

/// Enough places in total, but ten mentees share one mentor with two places: the auction's
/// first phase cannot finish and a maximum placement shows who is contested. The contested part
/// (those ten and that mentor) is solved from the mentor's side, the rest by the auction, and the
/// result is the lexicographic optimum: the two best of the ten placed, everyone else too.
#[test]
fn auction_splits_off_the_contested_part() {
    let mut arcs: Vec<Arc> = (0..10)
        .map(|i| Arc {
            mentee: i,
            mentor: 0,
            score: i as i64,
        })
        .collect();
    for i in 10..30u32 {
        for (j, score) in [(1 + (i - 10) / 2, 5), (1 + ((i - 10) / 2 + 1) % 10, 7)] {
            arcs.push(Arc {
                mentee: i,
                mentor: j,
                score,
            });
        }
    }
    // 42 places for 30 mentees, so only the cardinality check can tell.
    let p = SparseProblem {
        mentees: 30,
        capacities: [vec![2], vec![4; 10]].concat(),
        arcs,
    };
    let a = solve_sparse(&p).unwrap();
    assert!(a.optimal);
    assert!(a.stats.auction_bids > 0);
    assert_eq!(a.stats.contested_mentees, 10);
    assert_eq!(a.assigned, 22);
    assert_eq!(a.total_score, 9 + 8 + 20 * 7);
    assert_eq!(a.mentor_of[9], Some(0));
    assert_eq!(a.mentor_of[8], Some(0));
    let b = solve_sparse_paths(&p).unwrap();
    assert_eq!((b.assigned, b.total_score), (a.assigned, a.total_score));
}

/// Instances where not everyone fits (fewer places than mentees, or too few where they are
/// wanted): the split of the auction and the contested part agrees with augmenting paths.
#[test]
fn split_agrees_with_augmenting_paths() {
    let mut next = xorshift(0x9e3779b97f4a7c15u64 ^ 0xdead_beef);
    for (mentees, mentors, degree, places) in [
        (300, 150, 3, 280),
        (300, 150, 6, 300),
        (300, 100, 2, 400),
        (400, 300, 4, 350),
        (200, 40, 5, 120),
    ] {
        let mut capacities = vec![0u32; mentors];
        for _ in 0..places {
            capacities[(next() % mentors as u64) as usize] += 1;
        }
        let mut arcs = Vec::new();
        for i in 0..mentees {
            let mut used = Vec::new();
            for _ in 0..degree {
                // Skewed towards low-numbered mentors, so some are contested.
                let j =
                    ((next() % mentors as u64) * (next() % mentors as u64) / mentors as u64) as u32;
                if !used.contains(&j) {
                    used.push(j);
                    arcs.push(Arc {
                        mentee: i as u32,
                        mentor: j,
                        score: (next() % 1000) as i64 - 200,
                    });
                }
            }
        }
        let p = SparseProblem {
            mentees,
            capacities,
            arcs,
        };
        let case = format!("{mentees}x{mentors} degree {degree} places {places}");
        let a = engines_agree(&p, &case);
        assert!(
            a.assigned < mentees,
            "{case}: everyone fits, not the case under test"
        );
        assert!(a.stats.contested_mentees > 0, "{case}");
    }
}

/// Kuhn's classic 3×3 example (costs; minimum 5 = 1 + 2 + 2), as scores = −cost.
#[test]
fn textbook_three_by_three() {
    let cost: [[i64; 3]; 3] = [[4, 1, 3], [2, 0, 5], [3, 2, 2]];
    let p = DenseProblem {
        rows: 3,
        cols: 3,
        scores: cost.iter().flatten().map(|c| -c).collect(),
    };
    let a = solve_dense(&p).unwrap();
    assert_eq!(a.total_score, -5);
    assert_eq!(a.mentor_of, vec![Some(1), Some(0), Some(2)]);
}

/// A tie-free 4×4 whose optimum is the anti-diagonal (each diagonal entry is 10, the rest 1).
#[test]
fn textbook_anti_diagonal() {
    let mut scores = vec![1i64; 16];
    for i in 0..4 {
        scores[i * 4 + (3 - i)] = 10;
    }
    let a = solve_dense(&DenseProblem {
        rows: 4,
        cols: 4,
        scores,
    })
    .unwrap();
    assert_eq!(a.mentor_of, vec![Some(3), Some(2), Some(1), Some(0)]);
    assert_eq!(a.total_score, 40);
}

/// Cardinality beats score: one mentee is placed at a poor score so that both are placed.
#[test]
fn cardinality_first() {
    // Mentee 0 likes mentor 0 (100) or mentor 1 (1); mentee 1 can only take mentor 0 (5).
    let p = SparseProblem {
        mentees: 2,
        capacities: vec![1, 1],
        arcs: vec![
            Arc {
                mentee: 0,
                mentor: 0,
                score: 100,
            },
            Arc {
                mentee: 0,
                mentor: 1,
                score: 1,
            },
            Arc {
                mentee: 1,
                mentor: 0,
                score: 5,
            },
        ],
    };
    let a = solve_sparse(&p).unwrap();
    assert_eq!(a.mentor_of, vec![Some(1), Some(0)]);
    assert_eq!((a.assigned, a.total_score), (2, 6));
}

/// When not everyone fits, the best competitor must win the place even if it came later: this is
/// the case a one-pass "place mentees in order" method gets wrong.
#[test]
fn contested_place_goes_to_best_score() {
    let p = SparseProblem {
        mentees: 3,
        capacities: vec![1],
        arcs: vec![
            Arc {
                mentee: 0,
                mentor: 0,
                score: 1,
            },
            Arc {
                mentee: 1,
                mentor: 0,
                score: 10,
            },
            Arc {
                mentee: 2,
                mentor: 0,
                score: -4,
            },
        ],
    };
    let a = solve_sparse(&p).unwrap();
    assert_eq!(a.mentor_of, vec![None, Some(0), None]);
    assert_eq!(a.total_score, 10);
    assert!(!a.certificate.mentee_cover[0] && a.certificate.mentor_cover[0]);
}

/// Negative scores are still taken: an assignment is better than none.
#[test]
fn negative_scores_still_assigned() {
    let p = DenseProblem {
        rows: 2,
        cols: 2,
        scores: vec![-7, FORBIDDEN, FORBIDDEN, -9],
    };
    let a = solve_dense(&p).unwrap();
    assert_eq!((a.assigned, a.total_score), (2, -16));
}

#[test]
fn mentee_without_arcs_and_zero_capacity_mentor() {
    let p = SparseProblem {
        mentees: 3,
        capacities: vec![0, 2],
        arcs: vec![
            Arc {
                mentee: 0,
                mentor: 0,
                score: 50,
            },
            Arc {
                mentee: 0,
                mentor: 1,
                score: 3,
            },
            Arc {
                mentee: 2,
                mentor: 1,
                score: 4,
            },
        ],
    };
    let a = solve_sparse(&p).unwrap();
    assert_eq!(a.mentor_of, vec![Some(1), None, Some(1)]);
    assert_eq!(a.total_score, 7);
}

#[test]
fn empty_problems() {
    let a = solve_sparse(&SparseProblem {
        mentees: 0,
        capacities: vec![],
        arcs: vec![],
    })
    .unwrap();
    assert_eq!((a.assigned, a.total_score, a.optimal), (0, 0, true));
    let b = solve_dense(&DenseProblem {
        rows: 0,
        cols: 3,
        scores: vec![],
    })
    .unwrap();
    assert_eq!((b.assigned, b.optimal), (0, true));
    let c = solve_dense(&DenseProblem {
        rows: 2,
        cols: 0,
        scores: vec![],
    })
    .unwrap();
    assert_eq!(c.mentor_of, vec![None, None]);
}

fn sample_problem() -> SparseProblem {
    let mut arcs = Vec::new();
    for i in 0..8u32 {
        for j in 0..4u32 {
            if (i + 2 * j) % 3 != 0 {
                arcs.push(Arc {
                    mentee: i,
                    mentor: j,
                    score: i64::from((i * 7 + j * 13) % 17) - 3,
                });
            }
        }
    }
    SparseProblem {
        mentees: 8,
        capacities: vec![2, 1, 3, 1],
        arcs,
    }
}

#[test]
fn certificate_rejects_a_worse_assignment() {
    let p = sample_problem();
    let a = solve_sparse(&p).unwrap();
    assert!(verify(&p, &a).is_ok());
    // Find another feasible assignment with the same count but a lower score, keep the old
    // certificate and the honest new totals: complementary slackness must fail.
    let mut worse = a.clone();
    let assigned: Vec<usize> = (0..p.mentees)
        .filter(|&i| a.mentor_of[i].is_some())
        .collect();
    let mut found = false;
    'outer: for &x in &assigned {
        for &y in &assigned {
            let (mx, my) = (a.mentor_of[x].unwrap(), a.mentor_of[y].unwrap());
            if mx == my {
                continue;
            }
            let sx = p
                .arcs
                .iter()
                .find(|e| e.mentee as usize == x && e.mentor == my);
            let sy = p
                .arcs
                .iter()
                .find(|e| e.mentee as usize == y && e.mentor == mx);
            if let (Some(sx), Some(sy)) = (sx, sy) {
                let old = p
                    .arcs
                    .iter()
                    .filter(|e| {
                        (e.mentee as usize == x && e.mentor == mx)
                            || (e.mentee as usize == y && e.mentor == my)
                    })
                    .map(|e| i128::from(e.score))
                    .sum::<i128>();
                let new = i128::from(sx.score) + i128::from(sy.score);
                if new < old {
                    worse.mentor_of[x] = Some(my);
                    worse.mentor_of[y] = Some(mx);
                    worse.total_score = a.total_score - old + new;
                    found = true;
                    break 'outer;
                }
            }
        }
    }
    assert!(found, "sample should have a strictly worse swap");
    assert!(verify(&p, &worse).is_err());
    // Unassigning someone (fewer assigned) is rejected too.
    let mut fewer = a.clone();
    let i = assigned[0];
    let s = p
        .arcs
        .iter()
        .find(|e| e.mentee as usize == i && Some(e.mentor) == a.mentor_of[i])
        .unwrap()
        .score;
    fewer.mentor_of[i] = None;
    fewer.assigned -= 1;
    fewer.total_score -= i128::from(s);
    assert!(verify(&p, &fewer).is_err());
}

#[test]
fn certificate_rejects_tampering() {
    let p = sample_problem();
    let a = solve_sparse(&p).unwrap();
    let mut t = a.clone();
    t.total_score += 1;
    assert!(verify(&p, &t).is_err());
    let mut t = a.clone();
    t.assigned += 1;
    assert!(verify(&p, &t).is_err());
    let mut t = a.clone();
    let j = (0..4)
        .find(|&j| !t.certificate.mentor_cover[j])
        .unwrap_or(0);
    t.certificate.mentor_potential[j] -= 1_000;
    assert!(verify(&p, &t).is_err());
    let mut t = a.clone();
    t.certificate.mentee_potential.pop();
    assert!(verify(&p, &t).is_err());
    // Over capacity: put everyone on mentor 1 (capacity 1) wherever allowed.
    let mut t = a.clone();
    for e in &p.arcs {
        if e.mentor == 1 {
            t.mentor_of[e.mentee as usize] = Some(1);
        }
    }
    assert!(verify(&p, &t).is_err());
    // Dense: a dense certificate with a flipped pair is rejected.
    let d = DenseProblem {
        rows: 3,
        cols: 3,
        scores: vec![9, 1, 1, 1, 9, 1, 1, 1, 9],
    };
    let a = solve_dense(&d).unwrap();
    assert_eq!(a.total_score, 27);
    let mut t = a.clone();
    t.mentor_of.swap(0, 1);
    t.total_score = 11;
    assert!(verify_dense(&d, &t).is_err());
}

#[test]
fn bad_input_is_rejected() {
    let base = SparseProblem {
        mentees: 2,
        capacities: vec![1],
        arcs: vec![Arc {
            mentee: 0,
            mentor: 0,
            score: 1,
        }],
    };
    let mut p = base.clone();
    p.arcs.push(Arc {
        mentee: 2,
        mentor: 0,
        score: 1,
    });
    assert!(matches!(
        solve_sparse(&p),
        Err(AssignError::MenteeOutOfRange { arc: 1, .. })
    ));
    let mut p = base.clone();
    p.arcs.push(Arc {
        mentee: 1,
        mentor: 1,
        score: 1,
    });
    assert!(matches!(
        solve_sparse(&p),
        Err(AssignError::MentorOutOfRange { arc: 1, .. })
    ));
    let mut p = base.clone();
    p.arcs.push(Arc {
        mentee: 1,
        mentor: 0,
        score: 1_000_000_000_001,
    });
    assert!(matches!(
        solve_sparse(&p),
        Err(AssignError::ScoreOutOfRange { arc: 1, .. })
    ));
    let mut p = base.clone();
    p.arcs.push(Arc {
        mentee: 0,
        mentor: 0,
        score: 2,
    });
    assert!(matches!(
        solve_sparse(&p),
        Err(AssignError::DuplicateArc {
            mentee: 0,
            mentor: 0,
            ..
        })
    ));
    assert!(matches!(
        solve_dense(&DenseProblem {
            rows: 2,
            cols: 2,
            scores: vec![1, 2, 3]
        }),
        Err(AssignError::MatrixShape { .. })
    ));
    assert!(matches!(
        solve_dense(&DenseProblem {
            rows: 1,
            cols: 2,
            scores: vec![1, -2_000_000_000_000]
        }),
        Err(AssignError::DenseScoreOutOfRange { row: 0, col: 1, .. })
    ));
}

/// Extreme scores at the allowed bounds do not overflow anything.
#[test]
fn extreme_scores() {
    let m = 1_000_000_000_000i64;
    let p = DenseProblem {
        rows: 3,
        cols: 3,
        scores: vec![m, -m, m, -m, m, -m, m, m, -m],
    };
    let a = solve_dense(&p).unwrap();
    let b = solve_sparse(&p.to_sparse()).unwrap();
    assert_eq!(a.total_score, i128::from(m) * 3);
    assert_eq!(a.total_score, b.total_score);
}

#[test]
fn deterministic() {
    let p = sample_problem();
    let a = solve_sparse(&p).unwrap();
    for _ in 0..3 {
        assert_eq!(solve_sparse(&p).unwrap(), a);
    }
    let d = DenseProblem {
        rows: 4,
        cols: 5,
        scores: (0..20).map(|k| (k * 37 % 11) as i64).collect(),
    };
    let a = solve_dense(&d).unwrap();
    assert_eq!(solve_dense(&d).unwrap(), a);
}
