//! Tandem's evaluation statistics (issue #14): what a scheme may publish about whether mentoring
//! changed anything, and how to publish small counts without identifying anyone.
//!
//! * [`paired`]: one person measured before and after (e.g. GSES totals at the start and end of a
//!   relationship) — paired t test, Wilcoxon signed-rank test, and effect sizes with intervals.
//! * [`independent`]: one cohort against another — Welch's t test, Mann–Whitney U, Hedges' g.
//! * [`describe`]: n, mean, SD, median, range.
//! * [`suppress`]: small-number suppression, rounding and secondary suppression for tables.
//!
//! **Why these numbers equal scipy.** Evaluation reports are read by analysts who re-run them in
//! R or Python; a p value that differs in the third decimal from `scipy.stats` costs trust and
//! hours. Every test statistic and p value here reproduces `scipy.stats` 1.17.1 (`ttest_rel`,
//! `wilcoxon`, `ttest_ind(equal_var=False)`, `mannwhitneyu`, including which of scipy's exact,
//! permutation and normal-approximation branches applies), checked to 1e-9 against fixture files
//! that scipy itself writes (`bench/stats/`, `crates/stats/tests/scipy.rs`).
//!
//! **Why our own distribution functions rather than `statrs`.** We need Student's t tail and
//! quantile at non-integral degrees of freedom (Welch) and the normal tail, each to about 1e-12
//! relative, so that the 1e-9 comparison with scipy tests our arithmetic rather than a library's
//! approximation error. Checked against 40-digit mpmath values (2026-12, `statrs` 0.19.1, default
//! features off): its t tail and quantile are good to 1e-13–2e-12, but its normal CDF is off by
//! 8.6e-11 relative at Φ(−1) and 2.5e-11 at 1 − Φ(5) — the normal tail is what the Wilcoxon and
//! Mann–Whitney approximations use. Its default features also pull in `nalgebra`. [`dist`] instead
//! computes erfc as the incomplete gamma function Q(½, x²) and the t tail as a regularised
//! incomplete beta function, both by series/continued fractions (modified Lentz) with no fitted
//! coefficients, and quantiles by Newton's method on the tail; its unit tests pin them to mpmath
//! values at 1e-12–1e-14, up to a billion degrees of freedom.
//!
//! **Why `Option` rather than NaN.** A statistic that is undefined for the data (a t statistic
//! when every difference is equal, a Wilcoxon test when every difference is zero) is `None`, which
//! serialises as JSON `null`: NaN is not JSON, and a NaN that reached a chart or a CSV export would
//! be drawn or read as a number.
//!
//! Pure: no I/O, no clock, no database — callers (the CLI, the analytics pages) read and write.
#![forbid(unsafe_code)]

pub mod describe;
pub mod dist;
pub mod independent;
pub mod paired;
mod rank;
pub mod suppress;

pub use describe::{Summary, summary};
pub use independent::{Independent, independent};
pub use paired::{Paired, paired};

/// Why a statistic could not be computed at all (as opposed to being undefined for the data,
/// which is a `None` field in the result).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StatsError {
    /// Paired columns of different lengths: the pairing is lost, so nothing can be said.
    #[error("the two columns have different lengths ({before} and {after})")]
    LengthsDiffer { before: usize, after: usize },
    /// A sample (or a group) with fewer than two values has no spread and no test.
    #[error("{what} has {n} value(s); at least 2 are needed")]
    TooFew { what: &'static str, n: usize },
    /// NaN or infinity in the input: a data error upstream, never silently dropped.
    #[error("{what} holds a value that is not a finite number at position {index}")]
    NotFinite { what: &'static str, index: usize },
    /// A suppression rule weaker than the defaults without a recorded reason, or weaker than ever
    /// allowed.
    #[error("suppression rule refused: {0}")]
    Rule(String),
}

/// Refuse non-finite input, naming the column and position.
fn check_finite(what: &'static str, xs: &[f64]) -> Result<(), StatsError> {
    match xs.iter().position(|x| !x.is_finite()) {
        Some(index) => Err(StatsError::NotFinite { what, index }),
        None => Ok(()),
    }
}

/// Mean and sample variance (ddof 1) by two passes, as numpy computes them (the second pass keeps
/// the variance accurate when the mean is large compared with the spread, e.g. after a shift).
fn mean_var(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let ss: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
    (mean, ss / (n - 1.0))
}

/// Turn a non-finite value into `None`: the one place where undefined becomes null.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}
