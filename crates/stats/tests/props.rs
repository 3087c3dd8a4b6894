//! Property tests: symmetries the statistics must have whatever the data, and an attacker who
//! tries to recover suppressed cells from what a table publishes.

use proptest::prelude::*;
use tandem_stats::suppress::{self, Cell, Level, Rule};
use tandem_stats::{independent, paired};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

fn close_opt(a: Option<f64>, b: Option<f64>, rel: f64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => close(a, b, rel),
        (None, None) => true,
        _ => false,
    }
}

fn neg(x: Option<f64>) -> Option<f64> {
    x.map(|v| -v)
}

/// Paired integer scores (Likert-like, many ties and zeros) or two-decimal ones.
fn paired_data() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (2usize..70).prop_flat_map(|n| {
        prop_oneof![
            (
                prop::collection::vec(10u32..=40, n),
                prop::collection::vec(10u32..=40, n)
            )
                .prop_map(|(b, a)| (
                    b.into_iter().map(f64::from).collect(),
                    a.into_iter().map(f64::from).collect()
                )),
            (
                prop::collection::vec(-5000i32..5000, n),
                prop::collection::vec(-5000i32..5000, n)
            )
                .prop_map(|(b, a)| (
                    b.into_iter().map(|x| f64::from(x) / 100.0).collect(),
                    a.into_iter().map(|x| f64::from(x) / 100.0).collect()
                )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn swapping_before_and_after_negates_effects_and_keeps_p((b, a) in paired_data()) {
        let p = paired(&b, &a).unwrap();
        let q = paired(&a, &b).unwrap();
        prop_assert_eq!(p.mean_diff, -q.mean_diff);
        prop_assert!(close_opt(p.t, neg(q.t), 1e-12));
        prop_assert!(close_opt(p.d_z, neg(q.d_z), 1e-12));
        prop_assert!(close_opt(p.rank_biserial, neg(q.rank_biserial), 1e-12));
        prop_assert!(close_opt(p.p_t, q.p_t, 1e-12));
        prop_assert!(close_opt(p.p_wilcoxon, q.p_wilcoxon, 1e-12));
        prop_assert_eq!(p.wilcoxon_statistic, q.wilcoxon_statistic);
        prop_assert_eq!(p.wilcoxon_method, q.wilcoxon_method);
    }

    #[test]
    fn p_values_are_probabilities_and_intervals_hold_their_estimates((b, a) in paired_data()) {
        let p = paired(&b, &a).unwrap();
        for v in [p.p_t, p.p_wilcoxon].into_iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&v), "p = {}", v);
        }
        let within = |lo: Option<f64>, x: Option<f64>, hi: Option<f64>| match (lo, x, hi) {
            (Some(lo), Some(x), Some(hi)) => lo <= x && x <= hi,
            (None, _, None) => true,
            _ => false,
        };
        prop_assert!(within(p.ci95_low, Some(p.mean_diff), p.ci95_high) || p.t.is_none());
        prop_assert!(within(p.d_z_ci95_low, p.d_z, p.d_z_ci95_high));
        prop_assert!(within(p.rank_biserial_ci95_low, p.rank_biserial, p.rank_biserial_ci95_high));
        if let Some(r) = p.rank_biserial {
            prop_assert!((-1.0..=1.0).contains(&r));
        }
        // The t interval excludes 0 exactly when the t test rejects at 5%.
        if let (Some(lo), Some(hi), Some(pt)) = (p.ci95_low, p.ci95_high, p.p_t)
            && (pt - 0.05).abs() > 1e-9
        {
            prop_assert_eq!(lo > 0.0 || hi < 0.0, pt < 0.05);
        }
    }

    #[test]
    fn shifting_both_columns_changes_nothing(
        (b, a) in paired_data().prop_filter("integers", |(b, _)| b.iter().all(|x| x.fract() == 0.0)),
        shift in -1000i32..1000,
    ) {
        let s = f64::from(shift);
        let p = paired(&b, &a).unwrap();
        let bs: Vec<f64> = b.iter().map(|x| x + s).collect();
        let as_: Vec<f64> = a.iter().map(|x| x + s).collect();
        let q = paired(&bs, &as_).unwrap();
        // Integer data: differences, ranks and branches are identical; variances agree closely.
        prop_assert_eq!(&p.wilcoxon_method, &q.wilcoxon_method);
        prop_assert_eq!(p.p_wilcoxon, q.p_wilcoxon);
        prop_assert_eq!(p.t, q.t);
        prop_assert!(close_opt(p.d_av, q.d_av, 1e-9));
        prop_assert!(close_opt(p.hedges_g_av, q.hedges_g_av, 1e-9));
        prop_assert_eq!(p.rank_biserial, q.rank_biserial);
    }

    #[test]
    fn independent_is_antisymmetric(
        a in prop::collection::vec(0u32..30, 2..40),
        b in prop::collection::vec(0u32..30, 2..40),
    ) {
        let a: Vec<f64> = a.into_iter().map(f64::from).collect();
        let b: Vec<f64> = b.into_iter().map(f64::from).collect();
        let p = independent(&a, &b).unwrap();
        let q = independent(&b, &a).unwrap();
        prop_assert!(close(p.mean_diff, -q.mean_diff, 1e-12));
        prop_assert!(close_opt(p.welch_t, neg(q.welch_t), 1e-12));
        prop_assert!(close_opt(p.hedges_g, neg(q.hedges_g), 1e-12));
        prop_assert!(close_opt(p.p_welch, q.p_welch, 1e-12));
        prop_assert!(close_opt(p.p_mann_whitney, q.p_mann_whitney, 1e-12));
        prop_assert_eq!(p.mann_whitney_u + q.mann_whitney_u, (a.len() * b.len()) as f64);
        for v in [p.p_welch, p.p_mann_whitney].into_iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&v));
        }
    }
}

/// Small counts, so that suppression has something to do.
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(0u64), 5 => 1u64..8, 4 => 8u64..40, 1 => 40u64..300]
}

fn rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        3 => Just(Rule::default()),
        1 => (3u32..15, 1u32..12, 10u32..20).prop_map(|(threshold, rounding, min)| Rule {
            threshold,
            rounding,
            min_for_statistics: min,
        }),
    ]
}

/// Lines of a published table as entry ids (cells, then total last), and what each entry shows.
struct Published {
    shown: Vec<Option<u64>>,
    lines: Vec<Vec<usize>>,
}

impl Published {
    fn of_table(t: &suppress::Table) -> Self {
        let rows = t.cells.len();
        let cols = t.column_totals.len();
        let mut shown = Vec::new();
        let id = |r: usize, c: usize| r * cols + c;
        for row in &t.cells {
            shown.extend(row.iter().map(Cell::shown));
        }
        let row_t = shown.len();
        shown.extend(t.row_totals.iter().map(Cell::shown));
        let col_t = shown.len();
        shown.extend(t.column_totals.iter().map(Cell::shown));
        let grand = shown.len();
        shown.push(t.grand_total.shown());
        let mut lines = Vec::new();
        for r in 0..rows {
            let mut l: Vec<usize> = (0..cols).map(|c| id(r, c)).collect();
            l.push(row_t + r);
            lines.push(l);
        }
        for c in 0..cols {
            let mut l: Vec<usize> = (0..rows).map(|r| id(r, c)).collect();
            l.push(col_t + c);
            lines.push(l);
        }
        let mut l: Vec<usize> = (0..rows).map(|r| row_t + r).collect();
        l.push(grand);
        lines.push(l);
        let mut l: Vec<usize> = (0..cols).map(|c| col_t + c).collect();
        l.push(grand);
        lines.push(l);
        Published { shown, lines }
    }

    /// An attacker with only the published figures: every line adds up, so solve any line with
    /// exactly one unknown, repeatedly; return how many withheld entries fell.
    fn attack(&self) -> usize {
        let mut known: Vec<Option<i128>> = self.shown.iter().map(|s| s.map(i128::from)).collect();
        let mut fell = 0;
        loop {
            let mut progress = false;
            for line in &self.lines {
                let unknown: Vec<usize> = line
                    .iter()
                    .copied()
                    .filter(|&i| known[i].is_none())
                    .collect();
                if unknown.len() != 1 {
                    continue;
                }
                let (cells, total) = line.split_at(line.len() - 1);
                let sum: i128 = cells.iter().filter_map(|&i| known[i]).sum();
                let u = unknown[0];
                known[u] = Some(if u == total[0] {
                    sum
                } else {
                    known[total[0]].unwrap() - sum
                });
                fell += 1;
                progress = true;
            }
            if !progress {
                return fell;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn no_breakdown_gives_a_hidden_cell_away(
        r in rule(),
        cells in prop::collection::vec(count(), 1..9),
    ) {
        let b = suppress::breakdown(&r, &cells, Level::Scheme);
        let total: u64 = cells.iter().sum();
        let hidden = b.cells.iter().filter(|c| c.is_hidden()).count();
        if matches!(b.total, Cell::Exact(_)) {
            prop_assert_ne!(hidden, 1, "{:?} -> {:?}", cells, b);
        }
        // Shown figures are the true ones at scheme level, and hidden ones were really small
        // or protect a small one.
        for (c, n) in b.cells.iter().zip(&cells) {
            match c {
                Cell::Exact(v) => prop_assert_eq!(v, n),
                Cell::Zero => prop_assert_eq!(*n, 0),
                Cell::FewerThan(t) => prop_assert!(*n >= 1 && *n < u64::from(*t)),
                Cell::Secondary => prop_assert!(*n > 0),
                Cell::Rounded(_) => prop_assert!(false, "rounded at scheme level"),
            }
        }
        prop_assert_eq!(b.total.shown().unwrap_or(total), total);
    }

    #[test]
    fn no_table_gives_a_hidden_cell_away(
        r in rule(),
        cells in (1usize..7, 1usize..7).prop_flat_map(|(rows, cols)| {
            prop::collection::vec(prop::collection::vec(count(), cols), rows)
        }),
    ) {
        let t = suppress::table(&r, &cells, Level::Scheme);
        let published = Published::of_table(&t);
        for line in &published.lines {
            let hidden = line.iter().filter(|&&i| published.shown[i].is_none()).count();
            prop_assert_ne!(hidden, 1, "{:?} -> {:?}", cells, t);
        }
        prop_assert_eq!(published.attack(), 0);
        for (row, truth) in t.cells.iter().zip(&cells) {
            for (c, n) in row.iter().zip(truth) {
                if let Some(v) = c.shown() {
                    prop_assert_eq!(v, *n);
                }
            }
        }
    }

    #[test]
    fn below_scheme_level_nothing_small_is_shown(
        r in rule(),
        cells in (1usize..6, 1usize..6).prop_flat_map(|(rows, cols)| {
            prop::collection::vec(prop::collection::vec(count(), cols), rows)
        }),
    ) {
        let t = suppress::table(&r, &cells, Level::Below);
        let all: Vec<&Cell> = t.cells.iter().flatten()
            .chain(&t.row_totals).chain(&t.column_totals).chain([&t.grand_total]).collect();
        for c in &all {
            prop_assert!(!matches!(c, Cell::Exact(_)), "exact below scheme level");
            if let Cell::Rounded(v) = c {
                prop_assert!(*v >= u64::from(r.threshold), "{} shown with threshold {}", v, r.threshold);
                prop_assert_eq!(v % u64::from(r.rounding), 0);
            }
        }
        // Percentages use the shown figures only.
        for (row, total) in t.cells.iter().zip(&t.row_totals) {
            for c in row {
                let pct = suppress::percentage(c, total);
                match (c.shown(), total.shown()) {
                    (Some(n), Some(d)) if d > 0 => {
                        prop_assert_eq!(pct, Some(100.0 * n as f64 / d as f64));
                    }
                    _ => prop_assert_eq!(pct, None),
                }
            }
        }
    }
}

#[test]
fn the_attacker_solves_a_line_with_one_unknown() {
    // A table published without secondary suppression: the 3 falls straight out of its row.
    let naive = Published {
        shown: vec![Some(20), None, Some(30), Some(53)],
        lines: vec![vec![0, 1, 2, 3]],
    };
    assert_eq!(naive.attack(), 1);
}
