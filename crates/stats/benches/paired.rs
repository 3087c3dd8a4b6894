//! Timing of `paired` (n = 100, 10,000, 100,000) and `suppress::table` (50 × 6): a plain
//! `Instant` loop, the median of several runs, printed as a table (`--json`: one JSON object, which
//! `bench/stats/bench.py` reads to set scipy's figures beside ours). Not a test: nothing here
//! fails on time.
//!
//! The data are the same integer scores `bench.py` builds (ties and zero differences, as in
//! questionnaire totals), so the Wilcoxon test takes its tie-corrected normal approximation, as
//! scipy does for n > 50.

use std::hint::black_box;
use std::time::Instant;

use tandem_stats::paired;
use tandem_stats::suppress::{self, Level, Rule};

/// Questionnaire-like scores: before 10..40, after = before − 2..+4.
fn data(n: usize) -> (Vec<f64>, Vec<f64>) {
    let before: Vec<f64> = (0..n).map(|i| (10 + (i * 7919) % 31) as f64).collect();
    let after: Vec<f64> = before
        .iter()
        .enumerate()
        .map(|(i, b)| b + ((i * 104_729) % 7) as f64 - 2.0)
        .collect();
    (before, after)
}

/// Median seconds per call over `runs` runs of `reps` calls each.
fn median_seconds(runs: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..reps {
                f();
            }
            start.elapsed().as_secs_f64() / reps as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let mut rows: Vec<(String, f64)> = Vec::new();
    for (n, reps) in [(100usize, 2000usize), (10_000, 40), (100_000, 4)] {
        let (b, a) = data(n);
        let s = median_seconds(7, reps, || {
            black_box(paired(black_box(&b), black_box(&a)).expect("valid data"));
        });
        rows.push((format!("paired n={n}"), s));
    }
    let cells: Vec<Vec<u64>> = (0..50)
        .map(|r| (0..6).map(|c| ((r * 31 + c * 17) % 23) as u64).collect())
        .collect();
    let rule = Rule::default();
    let s = median_seconds(7, 200, || {
        black_box(suppress::table(&rule, black_box(&cells), Level::Below));
    });
    rows.push(("suppress::table 50x6".to_owned(), s));

    if json {
        let fields: Vec<String> = rows
            .iter()
            .map(|(k, s)| format!("\"{k}\": {:.9}", s))
            .collect();
        println!("{{{}}}", fields.join(", "));
    } else {
        println!("{:<24} {:>14}", "case", "median µs/call");
        for (k, s) in &rows {
            println!("{k:<24} {:>14.1}", s * 1e6);
        }
    }
}
