//! Benchmarks for stable matching and diverse sets (plain `std::time`, medians of several runs).
//!
//! `cargo bench -p tandem-matching --bench stable_groups [-- stable|groups|exact|mdgp]`
//!
//! * stable: 1,000,000 mentees × 20 choices, 50,000 mentors of capacity 20 (the national target:
//!   < 1 s), mentors ranking exactly their applicants by a shared merit score plus noise. Build
//!   (validation + rank table) and solve are timed separately; the blocking pairs are counted.
//! * groups: sets of 6 from 100,000 people with 3 attributes (target: within 0.01 % of the proven
//!   upper bound in ≤ 20 s) at several time limits, and smaller pools.
//! * exact: pilot cohorts of 12 and 24 people (few organisations, correlated professions, apart
//!   pairs), proven optimal by branch and bound.
//! * mdgp: random MDGPLIB-style distance instances (RanReal-like, n = 120 and 240).
//!
//! Wall and CPU seconds are both printed: the machine's two cores are often shared, and then
//! wall time overstates the engine's own work.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tandem_matching::groups::{
    self, Attribute, CategoricalProblem, DistanceProblem, SearchOptions, SizeBounds,
};
use tandem_matching::stable::{self, PrefLists, StableProblem};

/// CPU seconds used by this process so far (user + system, from /proc), so figures stay
/// meaningful when other jobs share the two cores: wall time then overstates our own work.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |k: usize| {
        fields
            .get(k)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields after the command name: utime is the 12th, stime the 13th (0-based 11 and 12).
    (ticks(11) + ticks(12)) / 100.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Mentees rank `choices` distinct random mentors; each mentor ranks exactly its applicants by
/// merit (shared) plus noise.
fn stable_instance(
    mentees: usize,
    mentors: usize,
    choices: usize,
    cap: u32,
    seed: u64,
) -> (Vec<u32>, PrefLists, PrefLists) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut mentee_prefs = PrefLists::with_capacity(mentees, mentees * choices);
    let mut applicants: Vec<Vec<u32>> = vec![Vec::new(); mentors];
    let mut chosen = Vec::with_capacity(choices);
    for i in 0..mentees {
        chosen.clear();
        while chosen.len() < choices {
            let j = rng.random_range(0..mentors as u32);
            if !chosen.contains(&j) {
                chosen.push(j);
            }
        }
        for &j in &chosen {
            applicants[j as usize].push(i as u32);
        }
        mentee_prefs.push_list(&chosen);
    }
    let merit: Vec<f64> = (0..mentees).map(|_| rng.random::<f64>()).collect();
    let mut mentor_prefs = PrefLists::with_capacity(mentors, mentees * choices);
    let mut keyed = Vec::new();
    for list in &applicants {
        keyed.clear();
        keyed.extend(
            list.iter()
                .map(|&i| (merit[i as usize] + 0.3 * rng.random::<f64>(), i)),
        );
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
        for &(_, i) in &keyed {
            mentor_prefs.push_item(i);
        }
        mentor_prefs.end_list();
    }
    (vec![cap; mentors], mentee_prefs, mentor_prefs)
}

fn bench_stable() {
    for &(n, m, l, cap, runs) in &[(100_000, 5_000, 20, 20, 5), (1_000_000, 50_000, 20, 20, 5)] {
        let (caps, mp, hp) = stable_instance(n, m, l, cap, 42);
        let mut build = Vec::new();
        let mut solve = Vec::new();
        let mut cpu = Vec::new();
        let mut last = None;
        for _ in 0..runs {
            let (c, a, b) = (caps.clone(), mp.clone(), hp.clone());
            let c0 = cpu_seconds();
            let t = Instant::now();
            let problem = StableProblem::new(c, a, b).expect("valid instance");
            build.push(t.elapsed().as_secs_f64());
            let t = Instant::now();
            let matching = stable::mentee_optimal(&problem);
            solve.push(t.elapsed().as_secs_f64());
            cpu.push(cpu_seconds() - c0);
            last = Some((problem, matching));
        }
        let (problem, matching) = last.expect("ran");
        let t = Instant::now();
        let blocking = stable::count_blocking_pairs(&problem, &matching.mentor_of).expect("valid");
        let verify = t.elapsed().as_secs_f64();
        let (b, s) = (median(build), median(solve));
        println!(
            "stable {n} x {m}, {l} choices, cap {cap}: build {b:.3} s + solve {s:.3} s = {:.3} s wall, {:.2} s CPU (medians of {runs}); verify {verify:.3} s; assigned {}; proposals {}; blocking pairs {blocking}",
            b + s,
            median(cpu),
            matching.assigned,
            matching.proposals
        );
    }
}

/// Skewed categorical levels: level k has weight 1/(k+1)^0.8.
fn skewed(rng: &mut ChaCha8Rng, n: usize, levels: usize) -> Vec<u32> {
    let w: Vec<f64> = (0..levels)
        .map(|k| 1.0 / ((k + 1) as f64).powf(0.8))
        .collect();
    let total: f64 = w.iter().sum();
    let cum: Vec<f64> = w
        .iter()
        .scan(0.0, |s, x| {
            *s += x / total;
            Some(*s)
        })
        .collect();
    (0..n)
        .map(|_| {
            let u: f64 = rng.random();
            cum.iter().position(|&c| u <= c).unwrap_or(levels - 1) as u32
        })
        .collect()
}

fn people(n: usize, seed: u64) -> CategoricalProblem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let attrs = vec![
        Attribute {
            name: "organisation".into(),
            weight: 3,
            level_of: skewed(&mut rng, n, 200),
        },
        Attribute {
            name: "profession".into(),
            weight: 2,
            level_of: skewed(&mut rng, n, 12),
        },
        Attribute {
            name: "grade".into(),
            weight: 1,
            level_of: skewed(&mut rng, n, 9),
        },
    ];
    CategoricalProblem::new(n, attrs, Vec::new()).expect("valid")
}

fn bench_groups() {
    for &(n, limit, runs) in &[
        (1_000usize, 2.0f64, 3usize),
        (10_000, 5.0, 3),
        (100_000, 5.0, 3),
        (100_000, 10.0, 3),
        (100_000, 20.0, 3),
    ] {
        let p = people(n, 7);
        let sizes = SizeBounds::uniform(n / 6, 6, 7).expect("bounds");
        let mut times = Vec::new();
        let mut gaps = Vec::new();
        let mut notes = Vec::new();
        for seed in 0..runs as u64 {
            let opts = SearchOptions {
                seed,
                time_limit: Duration::from_secs_f64(limit),
                ..SearchOptions::default()
            };
            let c0 = cpu_seconds();
            let t = Instant::now();
            let r = groups::solve_categorical(&p, &sizes, &opts).expect("solved");
            let secs = t.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - c0;
            let ub = r.upper_bound.expect("bound");
            let gap = 100.0 * (ub - r.objective) as f64 / ub as f64;
            times.push(secs);
            gaps.push(gap);
            notes.push(format!(
                "seed {seed}: {secs:.2} s wall, {cpu:.2} s CPU, objective {} / bound {ub}, gap {gap:.5} %, {} ({} evaluations)",
                r.objective,
                r.stopped.as_str(),
                r.evaluations
            ));
        }
        println!(
            "groups n = {n}, sets of 6 ({} sets), 3 attributes, limit {limit} s: median {:.2} s, median gap {:.5} %",
            n / 6,
            median(times),
            median(gaps)
        );
        for note in notes {
            println!("    {note}");
        }
    }
}

/// A pilot cohort: few organisations, professions that correlate with the organisation, three
/// grades, and a few line-management pairs kept apart. Hard for the bound, unlike big pools.
fn pilot(n: usize, seed: u64) -> CategoricalProblem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let org: Vec<u32> = (0..n).map(|_| rng.random_range(0..4)).collect();
    let prof: Vec<u32> = org
        .iter()
        .map(|&o| {
            if rng.random_bool(0.6) {
                o % 3
            } else {
                rng.random_range(0..3)
            }
        })
        .collect();
    let grade: Vec<u32> = (0..n).map(|_| rng.random_range(0..3)).collect();
    let attrs = vec![
        Attribute {
            name: "organisation".into(),
            weight: 3,
            level_of: org,
        },
        Attribute {
            name: "profession".into(),
            weight: 2,
            level_of: prof,
        },
        Attribute {
            name: "grade".into(),
            weight: 1,
            level_of: grade,
        },
    ];
    let apart = (0..3u32).map(|k| (2 * k, 2 * k + 1)).collect();
    CategoricalProblem::new(n, attrs, apart).expect("valid")
}

fn bench_exact() {
    let cases: &[(usize, u32, u32, Option<usize>)] = &[
        (12, 4, 8, None),
        (12, 3, 3, None),
        (24, 6, 6, None),
        (24, 4, 8, None),
        (24, 4, 6, Some(5)),
        (24, 3, 3, None),
        (24, 2, 4, Some(8)),
    ];
    for &(n, min, max, g) in cases {
        let runs = 5;
        let mut times = Vec::new();
        let mut nodes = Vec::new();
        let mut gaps = Vec::new();
        for seed in 0..runs as u64 {
            let p = pilot(n, 100 + seed);
            let sizes = SizeBounds::for_people(n, min, max, g).expect("bounds");
            let t = Instant::now();
            let r = groups::solve_categorical(
                &p,
                &sizes,
                &SearchOptions {
                    seed,
                    ..SearchOptions::default()
                },
            )
            .expect("solved");
            times.push(t.elapsed().as_secs_f64());
            nodes.push(r.exact_nodes as f64);
            gaps.push(r.upper_bound.expect("bound") - r.objective);
            assert!(r.optimal);
        }
        println!(
            "exact pilot n = {n}, sizes {min}..{max}, {} sets: median {:.3} s, max {:.3} s, median {} nodes, bound - optimum {:?} (all proven optimal)",
            SizeBounds::for_people(n, min, max, g)
                .expect("bounds")
                .groups(),
            median(times.clone()),
            times.iter().cloned().fold(0.0, f64::max),
            median(nodes),
            gaps
        );
    }
}

fn bench_mdgp() {
    for &(n, g, limit) in &[(120usize, 10usize, 3u64), (240, 12, 5)] {
        let mut rng = ChaCha8Rng::seed_from_u64(n as u64);
        let mut pairs = Vec::new();
        for i in 0..n as u32 {
            for j in i + 1..n as u32 {
                pairs.push((i, j, (rng.random::<f64>() * 100.0 * 100.0).round() / 100.0));
            }
        }
        let p = DistanceProblem::from_pairs(n, &pairs).expect("valid");
        let s = (n / g) as u32;
        let sizes = SizeBounds::uniform(g, s, s).expect("bounds");
        let t = Instant::now();
        let r = groups::solve_distances(
            &p,
            &sizes,
            &SearchOptions {
                time_limit: Duration::from_secs(limit),
                ..SearchOptions::default()
            },
        )
        .expect("solved");
        println!(
            "mdgp RanReal-like n = {n}, G = {g} (ss): {:.2} s, objective {:.2}, bound {:.2}, {} evaluations",
            t.elapsed().as_secs_f64(),
            r.objective,
            r.upper_bound.unwrap_or(f64::NAN),
            r.evaluations
        );
    }
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let want = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    if want("stable") {
        bench_stable();
    }
    if want("groups") {
        bench_groups();
    }
    if want("exact") {
        bench_exact();
    }
    if want("mdgp") {
        bench_mdgp();
    }
}
