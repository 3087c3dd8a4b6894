//! Dual roles: a person with both a mentee and a mentor application in one intake.
//!
//! Two things must never happen: being paired with themselves (the engine refuses a pair whose
//! two profiles carry the same person id, and both of a person's applications are interned to
//! the same id) and a *2-cycle*, where A mentors B while B mentors A in the same intake.
//!
//! The assignment engine solves a transportation problem; "not both (A→B) and (B→A)" couples two
//! arcs and is not a transportation constraint, so it cannot be said to the engine directly. It
//! is solved exactly by branch and bound over the engine instead: solve without the rule; if the
//! answer holds a 2-cycle, every answer that obeys the rule lacks one of its two arcs, so solve
//! both branches (each with one arc banned) and keep the better (most placed, then highest score;
//! the first branch on a tie, so the answer is deterministic). A branch whose unconstrained
//! optimum is no better than the best answer found is cut. Dual roles are rare, so the tree is a
//! handful of solves; a budget of [`NODE_BUDGET`] solves bounds the work per run. If the budget
//! runs out, each remaining 2-cycle loses the arc of its later mentee (by position, that is by
//! application id) until none is left, and the run is reported as not proven optimal.

use tandem_matching::candidates::{self, CandidateError, Criteria, Profile};

/// Most engine solves one run may spend on 2-cycles.
pub const NODE_BUDGET: usize = 64;

/// An assignment without 2-cycles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solved {
    pub mentor_of: Vec<Option<u32>>,
    /// Proven optimal among all answers without 2-cycles.
    pub optimal: bool,
}

/// Bans the directed pair (mentee `k`, mentor `j`): the mentee's profile lists the mentor's
/// person as a conflict. Only the mentee's profile changes, so the reverse direction stays open.
pub fn ban(left: &mut [Profile], right: &[Profile], k: usize, j: usize) {
    let id = right[j].id;
    if !left[k].conflicts.contains(&id) {
        left[k].conflicts.push(id);
    }
}

/// The reverse of the directed pair (mentee `i`, mentor `j`): (mentee side of `j`'s person,
/// mentor side of `i`'s person), when that person has both applications.
pub fn reverse(
    left: &[Profile],
    right: &[Profile],
    (i, j): (usize, usize),
) -> Option<(usize, usize)> {
    let k = left.iter().position(|p| p.id == right[j].id)?;
    let m = right.iter().position(|p| p.id == left[i].id)?;
    Some((k, m))
}

/// True when the reverse of (i, j) is already locked: a second lock would make a 2-cycle.
pub fn reverse_locked(
    locked: &[(usize, usize)],
    left: &[Profile],
    right: &[Profile],
    pair: (usize, usize),
) -> bool {
    reverse(left, right, pair).is_some_and(|r| locked.contains(&r))
}

/// Bans the reverse of every locked pair, so the optimisation around the locks cannot add it.
pub fn ban_reverse_of_locks(locked: &[(usize, usize)], left: &mut [Profile], right: &[Profile]) {
    for &pair in locked {
        if let Some((k, m)) = reverse(left, right, pair) {
            ban(left, right, k, m);
        }
    }
}

/// A 2-cycle in `mentor_of`: two assigned arcs (k1, j1), (k2, j2) with k1's person the mentor of
/// j2 and k2's person the mentor j1, first by mentee position.
pub fn find_two_cycle(
    left: &[Profile],
    right: &[Profile],
    mentor_of: &[Option<u32>],
) -> Option<((usize, usize), (usize, usize))> {
    let arcs: Vec<(usize, usize)> = mentor_of
        .iter()
        .enumerate()
        .filter_map(|(k, m)| m.map(|j| (k, j as usize)))
        .collect();
    for &(k1, j1) in &arcs {
        for &(k2, j2) in &arcs {
            if k1 < k2 && left[k1].id == right[j2].id && left[k2].id == right[j1].id {
                return Some(((k1, j1), (k2, j2)));
            }
        }
    }
    None
}

struct Node {
    mentor_of: Vec<Option<u32>>,
    value: (usize, i128),
    optimal: bool,
}

fn solve_once(left: &[Profile], right: &[Profile], c: &Criteria) -> Result<Node, CandidateError> {
    let r = candidates::match_people(left, right, c)?;
    Ok(Node {
        value: (r.assignment.assigned, r.assignment.total_score),
        mentor_of: r.assignment.mentor_of,
        optimal: r.optimal_for_full_problem,
    })
}

/// The best assignment of `left` mentees to `right` mentors with no 2-cycle.
pub fn solve(left: &[Profile], right: &[Profile], c: &Criteria) -> Result<Solved, CandidateError> {
    let mut best: Option<Node> = None;
    let mut solves = 0usize;
    let mut complete = true;
    let mut stack: Vec<Vec<Profile>> = vec![left.to_vec()];
    // Depth first, first branch first: the first best answer found is kept on ties.
    while let Some(l) = stack.pop() {
        if solves >= NODE_BUDGET {
            complete = false;
            break;
        }
        solves += 1;
        let node = solve_once(&l, right, c)?;
        complete &= node.optimal;
        if best.as_ref().is_some_and(|b| node.value <= b.value) {
            continue;
        }
        match find_two_cycle(&l, right, &node.mentor_of) {
            None => best = Some(node),
            Some(((k1, j1), (k2, j2))) => {
                let mut second = l.clone();
                ban(&mut second, right, k2, j2);
                let mut first = l;
                ban(&mut first, right, k1, j1);
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
    // Out of budget: a deterministic rule instead of the search (each round bans one arc, so it
    // ends).
    let mut l = left.to_vec();
    loop {
        let node = solve_once(&l, right, c)?;
        match find_two_cycle(&l, right, &node.mentor_of) {
            None => {
                return Ok(Solved {
                    mentor_of: node.mentor_of,
                    optimal: false,
                });
            }
            Some((_, (k2, j2))) => ban(&mut l, right, k2, j2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn person(id: u64, capacity: u32, grade: i32) -> Profile {
        Profile {
            id,
            organisation: id as u32,
            grade,
            modes: 1,
            languages: 1,
            capacity,
            ..Profile::default()
        }
    }

    fn criteria() -> Criteria {
        let mut c = Criteria {
            threads: 1,
            ..Criteria::default()
        };
        c.hard.require_common_language = false;
        c
    }

    /// Brute force: the best (placed, score) over every assignment without 2-cycles.
    fn brute(left: &[Profile], right: &[Profile], c: &Criteria) -> (usize, i128) {
        fn go(
            k: usize,
            left: &[Profile],
            right: &[Profile],
            c: &Criteria,
            load: &mut Vec<u32>,
            chosen: &mut Vec<Option<u32>>,
            best: &mut (usize, i128),
        ) {
            if k == left.len() {
                if find_two_cycle(left, right, chosen).is_none() {
                    let placed = chosen.iter().flatten().count();
                    let score: i128 = chosen
                        .iter()
                        .enumerate()
                        .filter_map(|(i, m)| {
                            m.map(|j| {
                                i128::from(candidates::score(c, &left[i], &right[j as usize]))
                            })
                        })
                        .sum();
                    *best = (*best).max((placed, score));
                }
                return;
            }
            chosen.push(None);
            go(k + 1, left, right, c, load, chosen, best);
            chosen.pop();
            for j in 0..right.len() {
                if load[j] < right[j].capacity && candidates::allowed(c, &left[k], &right[j]) {
                    load[j] += 1;
                    chosen.push(Some(j as u32));
                    go(k + 1, left, right, c, load, chosen, best);
                    chosen.pop();
                    load[j] -= 1;
                }
            }
        }
        let mut best = (0, i128::MIN);
        go(
            0,
            left,
            right,
            c,
            &mut vec![0; right.len()],
            &mut vec![],
            &mut best,
        );
        best
    }

    #[test]
    fn two_people_in_both_roles_are_not_each_others_mentor() {
        // A and B are each mentee and mentor; the unconstrained optimum is A→B and B→A.
        let left = vec![person(1, 1, 1), person(2, 1, 1)];
        let right = vec![person(2, 1, 2), person(1, 1, 2)];
        let c = criteria();
        let free = candidates::match_people(&left, &right, &c).unwrap();
        assert!(find_two_cycle(&left, &right, &free.assignment.mentor_of).is_some());
        let s = solve(&left, &right, &c).unwrap();
        assert!(find_two_cycle(&left, &right, &s.mentor_of).is_none());
        assert_eq!(s.mentor_of.iter().flatten().count(), 1);
        assert!(s.optimal);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Never a 2-cycle, never paired with oneself, and as good as the best answer without
        /// 2-cycles found by brute force.
        #[test]
        fn no_two_cycles_and_optimal(
            mentees in proptest::collection::vec((1u64..6, 1i32..5), 1..5),
            mentors in proptest::collection::vec((1u64..6, 1u32..3, 1i32..5), 1..4),
        ) {
            let mut seen = std::collections::BTreeSet::new();
            let left: Vec<Profile> = mentees.iter().filter(|(id, _)| seen.insert(*id))
                .map(|&(id, g)| person(id, 1, g)).collect();
            let mut seen = std::collections::BTreeSet::new();
            let right: Vec<Profile> = mentors.iter().filter(|(id, _, _)| seen.insert(*id))
                .map(|&(id, cap, g)| person(id, cap, g)).collect();
            let c = criteria();
            let s = solve(&left, &right, &c).unwrap();
            prop_assert!(find_two_cycle(&left, &right, &s.mentor_of).is_none());
            let mut load = vec![0u32; right.len()];
            for (i, m) in s.mentor_of.iter().enumerate() {
                if let Some(j) = m {
                    prop_assert_ne!(left[i].id, right[*j as usize].id);
                    load[*j as usize] += 1;
                }
            }
            for (j, l) in load.iter().enumerate() {
                prop_assert!(*l <= right[j].capacity);
            }
            let placed = s.mentor_of.iter().flatten().count();
            let score: i128 = s.mentor_of.iter().enumerate()
                .filter_map(|(i, m)| m.map(|j| i128::from(candidates::score(&c, &left[i], &right[j as usize]))))
                .sum();
            prop_assert!(s.optimal);
            prop_assert_eq!((placed, score), brute(&left, &right, &c));
        }
    }
}
