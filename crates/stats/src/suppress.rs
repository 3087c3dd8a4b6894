//! Small-number suppression for published tables: counts of people small enough to identify
//! someone (three mentees from one ward who left the scheme) are not published, and nothing that
//! is published lets a reader work them out again.
//!
//! The rules, in order:
//!
//! 1. **Primary suppression.** A count of 1 to `threshold − 1` is shown as "fewer than
//!    `threshold`" ([`Cell::FewerThan`]; default threshold 8, so 1..7).
//! 2. **Zero is shown** ([`Cell::Zero`]). A true zero names nobody, and hiding zeros would turn
//!    most breakdowns of a small scheme into holes and trigger secondary suppression everywhere.
//!    Where a zero itself would disclose something ("0 of the 9 mentees from X completed"), the
//!    page that publishes the table must not publish that breakdown; this module cannot know.
//! 3. **Exact counts only at whole-scheme level.** Below it ([`Level::Below`]: one organisation,
//!    cohort, profession, …) every count ≥ threshold, totals included, is rounded to the nearest
//!    multiple of `rounding` (halves up; default 5), and never below the threshold: a rounded
//!    figure is raised to the smallest multiple of `rounding` that is ≥ threshold, so that no shown
//!    figure equals a count that would itself have been suppressed. Rounded figures need not add
//!    up to their rounded totals.
//! 4. **Secondary suppression.** A published total with its cells is an equation
//!    (cells add up to total). If exactly one entry of such a line is hidden, it can be solved for,
//!    so the smallest other shown, non-zero entry of that line is hidden as well
//!    ([`Cell::Secondary`]); ties go to the earlier cell, and totals are chosen only when no cell
//!    is left. In a two-way table every row (with its row total), every column (with its column
//!    total), the row totals (with the grand total) and the column totals (with the grand total)
//!    are lines, and this repeats until no line has exactly one hidden entry.
//!
//! Rule 4 guarantees that no single line gives a hidden cell away. It is the standard cell-
//! suppression rule for published statistics, not a full linear-programming audit: combinations of
//! several lines can still narrow a hidden cell down to an interval (never to fewer than the
//! primary range allows in the tables the property tests generate). Publish fewer breakdowns
//! rather than finer ones.
//!
//! Percentages are computed only from shown figures ([`percentage`]), never from the exact counts
//! behind them, so a percentage cannot reveal a rounded or hidden count.

use serde::Serialize;

use crate::StatsError;

/// A scheme's suppression rule. Weaker settings than the defaults need a recorded reason
/// ([`Rule::validate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Counts 1..threshold−1 are shown as "fewer than `threshold`". Default 8; never below 3.
    pub threshold: u32,
    /// Below scheme level, counts are rounded to a multiple of this. Default 5.
    pub rounding: u32,
    /// Fewer respondents than this and no statistics (means, tests) are published. Default 10.
    pub min_for_statistics: u32,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            threshold: 8,
            rounding: 5,
            min_for_statistics: 10,
        }
    }
}

impl Rule {
    /// Refuse a rule weaker than the defaults unless a non-empty reason is recorded with it (a
    /// data-protection officer's decision, say), and refuse outright a threshold below 3 or a
    /// rounding base of 0 (1 means no rounding).
    pub fn validate(&self, reason: Option<&str>) -> Result<(), StatsError> {
        if self.threshold < 3 {
            return Err(StatsError::Rule(format!(
                "a threshold of {} is below the minimum of 3",
                self.threshold
            )));
        }
        if self.rounding == 0 {
            return Err(StatsError::Rule("rounding must be at least 1".into()));
        }
        let d = Rule::default();
        let weaker = self.threshold < d.threshold
            || self.rounding < d.rounding
            || self.min_for_statistics < d.min_for_statistics;
        let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
        if weaker && !has_reason {
            return Err(StatsError::Rule(format!(
                "threshold {}, rounding {}, minimum for statistics {} is weaker than the default \
                 ({}, {}, {}) and needs a recorded reason",
                self.threshold,
                self.rounding,
                self.min_for_statistics,
                d.threshold,
                d.rounding,
                d.min_for_statistics
            )));
        }
        Ok(())
    }
}

/// Where a table is published: exact counts only for the whole scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Scheme,
    Below,
}

/// One published figure. JSON: `{"shown":"exact","value":12}`, `{"shown":"fewer_than","value":8}`,
/// `{"shown":"zero"}`, `{"shown":"secondary"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "shown", content = "value", rename_all = "snake_case")]
pub enum Cell {
    /// The true count (scheme level only).
    Exact(u64),
    /// The count rounded to a multiple of the rule's `rounding`.
    Rounded(u64),
    /// 1..n−1: "fewer than n".
    FewerThan(u32),
    /// A true zero.
    Zero,
    /// Hidden only so that another hidden cell cannot be worked out.
    Secondary,
}

impl Cell {
    /// Whether the figure is withheld.
    pub fn is_hidden(&self) -> bool {
        matches!(self, Cell::FewerThan(_) | Cell::Secondary)
    }

    /// The figure a reader sees, if any.
    pub fn shown(&self) -> Option<u64> {
        match self {
            Cell::Exact(v) | Cell::Rounded(v) => Some(*v),
            Cell::Zero => Some(0),
            Cell::FewerThan(_) | Cell::Secondary => None,
        }
    }
}

/// One count on its own (primary suppression and rounding only).
pub fn count(rule: &Rule, n: u64, level: Level) -> Cell {
    let threshold = u64::from(rule.threshold);
    if n == 0 {
        Cell::Zero
    } else if n < threshold {
        Cell::FewerThan(rule.threshold)
    } else {
        match level {
            Level::Scheme => Cell::Exact(n),
            Level::Below => {
                let base = u64::from(rule.rounding.max(1));
                let nearest = (n + base / 2) / base * base;
                let floor = threshold.div_ceil(base) * base;
                Cell::Rounded(nearest.max(floor))
            }
        }
    }
}

/// A breakdown (e.g. mentees by profession) published with its total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    pub cells: Vec<Cell>,
    pub total: Cell,
}

/// A breakdown whose total is also published: primary suppression, rounding, and secondary
/// suppression so that no hidden cell can be recovered from the total and the shown cells.
pub fn breakdown(rule: &Rule, cells: &[u64], level: Level) -> Breakdown {
    let total: u64 = cells.iter().sum();
    let mut grid = Grid::new(rule, level);
    let idx: Vec<usize> = cells.iter().map(|&c| grid.push(c)).collect();
    let t = grid.push(total);
    let mut line = idx.clone();
    line.push(t);
    grid.lines.push(line);
    grid.settle();
    Breakdown {
        cells: idx.iter().map(|&i| grid.cells[i]).collect(),
        total: grid.cells[t],
    }
}

/// A two-way table with row totals, column totals and a grand total, all published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub grand_total: Cell,
}

/// A two-way table (rows × columns) with its margins: secondary suppression along rows, columns
/// and both margins until stable. Rows shorter than the longest are read as zeros to their right.
pub fn table(rule: &Rule, cells: &[Vec<u64>], level: Level) -> Table {
    let rows = cells.len();
    let cols = cells.iter().map(Vec::len).max().unwrap_or(0);
    let at = |r: usize, c: usize| cells[r].get(c).copied().unwrap_or(0);
    let mut grid = Grid::new(rule, level);
    let idx: Vec<Vec<usize>> = (0..rows)
        .map(|r| (0..cols).map(|c| grid.push(at(r, c))).collect())
        .collect();
    let row_t: Vec<usize> = (0..rows)
        .map(|r| grid.push((0..cols).map(|c| at(r, c)).sum()))
        .collect();
    let col_t: Vec<usize> = (0..cols)
        .map(|c| grid.push((0..rows).map(|r| at(r, c)).sum()))
        .collect();
    let grand = grid.push(cells.iter().flatten().sum());
    for r in 0..rows {
        let mut line = idx[r].clone();
        line.push(row_t[r]);
        grid.lines.push(line);
    }
    for c in 0..cols {
        let mut line: Vec<usize> = (0..rows).map(|r| idx[r][c]).collect();
        line.push(col_t[c]);
        grid.lines.push(line);
    }
    let mut margin = row_t.clone();
    margin.push(grand);
    grid.lines.push(margin);
    let mut margin = col_t.clone();
    margin.push(grand);
    grid.lines.push(margin);
    grid.settle();
    Table {
        cells: idx
            .iter()
            .map(|row| row.iter().map(|&i| grid.cells[i]).collect())
            .collect(),
        row_totals: row_t.iter().map(|&i| grid.cells[i]).collect(),
        column_totals: col_t.iter().map(|&i| grid.cells[i]).collect(),
        grand_total: grid.cells[grand],
    }
}

/// Entries (true counts and their published cells) and the lines (cells then total) that add up.
struct Grid<'r> {
    rule: &'r Rule,
    level: Level,
    values: Vec<u64>,
    cells: Vec<Cell>,
    lines: Vec<Vec<usize>>,
}

impl<'r> Grid<'r> {
    fn new(rule: &'r Rule, level: Level) -> Self {
        Grid {
            rule,
            level,
            values: Vec::new(),
            cells: Vec::new(),
            lines: Vec::new(),
        }
    }

    fn push(&mut self, n: u64) -> usize {
        self.values.push(n);
        self.cells.push(count(self.rule, n, self.level));
        self.values.len() - 1
    }

    /// Secondary suppression to a fixed point. Every pass hides at least one more entry, so this
    /// ends after at most as many passes as there are entries.
    fn settle(&mut self) {
        loop {
            let mut changed = false;
            for l in 0..self.lines.len() {
                let line = &self.lines[l];
                if line.iter().filter(|&&i| self.cells[i].is_hidden()).count() != 1 {
                    continue;
                }
                // The total is last in every line; prefer cells, and among them the smallest.
                let (cells, total) = line.split_at(line.len() - 1);
                let pick = |ids: &[usize]| {
                    ids.iter()
                        .copied()
                        .filter(|&i| !self.cells[i].is_hidden() && self.values[i] > 0)
                        .min_by_key(|&i| self.values[i])
                };
                if let Some(i) = pick(cells).or_else(|| pick(total)) {
                    self.cells[i] = Cell::Secondary;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }
}

/// A percentage (0–100) from the published figures only; `None` when either is hidden or the
/// denominator is 0.
pub fn percentage(numerator: &Cell, denominator: &Cell) -> Option<f64> {
    let (n, d) = (numerator.shown()?, denominator.shown()?);
    (d > 0).then(|| 100.0 * n as f64 / d as f64)
}

/// Whether means, tests and effect sizes may be published for this many respondents.
pub fn statistics_allowed(rule: &Rule, respondents: u64) -> bool {
    respondents >= u64::from(rule.min_for_statistics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let r = Rule::default();
        assert_eq!(count(&r, 0, Level::Below), Cell::Zero);
        assert_eq!(count(&r, 7, Level::Scheme), Cell::FewerThan(8));
        assert_eq!(count(&r, 8, Level::Scheme), Cell::Exact(8));
        assert_eq!(count(&r, 8, Level::Below), Cell::Rounded(10));
        assert_eq!(count(&r, 12, Level::Below), Cell::Rounded(10));
        assert_eq!(count(&r, 13, Level::Below), Cell::Rounded(15));
        let high = Rule { threshold: 12, ..r };
        assert_eq!(count(&high, 12, Level::Below), Cell::Rounded(15));
    }

    #[test]
    fn one_hidden_cell_takes_the_smallest_other_with_it() {
        let b = breakdown(&Rule::default(), &[20, 3, 0, 9, 12], Level::Scheme);
        assert_eq!(
            b.cells,
            vec![
                Cell::Exact(20),
                Cell::FewerThan(8),
                Cell::Zero,
                Cell::Secondary,
                Cell::Exact(12)
            ]
        );
        assert_eq!(b.total, Cell::Exact(44));
        // Two hidden cells already protect each other.
        let b = breakdown(&Rule::default(), &[20, 3, 4], Level::Scheme);
        assert_eq!(b.cells[0], Cell::Exact(20));
    }

    #[test]
    fn tables_settle_along_rows_and_columns() {
        let t = table(
            &Rule::default(),
            &[vec![20, 3, 30], vec![25, 40, 50]],
            Level::Scheme,
        );
        // Row 0: 3 hidden, so 20 goes; column 0 then has 20 hidden alone, so 25 goes; column 1
        // has 3 alone, so 40 goes; row 1 now has two hidden.
        assert_eq!(
            t.cells[0],
            vec![Cell::Secondary, Cell::FewerThan(8), Cell::Exact(30)]
        );
        assert_eq!(
            t.cells[1],
            vec![Cell::Secondary, Cell::Secondary, Cell::Exact(50)]
        );
        assert_eq!(t.grand_total, Cell::Exact(168));
    }

    #[test]
    fn percentages_from_shown_figures() {
        assert_eq!(
            percentage(&Cell::Rounded(10), &Cell::Rounded(40)),
            Some(25.0)
        );
        assert_eq!(percentage(&Cell::FewerThan(8), &Cell::Exact(40)), None);
        assert_eq!(percentage(&Cell::Zero, &Cell::Zero), None);
        assert!(statistics_allowed(&Rule::default(), 10));
        assert!(!statistics_allowed(&Rule::default(), 9));
    }

    #[test]
    fn weaker_rules_need_a_reason() {
        let weak = Rule {
            threshold: 5,
            ..Rule::default()
        };
        assert!(weak.validate(None).is_err());
        assert!(weak.validate(Some("  ")).is_err());
        assert!(weak.validate(Some("DPO approved 2026-11-02")).is_ok());
        assert!(
            Rule {
                threshold: 2,
                ..Rule::default()
            }
            .validate(Some("x"))
            .is_err()
        );
        assert!(Rule::default().validate(None).is_ok());
        let json = serde_json::to_string(&Cell::FewerThan(8)).unwrap();
        assert_eq!(json, r#"{"shown":"fewer_than","value":8}"#);
        assert_eq!(
            serde_json::to_string(&Cell::Zero).unwrap(),
            r#"{"shown":"zero"}"#
        );
    }
}
