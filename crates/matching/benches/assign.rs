//! Assignment benchmark (`harness = false`; plain `std::time`, medians of several runs).
//!
//! ```text
//! cargo bench -p tandem-matching --bench assign -- [CASE ...] [--runs N] [--seed S] [--dir D]
//! ```
//! Cases: `dense` (n = 5000, integer costs uniform in [0, 10^6)), `sparse` (20,000 mentees ×
//! 10,000 mentors of capacity 2, 50 nearest admissible candidates + 1 planted arc each), `tight`
//! (same people, 10 candidates, no planted arcs: not everyone fits), `national` (100,000 × 50,000,
//! ~5.1 M arcs), `e2e` (profiles → candidates → solve → pricing certificate, 100,000 × 50,000),
//! `e2e-20k` (the same at 20,000 × 10,000), `small` (quick versions of all). Default: `dense
//! sparse tight`. `--dir D` instead loads a `tandem match assign` instance folder (mentees.csv,
//! mentors.csv, arcs.csv or scores.txt), e.g. one written by `bench/gen.py`, so Tandem can be
//! timed on the exact bytes the peers read.
//! `bench/dense_ratio.py` runs `--dir D --runs 1` in fresh processes, interleaved with `lap.lapjv`.
//! `TANDEM_BENCH_CASES` (comma separated) and `TANDEM_BENCH_RUNS` work as the arguments do.
//!
//! Instances are generated from the seed (ChaCha8) by the recipes of research-matching.md §3: the
//! sparse ones from 16-dimensional Gaussian features, cost = round(1000·‖a−b‖²) + 1, 200
//! organisations with same-organisation pairs forbidden. Generation is not timed. Peak memory is
//! the rise of the process's VmHWM (reset through /proc/self/clear_refs) during the timed call.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;
use tandem_matching::assign::{Arc, DenseProblem, SparseProblem, solve_dense, solve_sparse};
use tandem_matching::candidates;

fn main() {
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let Ok(env) = std::env::var("TANDEM_BENCH_CASES") {
        args.extend(env.split(',').filter(|s| !s.is_empty()).map(str::to_string));
    }
    let mut runs: usize = std::env::var("TANDEM_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mut seed = 7u64;
    let mut dir = None;
    let mut cases = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|s| s.parse().ok()).expect("--runs N"),
            "--seed" => seed = it.next().and_then(|s| s.parse().ok()).expect("--seed S"),
            "--dir" => dir = Some(it.next().expect("--dir D")),
            other => cases.push(other.to_string()),
        }
    }
    if let Some(d) = dir {
        bench_dir(&d, runs);
        return;
    }
    if cases.is_empty() {
        cases = vec!["dense".into(), "sparse".into(), "tight".into()];
    }
    for case in cases {
        match case.as_str() {
            "dense" => bench_dense(5000, seed, runs),
            "sparse" => bench_sparse(
                "sparse 20k x 10k cap 2 k 50",
                20_000,
                10_000,
                2,
                50,
                true,
                seed,
                runs,
            ),
            "tight" => bench_sparse(
                "tight 20k x 10k cap 2 k 10 no planted",
                20_000,
                10_000,
                2,
                10,
                false,
                seed,
                runs,
            ),
            "national" => bench_sparse(
                "national 100k x 50k cap 2 k 50",
                100_000,
                50_000,
                2,
                50,
                true,
                seed,
                runs.min(3),
            ),
            "e2e" => bench_e2e(100_000, 50_000, seed, runs.min(3)),
            "e2e-20k" => bench_e2e(20_000, 10_000, seed, runs),
            "small" => {
                bench_dense(1000, seed, runs);
                bench_sparse(
                    "sparse 2k x 1k cap 2 k 20",
                    2_000,
                    1_000,
                    2,
                    20,
                    true,
                    seed,
                    runs,
                );
                bench_sparse(
                    "tight 2k x 1k cap 2 k 5",
                    2_000,
                    1_000,
                    2,
                    5,
                    false,
                    seed,
                    runs,
                );
                bench_e2e(5_000, 2_500, seed, runs);
            }
            other => eprintln!("unknown case {other}"),
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Peak-RSS tracking through /proc (Linux); returns 0 elsewhere.
fn reset_peak() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    proc_kib("VmRSS:")
}

fn proc_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, f64, f64, f64) {
    let mut times = Vec::new();
    let mut extra = 0u64;
    let mut last = None;
    for _ in 0..runs.max(1) {
        drop(last.take());
        let base = reset_peak();
        let t = Instant::now();
        let r = f();
        times.push(t.elapsed().as_secs_f64());
        extra = extra.max(proc_kib("VmHWM:").saturating_sub(base));
        last = Some(r);
    }
    let min = times.iter().copied().fold(f64::INFINITY, f64::min);
    let max = times.iter().copied().fold(0.0, f64::max);
    (
        last.expect("at least one run"),
        median(times),
        min.min(max),
        extra as f64 / 1024.0,
    )
}

#[allow(clippy::too_many_arguments)]
fn report(
    name: &str,
    runs: usize,
    med: f64,
    min: f64,
    mib: f64,
    assigned: usize,
    total: i128,
    optimal: bool,
    extra: &str,
) {
    println!(
        "{name}: median {med:.4} s (min {min:.4}, {runs} runs), extra peak {mib:.0} MiB, assigned {assigned}, total score {total}, optimal {optimal}{extra}"
    );
}

fn bench_dense(n: usize, seed: u64, runs: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let scores: Vec<i64> = (0..n * n)
        .map(|_| -(rng.random_range(0..1_000_000i64)))
        .collect();
    let p = DenseProblem {
        rows: n,
        cols: n,
        scores,
    };
    let (a, med, min, mib) = timed(runs, || solve_dense(&p).expect("dense solve"));
    let s = a.stats;
    report(
        &format!("dense {n}x{n} u[0,1e6)"),
        runs,
        med,
        min,
        mib,
        a.assigned,
        a.total_score,
        a.optimal,
        &format!(", initialised {}, searches {}", s.initialised, s.searches),
    );
}

fn gaussian(rng: &mut ChaCha8Rng) -> f32 {
    // Box–Muller; one value per call is plenty for a generator.
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random();
    ((-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()) as f32
}

const DIM: usize = 16;

/// The research note's sparse recipe: k nearest admissible mentors per mentee (+ planted arcs).
pub fn generate_sparse(
    mentees: usize,
    mentors: usize,
    cap: u32,
    k: usize,
    planted: bool,
    seed: u64,
) -> SparseProblem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let fe: Vec<f32> = (0..mentees * DIM).map(|_| gaussian(&mut rng)).collect();
    let fr: Vec<f32> = (0..mentors * DIM).map(|_| gaussian(&mut rng)).collect();
    let org_e: Vec<u16> = (0..mentees).map(|_| rng.random_range(0..200)).collect();
    let org_r: Vec<u16> = (0..mentors).map(|_| rng.random_range(0..200)).collect();
    // Mentors in blocks of 8, dimension-major, so the distance loop vectorises.
    let blocks = mentors.div_ceil(8);
    let mut blk = vec![f32::INFINITY; blocks * DIM * 8];
    for j in 0..mentors {
        for d in 0..DIM {
            blk[(j / 8) * DIM * 8 + d * 8 + j % 8] = fr[j * DIM + d];
        }
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = mentees.div_ceil(threads);
    let mut lists: Vec<Vec<(u32, i64)>> = vec![Vec::new(); mentees];
    std::thread::scope(|s| {
        for (t, out) in lists.chunks_mut(chunk).enumerate() {
            let (fe, blk, org_e, org_r) = (&fe, &blk, &org_e, &org_r);
            s.spawn(move || {
                let mut best: Vec<(f32, u32)> = Vec::with_capacity(k + 1);
                for (off, list) in out.iter_mut().enumerate() {
                    let i = t * chunk + off;
                    let a = &fe[i * DIM..(i + 1) * DIM];
                    best.clear();
                    let mut worst = f32::INFINITY;
                    for b in 0..blocks {
                        let base = b * DIM * 8;
                        let mut acc = [0f32; 8];
                        for d in 0..DIM {
                            let row = &blk[base + d * 8..base + d * 8 + 8];
                            for l in 0..8 {
                                let x = a[d] - row[l];
                                acc[l] += x * x;
                            }
                        }
                        for (l, &dist) in acc.iter().enumerate() {
                            let j = b * 8 + l;
                            if j < mentors
                                && (best.len() < k || dist < worst)
                                && org_r[j] != org_e[i]
                            {
                                let pos = best.partition_point(|e| e.0 <= dist);
                                best.insert(pos, (dist, j as u32));
                                if best.len() > k {
                                    best.pop();
                                }
                                if best.len() == k {
                                    worst = best[k - 1].0;
                                }
                            }
                        }
                    }
                    *list = best
                        .iter()
                        .map(|&(d, j)| (j, (1000.0 * f64::from(d)).round() as i64 + 1))
                        .collect();
                }
            });
        }
    });
    if planted {
        // A random permutation of the mentors' places: one extra arc per mentee, so a full
        // assignment exists (with tight capacity it is the only guarantee of one).
        let slots = mentors * cap as usize;
        let mut perm: Vec<u32> = (0..slots as u32).collect();
        for x in (1..slots).rev() {
            let y = rng.random_range(0..=x);
            perm.swap(x, y);
        }
        for (i, list) in lists.iter_mut().enumerate().take(slots.min(mentees)) {
            let j = perm[i] / cap;
            if !list.iter().any(|e| e.0 == j) {
                let a = &fe[i * DIM..(i + 1) * DIM];
                let b = &fr[j as usize * DIM..(j as usize + 1) * DIM];
                let d: f32 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum();
                list.push((j, (1000.0 * f64::from(d)).round() as i64 + 1));
            }
        }
    }
    let mut arcs = Vec::new();
    for (i, list) in lists.iter().enumerate() {
        for &(j, cost) in list {
            arcs.push(Arc {
                mentee: i as u32,
                mentor: j,
                score: -cost,
            });
        }
    }
    SparseProblem {
        mentees,
        capacities: vec![cap; mentors],
        arcs,
    }
}

#[allow(clippy::too_many_arguments)]
fn bench_sparse(
    name: &str,
    mentees: usize,
    mentors: usize,
    cap: u32,
    k: usize,
    planted: bool,
    seed: u64,
    runs: usize,
) {
    let t = Instant::now();
    let p = generate_sparse(mentees, mentors, cap, k, planted, seed);
    eprintln!(
        "[{name}] generated {} arcs in {:.1} s",
        p.arcs.len(),
        t.elapsed().as_secs_f64()
    );
    run_sparse(name, &p, runs);
}

fn run_sparse(name: &str, p: &SparseProblem, runs: usize) {
    let (a, med, min, mib) = timed(runs, || solve_sparse(p).expect("sparse solve"));
    let s = a.stats;
    report(
        &format!("{name} ({} arcs)", p.arcs.len()),
        runs,
        med,
        min,
        mib,
        a.assigned,
        a.total_score,
        a.optimal,
        &format!(
            ", initialised {}, searches {}, scanned {}, contested {}, auction bids {}",
            s.initialised, s.searches, s.scanned, s.contested_mentees, s.auction_bids
        ),
    );
}

fn bench_e2e(mentees: usize, mentors: usize, seed: u64, runs: usize) {
    let (people_e, people_r) = candidates::synthetic_people(mentees, mentors, seed);
    let criteria = candidates::Criteria::default();
    let (r, med, min, mib) = timed(runs, || {
        candidates::match_people(&people_e, &people_r, &criteria).expect("e2e")
    });
    report(
        &format!("e2e profiles {mentees} x {mentors} (candidates + solve + pricing)"),
        runs,
        med,
        min,
        mib,
        r.assignment.assigned,
        r.assignment.total_score,
        r.optimal_for_full_problem,
        &format!(
            ", arcs {} ({} pairs scored), pricing rounds {}, arcs added {}, pairs priced {}",
            r.stats.candidate_arcs,
            r.stats.candidate_pairs_scored,
            r.stats.pricing_rounds,
            r.stats.arcs_added,
            r.stats.pairs_scanned
        ),
    );
}

/// Loads a `tandem match assign` instance folder (the file contract in matching-cli.md).
fn bench_dir(dir: &str, runs: usize) {
    let path = std::path::Path::new(dir);
    let t = Instant::now();
    if path.join("scores.txt").exists() {
        let text = std::fs::read_to_string(path.join("scores.txt")).expect("read scores.txt");
        let mut tok = text.split_ascii_whitespace();
        let rows: usize = tok.next().and_then(|s| s.parse().ok()).expect("rows");
        let cols: usize = tok.next().and_then(|s| s.parse().ok()).expect("cols");
        let scores: Vec<i64> = tok
            .map(|s| {
                if s == "x" {
                    tandem_matching::assign::FORBIDDEN
                } else {
                    s.parse().expect("score")
                }
            })
            .collect();
        let p = DenseProblem { rows, cols, scores };
        eprintln!("[{dir}] loaded in {:.1} s", t.elapsed().as_secs_f64());
        let cpu0 = thread_cpu_seconds();
        let (a, med, min, mib) = timed(runs, || solve_dense(&p).expect("dense solve"));
        let cpu = (thread_cpu_seconds() - cpu0) / runs as f64;
        let s = a.stats;
        report(
            dir,
            runs,
            med,
            min,
            mib,
            a.assigned,
            a.total_score,
            a.optimal,
            &format!(
                ", initialised {}, searches {}, rows scanned {}, cpu {cpu:.3} s",
                s.initialised, s.searches, s.scanned
            ),
        );
        return;
    }
    let read = |name: &str| {
        std::fs::read_to_string(path.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let index = |text: &str| -> std::collections::HashMap<String, (usize, u32)> {
        let mut lines = text.lines();
        let header: Vec<&str> = lines
            .next()
            .unwrap_or("")
            .trim_start_matches('\u{feff}')
            .split(',')
            .collect();
        let id = header.iter().position(|h| *h == "id").expect("id column");
        let cap = header.iter().position(|h| *h == "capacity");
        lines
            .filter(|l| !l.is_empty())
            .enumerate()
            .map(|(k, l)| {
                let f: Vec<&str> = l.split(',').collect();
                (
                    f[id].to_string(),
                    (k, cap.map_or(0, |c| f[c].parse().expect("capacity"))),
                )
            })
            .collect()
    };
    let mentees = index(&read("mentees.csv"));
    let mentors = index(&read("mentors.csv"));
    let mut capacities = vec![0u32; mentors.len()];
    for (k, c) in mentors.values() {
        capacities[*k] = *c;
    }
    let arcs_text = read("arcs.csv");
    let mut lines = arcs_text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).expect("arcs column");
    let (ce, cr, cs) = (col("mentee"), col("mentor"), col("score"));
    let arcs: Vec<Arc> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Arc {
                mentee: mentees[f[ce]].0 as u32,
                mentor: mentors[f[cr]].0 as u32,
                score: f[cs].parse().expect("score"),
            }
        })
        .collect();
    let p = SparseProblem {
        mentees: mentees.len(),
        capacities,
        arcs,
    };
    eprintln!(
        "[{dir}] loaded {} arcs in {:.1} s",
        p.arcs.len(),
        t.elapsed().as_secs_f64()
    );
    run_sparse(dir, &p, runs);
}

/// CPU seconds this thread has used (utime + stime from `/proc/thread-self/stat`, in clock
/// ticks of 10 ms). On a shared machine the wall time of a solve swings with the load while
/// its CPU time stays put, so tuning reads this; 0 where /proc is missing.
fn thread_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |k: usize| f.get(k).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}
