//! Diverse sets: brute-force oracles, bounds, constraints and determinism.

use std::time::Duration;

use proptest::prelude::*;
use tandem_matching::groups::{
    Attribute, CategoricalProblem, DistanceProblem, GroupError, SearchOptions, SizeBounds, Stopped,
    categorical_objective, categorical_upper_bound, distance_objective, distance_upper_bound,
    solve_categorical, solve_distances,
};

/// The categorical objective straight from its definition: for every pair in the same set and
/// every attribute on which they differ, add the attribute's weight.
fn brute_value(attrs: &[Attribute], group_of: &[u32]) -> i64 {
    let n = group_of.len();
    let mut total = 0;
    for i in 0..n {
        for j in i + 1..n {
            if group_of[i] == group_of[j] {
                for a in attrs {
                    if a.level_of[i] != a.level_of[j] {
                        total += a.weight;
                    }
                }
            }
        }
    }
    total
}

/// Every assignment of people to sets meeting the sizes and keeping apart pairs apart.
fn feasible_assignments(n: usize, sizes: &SizeBounds, apart: &[(u32, u32)]) -> Vec<Vec<u32>> {
    let g = sizes.groups();
    let mut out = Vec::new();
    let mut cur = vec![0u32; n];
    let total = (g as u64).pow(n as u32);
    for code in 0..total {
        let mut c = code;
        for slot in cur.iter_mut() {
            *slot = (c % g as u64) as u32;
            c /= g as u64;
        }
        let mut count = vec![0u32; g];
        for &k in &cur {
            count[k as usize] += 1;
        }
        let sizes_ok = (0..g).all(|k| sizes.lo()[k] <= count[k] && count[k] <= sizes.hi()[k]);
        let apart_ok = apart
            .iter()
            .all(|&(a, b)| cur[a as usize] != cur[b as usize]);
        if sizes_ok && apart_ok {
            out.push(cur.clone());
        }
    }
    out
}

/// Whether `k` sizes in `min..=max` can sum to `n`, by enumeration.
fn sizes_possible(n: usize, k: usize, min: u32, max: u32) -> bool {
    if k == 0 {
        return n == 0;
    }
    (min..=max).any(|s| s as usize <= n && sizes_possible(n - s as usize, k - 1, min, max))
}

fn check_valid(group_of: &[u32], sizes: &SizeBounds, apart: &[(u32, u32)]) {
    let g = sizes.groups();
    let mut count = vec![0u32; g];
    for &k in group_of {
        assert!((k as usize) < g, "set index out of range");
        count[k as usize] += 1;
    }
    for (k, &c) in count.iter().enumerate() {
        assert!(
            sizes.lo()[k] <= c && c <= sizes.hi()[k],
            "set {k} has {c} members, bounds [{}, {}]",
            sizes.lo()[k],
            sizes.hi()[k]
        );
    }
    for &(a, b) in apart {
        assert_ne!(
            group_of[a as usize], group_of[b as usize],
            "apart pair ({a}, {b}) shares a set"
        );
    }
}

fn quick(seed: u64) -> SearchOptions {
    SearchOptions {
        seed,
        time_limit: Duration::from_secs(60),
        work_limit: Some(200_000),
        exact_up_to: 24,
    }
}

/// People, attributes, apart pairs, size-min, size-max and the number of sets if fixed.
type Instance = (
    usize,
    Vec<Attribute>,
    Vec<(u32, u32)>,
    u32,
    u32,
    Option<usize>,
);

fn small_instance() -> impl Strategy<Value = Instance> {
    (2usize..=9).prop_flat_map(|n| {
        let attr = (1u32..=4, 0i64..=3).prop_flat_map(move |(levels, weight)| {
            proptest::collection::vec(0..levels, n).prop_map(move |level_of| Attribute {
                name: "a".into(),
                weight,
                level_of,
            })
        });
        let attrs = proptest::collection::vec(attr, 1..=3);
        let apart = proptest::collection::vec((0..n as u32, 0..n as u32), 0..=3)
            .prop_map(|v| v.into_iter().filter(|(a, b)| a != b).collect::<Vec<_>>());
        let bounds = (1u32..=4, 0u32..=3, proptest::option::of(1usize..=3));
        (Just(n), attrs, apart, bounds)
            .prop_map(|(n, attrs, apart, (min, extra, g))| (n, attrs, apart, min, min + extra, g))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Exact at small sizes: the optimum equals brute force; an error exactly when brute force
    /// finds no feasible partition.
    #[test]
    fn exact_optimum_equals_brute_force(
        (n, attrs, apart, min, max, g) in small_instance(),
        seed in 0u64..1000,
    ) {
        let problem = CategoricalProblem::new(n, attrs.clone(), apart.clone()).expect("valid");
        let sizes = match SizeBounds::for_people(n, min, max, g) {
            Ok(s) => s,
            Err(_) => {
                // No number of sets (or not the one asked for) fits: check by enumeration.
                let counts: Vec<usize> = match g { Some(g) => vec![g], None => (1..=n).collect() };
                for k in counts {
                    prop_assert!(!sizes_possible(n, k, min, max), "{k} sets of {min}..{max} fit {n} people");
                }
                return Ok(());
            }
        };
        prop_assume!((sizes.groups() as u64).pow(n as u32) <= 100_000, "too many assignments to enumerate");
        let all = feasible_assignments(n, &sizes, problem.apart());
        // Starve the heuristic half the time so branch and bound starts from a poor incumbent
        // (or none): an invalid bound would then prune the optimum and show up here.
        let opts = if seed % 2 == 0 { quick(seed) } else { SearchOptions { work_limit: Some(1), ..quick(seed) } };
        let result = solve_categorical(&problem, &sizes, &opts);
        if all.is_empty() {
            prop_assert_eq!(result, Err(GroupError::ApartInfeasible));
            return Ok(());
        }
        let best = all.iter().map(|a| brute_value(&attrs, a)).max().expect("some");
        let r = result.expect("feasible");
        check_valid(&r.group_of, &sizes, problem.apart());
        prop_assert_eq!(r.objective, brute_value(&attrs, &r.group_of));
        prop_assert_eq!(r.objective, categorical_objective(&problem, &r.group_of));
        prop_assert_eq!(r.objective, best);
        prop_assert!(r.optimal);
        // Proven optimal: the reported bound is the optimum itself, within the a-priori bound.
        prop_assert_eq!(r.upper_bound, Some(best));
        let prior = categorical_upper_bound(&problem, &sizes);
        prop_assert!(best <= prior, "optimum {} above the bound {}", best, prior);
    }

    /// The heuristic alone: always valid, never above the bound or the optimum, and when it
    /// claims optimality (bound reached) it is right.
    #[test]
    fn heuristic_is_valid_and_bounded(
        (n, attrs, apart, min, max, g) in small_instance(),
        seed in 0u64..1000,
    ) {
        let problem = CategoricalProblem::new(n, attrs.clone(), apart).expect("valid");
        let Ok(sizes) = SizeBounds::for_people(n, min, max, g) else { return Ok(()) };
        prop_assume!((sizes.groups() as u64).pow(n as u32) <= 100_000, "too many assignments to enumerate");
        let all = feasible_assignments(n, &sizes, problem.apart());
        let opts = SearchOptions { exact_up_to: 0, work_limit: Some(20_000), ..quick(seed) };
        match solve_categorical(&problem, &sizes, &opts) {
            Ok(r) => {
                check_valid(&r.group_of, &sizes, problem.apart());
                let best = all.iter().map(|a| brute_value(&attrs, a)).max().expect("feasible");
                prop_assert_eq!(r.objective, brute_value(&attrs, &r.group_of));
                prop_assert!(r.objective <= best);
                prop_assert!(r.objective <= r.upper_bound.expect("bound"));
                if r.optimal {
                    prop_assert_eq!(r.stopped, Stopped::UpperBound);
                    prop_assert_eq!(r.objective, best);
                }
            }
            Err(GroupError::ApartUnresolved { .. }) => prop_assert!(!problem.apart().is_empty()),
            Err(GroupError::ApartInfeasible) => prop_assert!(all.is_empty()),
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    /// Distance form: exact optimum equals brute force and stays below the bound.
    #[test]
    fn distance_exact_equals_brute_force(
        n in 2usize..=8,
        raw in proptest::collection::vec(-20i32..=100, 28),
        g in 1usize..=3,
        widths in proptest::collection::vec((1u32..=3, 0u32..=2), 3),
        seed in 0u64..1000,
    ) {
        let mut pairs = Vec::new();
        let mut k = 0;
        for i in 0..n as u32 {
            for j in i + 1..n as u32 {
                pairs.push((i, j, raw[k] as f64));
                k += 1;
            }
        }
        let p = DistanceProblem::from_pairs(n, &pairs).expect("valid");
        let lo: Vec<u32> = widths[..g].iter().map(|w| w.0).collect();
        let hi: Vec<u32> = widths[..g].iter().map(|w| w.0 + w.1).collect();
        let sizes = SizeBounds::per_group(lo, hi).expect("bounds");
        if sizes.check(n).is_err() {
            prop_assert!(feasible_assignments(n, &sizes, &[]).is_empty());
            return Ok(());
        }
        let all = feasible_assignments(n, &sizes, &[]);
        let best = all.iter().map(|a| distance_objective(&p, a)).fold(f64::NEG_INFINITY, f64::max);
        let opts = if seed % 2 == 0 { quick(seed) } else { SearchOptions { work_limit: Some(1), ..quick(seed) } };
        let r = solve_distances(&p, &sizes, &opts).expect("feasible");
        check_valid(&r.group_of, &sizes, &[]);
        prop_assert!(r.optimal);
        prop_assert!((r.objective - best).abs() < 1e-6, "found {} optimum {}", r.objective, best);
        let ub = distance_upper_bound(&p, &sizes);
        prop_assert!(best <= ub + 1e-6, "optimum {} above bound {}", best, ub);
    }
}

fn pilot(n: usize, seed: u64) -> (CategoricalProblem, Vec<Attribute>) {
    let mut state = seed.wrapping_mul(0x9E3779B97F4A7C15) | 1;
    let mut next = |k: u32| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % k as u64) as u32
    };
    let attrs = vec![
        Attribute {
            name: "organisation".into(),
            weight: 3,
            level_of: (0..n).map(|_| next(5)).collect(),
        },
        Attribute {
            name: "profession".into(),
            weight: 2,
            level_of: (0..n).map(|_| next(4)).collect(),
        },
        Attribute {
            name: "grade".into(),
            weight: 1,
            level_of: (0..n).map(|_| next(3)).collect(),
        },
    ];
    (
        CategoricalProblem::new(n, attrs.clone(), vec![(0, 1), (2, 3)]).expect("valid"),
        attrs,
    )
}

#[test]
fn twelve_person_pilot_matches_full_enumeration() {
    for (min, max, g) in [(6, 6, None), (4, 8, None), (4, 4, Some(3)), (3, 5, Some(3))] {
        let (p, attrs) = pilot(12, 3);
        let sizes = SizeBounds::for_people(12, min, max, g).expect("bounds");
        let best = feasible_assignments(12, &sizes, p.apart())
            .iter()
            .map(|a| brute_value(&attrs, a))
            .max()
            .expect("feasible");
        let r = solve_categorical(&p, &sizes, &quick(1)).expect("solved");
        check_valid(&r.group_of, &sizes, p.apart());
        assert!(r.optimal);
        assert_eq!(r.objective, best, "sizes {min}..{max}, {g:?} sets");
    }
}

#[test]
fn twenty_four_person_pilot_is_proven_optimal() {
    for (seed, min, max) in [(1, 6, 6), (2, 4, 8), (3, 4, 6)] {
        let (p, _) = pilot(24, seed);
        let sizes = SizeBounds::for_people(24, min, max, None).expect("bounds");
        let exact = solve_categorical(&p, &sizes, &quick(seed)).expect("solved");
        check_valid(&exact.group_of, &sizes, p.apart());
        assert!(exact.optimal);
        assert!(matches!(
            exact.stopped,
            Stopped::Exhaustive | Stopped::UpperBound
        ));
        // A proven optimum is reported as its own bound (no phantom gap).
        assert_eq!(exact.upper_bound, Some(exact.objective));
        // No heuristic run, whatever its seed, beats a proven optimum.
        for s in 0..3 {
            let opts = SearchOptions {
                exact_up_to: 0,
                ..quick(s)
            };
            let h = solve_categorical(&p, &sizes, &opts).expect("solved");
            assert!(h.objective <= exact.objective);
        }
    }
}

#[test]
fn same_seed_same_partition() {
    let n = 600;
    let (p, _) = pilot(n, 9);
    let sizes = SizeBounds::for_people(n, 5, 7, Some(100)).expect("bounds");
    let opts = SearchOptions {
        work_limit: Some(300_000),
        ..quick(42)
    };
    let a = solve_categorical(&p, &sizes, &opts).expect("solved");
    let b = solve_categorical(&p, &sizes, &opts).expect("solved");
    assert_eq!(a.group_of, b.group_of);
    assert_eq!(a.objective, b.objective);
    assert_ne!(a.stopped, Stopped::TimeLimit);
    check_valid(&a.group_of, &sizes, p.apart());
}

#[test]
fn larger_pool_is_valid_and_close_to_the_bound() {
    let n = 2000;
    let mut state = 77u64;
    let mut next = |k: u32| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
        ((state >> 33) % k as u64) as u32
    };
    let attrs = vec![
        Attribute {
            name: "org".into(),
            weight: 3,
            level_of: (0..n).map(|_| next(40)).collect(),
        },
        Attribute {
            name: "prof".into(),
            weight: 2,
            level_of: (0..n).map(|_| next(8)).collect(),
        },
        Attribute {
            name: "band".into(),
            weight: 1,
            level_of: (0..n).map(|_| next(6)).collect(),
        },
    ];
    let apart: Vec<(u32, u32)> = (0..300).map(|k| (k * 2, k * 2 + 1)).collect();
    let p = CategoricalProblem::new(n as usize, attrs.clone(), apart.clone()).expect("valid");
    let sizes = SizeBounds::for_people(n as usize, 6, 7, Some(n as usize / 6)).expect("bounds");
    let r = solve_categorical(
        &p,
        &sizes,
        &SearchOptions {
            work_limit: Some(3_000_000),
            ..quick(5)
        },
    )
    .expect("solved");
    check_valid(&r.group_of, &sizes, &apart);
    assert_eq!(r.objective, brute_value(&attrs, &r.group_of));
    let ub = r.upper_bound.expect("bound");
    assert!(r.objective <= ub);
    // Quality with a fixed, deterministic work budget (not a speed assertion).
    assert!(
        (ub - r.objective) as f64 <= 0.001 * ub as f64,
        "gap {} of {ub}",
        ub - r.objective
    );
}

#[test]
fn impossible_size_bounds_are_clear_errors() {
    let e = SizeBounds::for_people(10, 4, 4, None).expect_err("10 is not a multiple of 4");
    assert!(e.to_string().contains("10 people"), "{e}");
    assert!(SizeBounds::for_people(10, 4, 5, Some(3)).is_err());
    assert!(SizeBounds::for_people(10, 5, 4, None).is_err());
    assert!(SizeBounds::for_people(0, 1, 4, None).is_err());
    assert!(SizeBounds::for_people(10, 0, 4, None).is_err());
    assert!(SizeBounds::for_people(10, 4, 5, Some(0)).is_err());
    // Fewest sets that respect the maximum.
    assert_eq!(
        SizeBounds::for_people(25, 4, 8, None)
            .expect("fits")
            .groups(),
        4
    );
    let b = SizeBounds::uniform(2, 3, 3).expect("bounds");
    assert!(b.check(7).is_err());
}

#[test]
fn apart_infeasibility_is_proven_at_pilot_size_and_reported_beyond() {
    // Three people pairwise apart cannot fit in two sets.
    let attrs = vec![Attribute {
        name: "a".into(),
        weight: 1,
        level_of: vec![0, 1, 2, 0],
    }];
    let apart = vec![(0, 1), (0, 2), (1, 2)];
    let p = CategoricalProblem::new(4, attrs, apart).expect("valid");
    let sizes = SizeBounds::uniform(2, 2, 2).expect("bounds");
    assert_eq!(
        solve_categorical(&p, &sizes, &quick(0)),
        Err(GroupError::ApartInfeasible)
    );

    // Thirty people all pairwise apart in two sets: beyond exact size, the heuristic reports it.
    let n = 30;
    let attrs = vec![Attribute {
        name: "a".into(),
        weight: 1,
        level_of: vec![0; n],
    }];
    let apart: Vec<(u32, u32)> = (0..n as u32)
        .flat_map(|a| (a + 1..n as u32).map(move |b| (a, b)))
        .collect();
    let p = CategoricalProblem::new(n, attrs, apart).expect("valid");
    let sizes = SizeBounds::uniform(2, 15, 15).expect("bounds");
    assert!(matches!(
        solve_categorical(
            &p,
            &sizes,
            &SearchOptions {
                work_limit: Some(50_000),
                ..quick(0)
            }
        ),
        Err(GroupError::ApartUnresolved { .. })
    ));
}

#[test]
fn upper_bound_is_reached_when_levels_can_be_spread_perfectly() {
    // 4 sets of 3; each attribute has 3 levels of 4 people, so every set can hold one of each:
    // the bound is 4 sets × 3 pairs × (2 + 1) = 36 and is attained.
    let n = 12;
    let a: Vec<u32> = (0..n as u32).map(|i| i % 3).collect();
    let b: Vec<u32> = (0..n as u32).map(|i| (i / 4) % 3).collect();
    let attrs = vec![
        Attribute {
            name: "a".into(),
            weight: 2,
            level_of: a,
        },
        Attribute {
            name: "b".into(),
            weight: 1,
            level_of: b,
        },
    ];
    let p = CategoricalProblem::new(n, attrs, vec![]).expect("valid");
    let sizes = SizeBounds::uniform(4, 3, 3).expect("bounds");
    assert_eq!(categorical_upper_bound(&p, &sizes), 36);
    let r = solve_categorical(
        &p,
        &sizes,
        &SearchOptions {
            exact_up_to: 0,
            ..quick(3)
        },
    )
    .expect("ok");
    assert_eq!(r.objective, 36);
    assert!(r.optimal);
    assert_eq!(r.stopped, Stopped::UpperBound);
}

#[test]
fn mdgp_style_instance_with_interval_sizes() {
    // 40 elements, 4 groups with "ds" bounds; heuristic only (above the exact size).
    let n = 40;
    let mut state = 5u64;
    let mut pairs = Vec::new();
    for i in 0..n as u32 {
        for j in i + 1..n as u32 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            pairs.push((i, j, ((state >> 40) % 10_000) as f64 / 100.0));
        }
    }
    let p = DistanceProblem::from_pairs(n, &pairs).expect("valid");
    let sizes = SizeBounds::per_group(vec![8, 8, 9, 10], vec![12, 11, 10, 12]).expect("bounds");
    let r = solve_distances(
        &p,
        &sizes,
        &SearchOptions {
            work_limit: Some(400_000),
            ..quick(2)
        },
    )
    .expect("solved");
    check_valid(&r.group_of, &sizes, &[]);
    assert!((r.objective - distance_objective(&p, &r.group_of)).abs() < 1e-6);
    let ub = r.upper_bound.expect("bound");
    assert!(r.objective <= ub + 1e-6);
    // A random feasible partition is clearly worse than the search result.
    let mut base = Vec::new();
    for (g, &s) in [10u32, 10, 10, 10].iter().enumerate() {
        base.extend(std::iter::repeat_n(g as u32, s as usize));
    }
    assert!(r.objective > distance_objective(&p, &base));
}
