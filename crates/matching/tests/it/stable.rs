//! Stable matching: textbook cases, brute-force oracles and the verifier.

use proptest::prelude::*;
use tandem_matching::stable::{
    PrefLists, StableError, StableProblem, count_blocking_pairs, mentee_optimal,
};

fn problem(caps: &[u32], mentees: &[Vec<u32>], mentors: &[Vec<u32>]) -> StableProblem {
    StableProblem::new(
        caps.to_vec(),
        PrefLists::from_lists(mentees),
        PrefLists::from_lists(mentors),
    )
    .expect("valid instance")
}

fn pos(list: &[u32], x: u32) -> Option<usize> {
    list.iter().position(|&y| y == x)
}

/// Blocking pairs counted straight from the definition, for the oracle.
fn brute_blocking(
    caps: &[u32],
    mentees: &[Vec<u32>],
    mentors: &[Vec<u32>],
    mentor_of: &[Option<u32>],
) -> u64 {
    let mut count = 0;
    for (i, list) in mentees.iter().enumerate() {
        for (pi, &j) in list.iter().enumerate() {
            let Some(ri) = pos(&mentors[j as usize], i as u32) else {
                continue;
            };
            if mentor_of[i] == Some(j) {
                continue;
            }
            let mentee_prefers = match mentor_of[i] {
                None => true,
                Some(cur) => pi < pos(list, cur).expect("acceptable"),
            };
            let members: Vec<usize> = (0..mentees.len())
                .filter(|&k| mentor_of[k] == Some(j))
                .collect();
            let mentor_prefers = (members.len() as u32) < caps[j as usize]
                || members
                    .iter()
                    .any(|&k| pos(&mentors[j as usize], k as u32).expect("acceptable") > ri);
            if mentee_prefers && mentor_prefers {
                count += 1;
            }
        }
    }
    count
}

/// Every matching of the instance (acceptable pairs, capacities respected).
fn all_matchings(
    caps: &[u32],
    mentees: &[Vec<u32>],
    mentors: &[Vec<u32>],
) -> Vec<Vec<Option<u32>>> {
    let n = mentees.len();
    let mut out = Vec::new();
    let mut cur = vec![None; n];
    let mut load = vec![0u32; caps.len()];
    fn rec(
        i: usize,
        caps: &[u32],
        mentees: &[Vec<u32>],
        mentors: &[Vec<u32>],
        cur: &mut Vec<Option<u32>>,
        load: &mut Vec<u32>,
        out: &mut Vec<Vec<Option<u32>>>,
    ) {
        if i == mentees.len() {
            out.push(cur.clone());
            return;
        }
        cur[i] = None;
        rec(i + 1, caps, mentees, mentors, cur, load, out);
        for &j in &mentees[i] {
            let acceptable = mentors[j as usize].contains(&(i as u32));
            if acceptable && load[j as usize] < caps[j as usize] {
                load[j as usize] += 1;
                cur[i] = Some(j);
                rec(i + 1, caps, mentees, mentors, cur, load, out);
                load[j as usize] -= 1;
            }
        }
        cur[i] = None;
    }
    rec(0, caps, mentees, mentors, &mut cur, &mut load, &mut out);
    out
}

/// The mentee-optimal stable matching by enumeration: the stable matching in which every mentee
/// is at least as well off as in every other stable matching.
fn brute_mentee_optimal(
    caps: &[u32],
    mentees: &[Vec<u32>],
    mentors: &[Vec<u32>],
) -> Vec<Option<u32>> {
    let stable: Vec<_> = all_matchings(caps, mentees, mentors)
        .into_iter()
        .filter(|m| brute_blocking(caps, mentees, mentors, m) == 0)
        .collect();
    assert!(!stable.is_empty(), "a stable matching always exists");
    let rank = |i: usize, m: &Vec<Option<u32>>| -> usize {
        m[i].map_or(usize::MAX, |j| pos(&mentees[i], j).expect("acceptable"))
    };
    let best = stable
        .iter()
        .find(|cand| {
            stable
                .iter()
                .all(|other| (0..mentees.len()).all(|i| rank(i, cand) <= rank(i, other)))
        })
        .expect("the stable matchings form a lattice with a mentee-optimal element");
    best.clone()
}

#[test]
fn each_mentee_gets_their_first_choice_when_first_choices_differ() {
    // Mentors' preferences are the reverse cycle of the mentees', so the mentee-optimal and the
    // mentor-optimal matchings differ; mentees proposing get their first choice.
    let mentees = vec![vec![0, 1, 2], vec![1, 2, 0], vec![2, 0, 1]];
    let mentors = vec![vec![1, 2, 0], vec![2, 0, 1], vec![0, 1, 2]];
    let p = problem(&[1, 1, 1], &mentees, &mentors);
    let m = mentee_optimal(&p);
    assert_eq!(m.mentor_of, vec![Some(0), Some(1), Some(2)]);
    assert_eq!(count_blocking_pairs(&p, &m.mentor_of), Ok(0));
    // The mentor-optimal matching is stable too (mentors all get their first choice).
    let mentor_optimal = vec![Some(2), Some(0), Some(1)];
    assert_eq!(count_blocking_pairs(&p, &mentor_optimal), Ok(0));
}

#[test]
fn gale_shapley_rejection_chain() {
    // Classic four-by-four case in which proposals bounce around before settling.
    // Mentees 0..4, mentors 0..4, capacity 1.
    let mentees = vec![
        vec![0, 1, 2, 3],
        vec![0, 2, 1, 3],
        vec![1, 0, 3, 2],
        vec![0, 3, 2, 1],
    ];
    let mentors = vec![
        vec![3, 2, 1, 0],
        vec![0, 1, 2, 3],
        vec![1, 0, 3, 2],
        vec![2, 3, 0, 1],
    ];
    // By hand: 0,1,3 propose to mentor 0, who keeps 3 (its first choice); 2 takes mentor 1.
    // 0 goes to mentor 1, who prefers 0 to 2, so 2 goes to mentor 0 (refused: it holds 3),
    // then mentor 3, which accepts. 1 goes to mentor 2, which accepts. Result: 0-1, 1-2, 2-3, 3-0.
    let p = problem(&[1, 1, 1, 1], &mentees, &mentors);
    let m = mentee_optimal(&p);
    assert_eq!(m.mentor_of, vec![Some(1), Some(2), Some(3), Some(0)]);
    assert_eq!(
        m.mentor_of,
        brute_mentee_optimal(&[1; 4], &mentees, &mentors)
    );
}

#[test]
fn capacities_and_unacceptable_pairs() {
    // Mentor 0 (capacity 2) lists 0, 1, 2; mentor 1 (capacity 1) lists only 2.
    // Mentee 3 lists mentor 0, which does not list it back: unacceptable, so 3 stays unmatched.
    let mentees = vec![vec![0, 1], vec![0], vec![0, 1], vec![0]];
    let mentors = vec![vec![2, 1, 0], vec![2]];
    let p = problem(&[2, 1], &mentees, &mentors);
    let m = mentee_optimal(&p);
    // Mentor 0 keeps its two favourites among {0, 1, 2}: 2 and 1; mentee 0 then tries mentor 1,
    // which does not list it.
    assert_eq!(m.mentor_of, vec![None, Some(0), Some(0), None]);
    assert_eq!(m.assigned, 2);
    assert_eq!(count_blocking_pairs(&p, &m.mentor_of), Ok(0));
}

#[test]
fn zero_capacity_mentor_accepts_no_one() {
    let p = problem(&[0, 1], &[vec![0, 1], vec![0]], &[vec![0, 1], vec![0]]);
    let m = mentee_optimal(&p);
    assert_eq!(m.mentor_of, vec![Some(1), None]);
    assert_eq!(count_blocking_pairs(&p, &m.mentor_of), Ok(0));
}

#[test]
fn verifier_counts_blocking_pairs_of_a_bad_matching() {
    let mentees = vec![vec![0, 1, 2], vec![1, 2, 0], vec![2, 0, 1]];
    let mentors = vec![vec![0, 1, 2], vec![1, 2, 0], vec![2, 0, 1]];
    let p = problem(&[1, 1, 1], &mentees, &mentors);
    // Everyone mutually first-choice, yet we pair them off-diagonal.
    let bad = vec![Some(1), Some(2), Some(0)];
    let expected = brute_blocking(&[1, 1, 1], &mentees, &mentors, &bad);
    assert_eq!(expected, 3);
    assert_eq!(count_blocking_pairs(&p, &bad), Ok(expected));
    // Leaving everyone unmatched: every mutually acceptable pair blocks.
    let empty = vec![None; 3];
    assert_eq!(count_blocking_pairs(&p, &empty), Ok(9));
}

#[test]
fn verifier_rejects_non_matchings() {
    let p = problem(&[1, 1], &[vec![0], vec![0, 1]], &[vec![0, 1], vec![1]]);
    // Mentee 0 does not list mentor 1.
    assert!(matches!(
        count_blocking_pairs(&p, &[Some(1), None]),
        Err(StableError::InvalidMatching(_))
    ));
    // Mentor 0 over capacity.
    assert!(matches!(
        count_blocking_pairs(&p, &[Some(0), Some(0)]),
        Err(StableError::InvalidMatching(_))
    ));
    // One entry per mentee is required.
    assert!(matches!(
        count_blocking_pairs(&p, &[None]),
        Err(StableError::InvalidMatching(_))
    ));
    // Mentee lists mentor, mentor does not list mentee back.
    let q = problem(&[1], &[vec![0]], &[vec![]]);
    assert!(matches!(
        count_blocking_pairs(&q, &[Some(0)]),
        Err(StableError::InvalidMatching(_))
    ));
}

#[test]
fn invalid_lists_are_rejected() {
    let dup = StableProblem::new(
        vec![1, 1],
        PrefLists::from_lists(&[vec![0, 1, 0]]),
        PrefLists::from_lists(&[vec![0], vec![0]]),
    );
    assert!(matches!(dup, Err(StableError::Duplicate { .. })));
    let out = StableProblem::new(
        vec![1],
        PrefLists::from_lists(&[vec![3]]),
        PrefLists::from_lists(&[vec![0]]),
    );
    assert!(matches!(out, Err(StableError::OutOfRange { .. })));
    let out = StableProblem::new(
        vec![1],
        PrefLists::from_lists(&[vec![0]]),
        PrefLists::from_lists(&[vec![5]]),
    );
    assert!(matches!(out, Err(StableError::OutOfRange { .. })));
    let shape = StableProblem::new(
        vec![1, 1],
        PrefLists::from_lists(&[vec![0]]),
        PrefLists::from_lists(&[vec![0]]),
    );
    assert!(matches!(shape, Err(StableError::Shape { .. })));
}

/// A random small instance: lists are random subsets in random order.
fn instance() -> impl Strategy<Value = (Vec<u32>, Vec<Vec<u32>>, Vec<Vec<u32>>)> {
    (1usize..=6, 1usize..=4).prop_flat_map(|(n, m)| {
        let caps = proptest::collection::vec(0u32..=3, m);
        let mentee_lists = proptest::collection::vec(
            Just((0..m as u32).collect::<Vec<_>>())
                .prop_shuffle()
                .prop_flat_map(move |v| (0..=m).prop_map(move |k| v[..k].to_vec())),
            n,
        );
        let mentor_lists = proptest::collection::vec(
            Just((0..n as u32).collect::<Vec<_>>())
                .prop_shuffle()
                .prop_flat_map(move |v| (0..=n).prop_map(move |k| v[..k].to_vec())),
            m,
        );
        (caps, mentee_lists, mentor_lists)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn deferred_acceptance_is_the_mentee_optimal_stable_matching((caps, mentees, mentors) in instance()) {
        let p = problem(&caps, &mentees, &mentors);
        let m = mentee_optimal(&p);
        prop_assert_eq!(count_blocking_pairs(&p, &m.mentor_of), Ok(0));
        prop_assert_eq!(brute_blocking(&caps, &mentees, &mentors, &m.mentor_of), 0);
        prop_assert_eq!(&m.mentor_of, &brute_mentee_optimal(&caps, &mentees, &mentors));
        prop_assert_eq!(m.assigned, m.mentor_of.iter().flatten().count());
    }

    #[test]
    fn verifier_agrees_with_brute_force_on_any_matching(
        (caps, mentees, mentors) in instance(),
        pick in any::<prop::sample::Index>(),
    ) {
        let all = all_matchings(&caps, &mentees, &mentors);
        let m = &all[pick.index(all.len())];
        let p = problem(&caps, &mentees, &mentors);
        prop_assert_eq!(
            count_blocking_pairs(&p, m),
            Ok(brute_blocking(&caps, &mentees, &mentors, m))
        );
    }
}

#[test]
fn larger_random_instance_is_stable() {
    // 3,000 mentees with 8 random choices each; mentors rank their applicants in a scrambled
    // order. Checks the flat-array code paths at a size where heaps fill and overflow.
    let n = 3000u32;
    let m = 300u32;
    let mut state = 12345u64;
    let mut rand = move |k: u32| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % k as u64) as u32
    };
    let mut mentee_lists = Vec::new();
    let mut applicants = vec![Vec::new(); m as usize];
    for i in 0..n {
        let mut list: Vec<u32> = Vec::new();
        while list.len() < 8 {
            let j = rand(m);
            if !list.contains(&j) {
                list.push(j);
                applicants[j as usize].push(i);
            }
        }
        mentee_lists.push(list);
    }
    for list in &mut applicants {
        for k in (1..list.len()).rev() {
            let r = rand(k as u32 + 1) as usize;
            list.swap(k, r);
        }
        // Mentors leave a few applicants off their lists.
        let keep = list.len() * 9 / 10;
        list.truncate(keep);
    }
    let caps: Vec<u32> = (0..m).map(|j| j % 12).collect();
    let p = problem(&caps, &mentee_lists, &applicants);
    let res = mentee_optimal(&p);
    assert_eq!(count_blocking_pairs(&p, &res.mentor_of), Ok(0));
    for (j, &c) in caps.iter().enumerate() {
        let load = res
            .mentor_of
            .iter()
            .filter(|&&x| x == Some(j as u32))
            .count();
        assert!(load as u32 <= c);
    }
}
