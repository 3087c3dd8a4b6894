//! One pair solver for every pairing run (issue #15): the profile criteria, the assessment and
//! shared-background points, the mentors' minimum loads and the ban on 2-cycles all act on the
//! same problem, so switching one on never silently switches another off.
//!
//! **Why one problem.** Each of those used to pick its own engine call (assessment points, then
//! minimums, then dual roles, first match wins), so a programme with assessment matching on and a
//! minimum load ignored the minimum, and neither of those two paths knew about 2-cycles. Here the
//! planner states the run once, as a [`PairProblem`]: every allowed (mentee, mentor) arc with its
//! whole score ([`score`]: criteria points plus assessment and shared-background points, 0 when
//! assessment matching is off), the mentors' remaining places and the places each still needs to
//! reach the programme's minimum (all 0 without a minimum, and for paired learning). Every
//! allowed pair is an arc: an intake's pool is tens to a few hundred people, so scoring each pair
//! once is cheap, and with no pair left out the engine's certificate covers the full problem.
//!
//! **Objective** (lexicographic, the engines' own): the most mentees placed, then the most
//! minimum places filled (`Σ min(load, needed)`), then the highest total score. A problem with
//! any minimum goes to [`solve_sparse_min_loads`], otherwise to the plain [`solve_sparse`].
//!
//! **2-cycles** (dual roles: a person with both a mentee and a mentor application). "Not both
//! A→B and B→A" couples two arcs and is not a transportation constraint, so the engine cannot be
//! told it directly. It is solved exactly by branch and bound over the engine: solve without the
//! rule; if the answer holds a 2-cycle, every answer that obeys the rule lacks one of its two
//! arcs, so solve both branches (each with one arc removed) and keep the better by the objective
//! above (the first branch on a tie, so the answer is deterministic). A branch whose
//! unconstrained optimum is no better than the best answer found is cut. Dual roles are rare, so
//! the tree is a handful of solves; a budget of [`NODE_BUDGET`] solves bounds the work per run.
//! If the budget runs out, each remaining 2-cycle loses the arc of its later mentee (by position,
//! that is by application id) until none is left, and the run is reported as not proven optimal.
//! For paired learning the same rule keeps two people with both roles from being paired twice.

use std::collections::{BTreeSet, HashMap};

use tandem_matching::assign::{Arc, SparseProblem, solve_sparse, solve_sparse_min_loads};
use tandem_matching::candidates::{self, Criteria, Profile};

use super::inputs::{Candidate, PlanError, RunInputs};

/// Most engine solves one run may spend on 2-cycles.
pub const NODE_BUDGET: usize = 64;

/// One pairing run's free part, as the solver sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairProblem {
    /// Person key of each mentee; a person with both roles has the same key on both sides.
    pub mentees: Vec<u64>,
    /// Person key of each mentor.
    pub mentors: Vec<u64>,
    /// Places each mentor still offers in this run.
    pub places: Vec<u32>,
    /// Places each mentor still needs to reach the minimum (never more than `places`).
    pub needed: Vec<u32>,
    /// Every allowed (mentee, mentor) pair with its whole score.
    pub arcs: Vec<Arc>,
}

/// `(placed, minimum places filled, score)`, compared lexicographically.
pub type Value = (usize, u64, i128);

/// An assignment without 2-cycles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solved {
    /// The mentor (index into [`PairProblem::mentors`]) of each mentee.
    pub mentor_of: Vec<Option<u32>>,
    /// Proven optimal among all answers without 2-cycles.
    pub optimal: bool,
}

impl PairProblem {
    /// The objective's value of an assignment (scores of pairs that are not arcs count 0).
    pub fn value(&self, mentor_of: &[Option<u32>]) -> Value {
        let scores: HashMap<(u32, u32), i64> = self
            .arcs
            .iter()
            .map(|a| ((a.mentee, a.mentor), a.score))
            .collect();
        let mut load = vec![0u32; self.mentors.len()];
        let mut score = 0i128;
        for (i, m) in mentor_of.iter().enumerate() {
            if let Some(j) = m {
                load[*j as usize] += 1;
                score += scores.get(&(i as u32, *j)).map_or(0, |&s| i128::from(s));
            }
        }
        let filled = load
            .iter()
            .zip(&self.needed)
            .map(|(&l, &n)| u64::from(l.min(n)))
            .sum();
        (mentor_of.iter().flatten().count(), filled, score)
    }

    /// A 2-cycle in `mentor_of`: two assigned arcs (k1, j1), (k2, j2), k1 < k2, with k1's
    /// person the mentor j2 and k2's person the mentor j1; the first by mentee position.
    pub fn two_cycle(&self, mentor_of: &[Option<u32>]) -> Option<((usize, usize), (usize, usize))> {
        let arcs: Vec<(usize, usize)> = mentor_of
            .iter()
            .enumerate()
            .filter_map(|(k, m)| m.map(|j| (k, j as usize)))
            .collect();
        for &(k1, j1) in &arcs {
            for &(k2, j2) in &arcs {
                if k1 < k2
                    && self.mentees[k1] == self.mentors[j2]
                    && self.mentees[k2] == self.mentors[j1]
                {
                    return Some(((k1, j1), (k2, j2)));
                }
            }
        }
        None
    }
}

/// True when `mentee` and `mentor` may be paired: not the same person, and every hard rule of
/// `c` holds (in both directions for paired learning).
pub fn allowed(c: &Criteria, mentee: &Profile, mentor: &Profile, reciprocal: bool) -> bool {
    mentee.id != mentor.id
        && candidates::allowed(c, mentee, mentor)
        && (!reciprocal || candidates::allowed(c, mentor, mentee))
}

/// The whole score of a pair as a run counts it: the profile criteria (both directions for paired
/// learning) plus the assessment and shared-background points when the programme uses them.
/// Runs and shortlists both rank by it, so a shortlist orders mentors as a run would.
pub fn score(
    inputs: &RunInputs,
    c: &Criteria,
    (a, b): (&Candidate, &Candidate),
    (pa, pb): (&Profile, &Profile),
    reciprocal: bool,
) -> i64 {
    let base = if reciprocal {
        candidates::reciprocal_score(c, pa, pb)
    } else {
        candidates::score(c, pa, pb)
    };
    base + super::assessment::points(inputs, a, b, reciprocal)
}

/// The free part of a pairing run as a [`PairProblem`]: the mentees `free` (positions in
/// `left`) against every mentor of `right` with `places` left, each allowed pair an arc scored by
/// [`score`]; `needed` is what each mentor still needs to reach the minimum (all 0 for none).
/// The profiles carry the run's forbidden pairs and the reverses of its locks as conflicts.
pub(super) fn problem(
    inputs: &RunInputs,
    c: &Criteria,
    (left, lp, free): (&[&Candidate], &[Profile], &[usize]),
    (right, rp, places, needed): (&[&Candidate], &[Profile], &[u32], Vec<u32>),
    reciprocal: bool,
) -> Result<PairProblem, PlanError> {
    c.validate().map_err(|e| PlanError::Engine(e.to_string()))?;
    let mut arcs = Vec::new();
    for (k, &i) in free.iter().enumerate() {
        for j in 0..right.len() {
            if places[j] > 0 && allowed(c, &lp[i], &rp[j], reciprocal) {
                arcs.push(Arc {
                    mentee: k as u32,
                    mentor: j as u32,
                    score: score(inputs, c, (left[i], right[j]), (&lp[i], &rp[j]), reciprocal),
                });
            }
        }
    }
    Ok(PairProblem {
        mentees: free.iter().map(|&i| lp[i].id).collect(),
        mentors: rp.iter().map(|p| p.id).collect(),
        places: places.to_vec(),
        needed,
        arcs,
    })
}

struct Node {
    mentor_of: Vec<Option<u32>>,
    value: Value,
    optimal: bool,
}

/// One engine solve of `p` without the `banned` arcs.
fn solve_once(p: &PairProblem, banned: &BTreeSet<(u32, u32)>) -> Result<Node, PlanError> {
    let sparse = SparseProblem {
        mentees: p.mentees.len(),
        capacities: p.places.clone(),
        arcs: p
            .arcs
            .iter()
            .filter(|a| !banned.contains(&(a.mentee, a.mentor)))
            .copied()
            .collect(),
    };
    let engine = |e: tandem_matching::assign::AssignError| PlanError::Engine(e.to_string());
    let a = if p.needed.iter().any(|&n| n > 0) {
        solve_sparse_min_loads(&sparse, &p.needed)
            .map_err(engine)?
            .assignment
    } else {
        solve_sparse(&sparse).map_err(engine)?
    };
    Ok(Node {
        value: p.value(&a.mentor_of),
        mentor_of: a.mentor_of,
        optimal: a.optimal,
    })
}

/// The best assignment of `p` (by [`Value`]) with no 2-cycle.
pub fn solve(p: &PairProblem) -> Result<Solved, PlanError> {
    let mut best: Option<Node> = None;
    let mut solves = 0usize;
    let mut complete = true;
    let mut stack: Vec<BTreeSet<(u32, u32)>> = vec![BTreeSet::new()];
    // Depth first, first branch first: the first best answer found is kept on ties.
    while let Some(banned) = stack.pop() {
        if solves >= NODE_BUDGET {
            complete = false;
            break;
        }
        solves += 1;
        let node = solve_once(p, &banned)?;
        complete &= node.optimal;
        if best.as_ref().is_some_and(|b| node.value <= b.value) {
            continue;
        }
        match p.two_cycle(&node.mentor_of) {
            None => best = Some(node),
            Some(((k1, j1), (k2, j2))) => {
                let mut second = banned.clone();
                second.insert((k2 as u32, j2 as u32));
                let mut first = banned;
                first.insert((k1 as u32, j1 as u32));
                stack.push(second);
                stack.push(first);
            }
        }
    }
    if complete && let Some(b) = best {
        return Ok(Solved {
            mentor_of: b.mentor_of,
            optimal: true,
        });
    }
    // Out of budget: a deterministic rule instead of the search (each round removes one arc, so
    // it ends).
    let mut banned = BTreeSet::new();
    loop {
        let node = solve_once(p, &banned)?;
        match p.two_cycle(&node.mentor_of) {
            None => {
                return Ok(Solved {
                    mentor_of: node.mentor_of,
                    optimal: false,
                });
            }
            Some((_, (k2, j2))) => {
                banned.insert((k2 as u32, j2 as u32));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Brute force: the best value over every assignment within places and without 2-cycles.
    fn brute(p: &PairProblem) -> Value {
        fn go(
            k: usize,
            p: &PairProblem,
            load: &mut [u32],
            chosen: &mut Vec<Option<u32>>,
            best: &mut Value,
        ) {
            if k == p.mentees.len() {
                if p.two_cycle(chosen).is_none() {
                    *best = (*best).max(p.value(chosen));
                }
                return;
            }
            chosen.push(None);
            go(k + 1, p, load, chosen, best);
            chosen.pop();
            for a in p.arcs.iter().filter(|a| a.mentee as usize == k) {
                let j = a.mentor as usize;
                if load[j] < p.places[j] {
                    load[j] += 1;
                    chosen.push(Some(a.mentor));
                    go(k + 1, p, load, chosen, best);
                    chosen.pop();
                    load[j] -= 1;
                }
            }
        }
        let mut best = (0, 0, i128::MIN);
        go(0, p, &mut vec![0; p.places.len()], &mut vec![], &mut best);
        best
    }

    /// A small problem: mentees are people 1..=n, mentors people `mentor_ids`; every pair
    /// between different people is an arc scored `criteria + bonus`, unless `dropped`.
    fn problem(
        mentees: usize,
        mentors: &[(u64, u32, u32)],
        scores: &[(i64, i64, bool)],
    ) -> PairProblem {
        let mut arcs = Vec::new();
        for i in 0..mentees {
            for (j, m) in mentors.iter().enumerate() {
                let (criteria, bonus, dropped) = scores[(i * mentors.len() + j) % scores.len()];
                if m.0 != i as u64 + 1 && !dropped {
                    arcs.push(Arc {
                        mentee: i as u32,
                        mentor: j as u32,
                        score: criteria + bonus,
                    });
                }
            }
        }
        PairProblem {
            mentees: (1..=mentees as u64).collect(),
            mentors: mentors.iter().map(|m| m.0).collect(),
            places: mentors.iter().map(|m| m.1).collect(),
            needed: mentors.iter().map(|m| m.2.min(m.1)).collect(),
            arcs,
        }
    }

    #[test]
    fn two_people_in_both_roles_are_not_each_others_mentor() {
        // People 1 and 2 are each mentee and mentor; the unconstrained optimum is 1→2 and 2→1.
        let p = problem(2, &[(2, 1, 0), (1, 1, 0)], &[(5, 0, false)]);
        let free = solve_sparse(&SparseProblem {
            mentees: 2,
            capacities: p.places.clone(),
            arcs: p.arcs.clone(),
        })
        .expect("solve");
        assert!(p.two_cycle(&free.mentor_of).is_some());
        let s = solve(&p).expect("solve");
        assert!(p.two_cycle(&s.mentor_of).is_none());
        assert_eq!(s.mentor_of.iter().flatten().count(), 1);
        assert!(s.optimal);
    }

    #[test]
    fn a_minimum_is_honoured_without_a_two_cycle() {
        // Mentors: person 1 (dual role, 2 places, needs 2) and person 9 (2 places). Mentee 2
        // and mentee 1 (the dual-role person) score best with each other's mentor side.
        let p = PairProblem {
            mentees: vec![1, 2, 3],
            mentors: vec![1, 2, 9],
            places: vec![2, 1, 2],
            needed: vec![2, 0, 0],
            arcs: vec![
                Arc {
                    mentee: 0,
                    mentor: 1,
                    score: 9,
                },
                Arc {
                    mentee: 0,
                    mentor: 2,
                    score: 1,
                },
                Arc {
                    mentee: 1,
                    mentor: 0,
                    score: 9,
                },
                Arc {
                    mentee: 1,
                    mentor: 2,
                    score: 1,
                },
                Arc {
                    mentee: 2,
                    mentor: 0,
                    score: 1,
                },
                Arc {
                    mentee: 2,
                    mentor: 2,
                    score: 5,
                },
            ],
        };
        let s = solve(&p).expect("solve");
        assert!(p.two_cycle(&s.mentor_of).is_none());
        assert_eq!(p.value(&s.mentor_of), brute(&p));
        // Person 1 as mentor gets both others: the minimum outranks the score.
        assert_eq!(s.mentor_of, vec![Some(2), Some(0), Some(0)]);
        assert!(s.optimal);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// Never a 2-cycle, never paired with oneself, within places, and as good as the best
        /// answer without 2-cycles found by brute force, by (placed, filled, score).
        #[test]
        fn optimal_against_brute_force(
            mentees in 1usize..=6,
            mentors in proptest::collection::vec((1u64..9, 1u32..3, 0u32..3), 1..=4),
            scores in proptest::collection::vec((0i64..40, 0i64..20, proptest::bool::weighted(0.2)), 1..24),
        ) {
            let mut seen = BTreeSet::new();
            let mentors: Vec<_> = mentors.into_iter().filter(|m| seen.insert(m.0)).collect();
            let p = problem(mentees, &mentors, &scores);
            let s = solve(&p).expect("solve");
            prop_assert!(p.two_cycle(&s.mentor_of).is_none());
            let mut load = vec![0u32; p.mentors.len()];
            for (i, m) in s.mentor_of.iter().enumerate() {
                if let Some(j) = m {
                    prop_assert_ne!(p.mentees[i], p.mentors[*j as usize]);
                    prop_assert!(p.arcs.iter().any(|a| a.mentee as usize == i && a.mentor == *j));
                    load[*j as usize] += 1;
                }
            }
            for (j, l) in load.iter().enumerate() {
                prop_assert!(*l <= p.places[j]);
            }
            prop_assert!(s.optimal);
            prop_assert_eq!(p.value(&s.mentor_of), brute(&p));
        }
    }
}
