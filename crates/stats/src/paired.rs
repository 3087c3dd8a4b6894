//! Before/after comparison of the same people: `scipy.stats.ttest_rel(after, before)` and
//! `scipy.stats.wilcoxon(after, before)` with scipy's defaults, plus effect sizes.
//!
//! Differences are d = after − before, so a positive mean difference means scores went up.
//!
//! **When every difference is equal** (SD of d is 0) the t statistic is a division by zero: `t`,
//! `p_t`, `ci95_low/high`, `d_z` and its interval are `None`. What stays defined: `n`,
//! `n_nonzero`, `mean_diff`, `sd_diff` (0), `df`, `d_av` and `hedges_g_av` (when before or after
//! vary), the rank-biserial correlation (±1 with the interval [r, r], when the common difference is
//! not 0), and the Wilcoxon test (all differences tie). **When every difference is 0** the
//! Wilcoxon test and the rank-biserial correlation are `None` too: there is nothing to rank (scipy
//! reports p = 1 from a degenerate permutation test there, or NaN from its normal approximation;
//! neither is a test).
//!
//! **Which Wilcoxon branch** (scipy 1.17 `method="auto"`, reproduced exactly; `wilcoxon_method`
//! says which applied): with N the number of rows *including* zero differences —
//! N > 50: `"asymptotic"`; otherwise no tied |d| and no zero d: `"exact"` (the exact null
//! distribution of R⁺); otherwise N ≤ 13: `"permutation"` (all 2ⁿ sign flips of the differences,
//! p = 2·min(#{R⁺* ≤ R⁺}, #{R⁺* ≥ R⁺})/2ⁿ, clipped to 1); otherwise `"asymptotic"`. Zeros are dropped
//! ("wilcox") before ranking; the normal approximation uses the m = `n_nonzero` remaining, the tie
//! correction Σ(t³ − t)/48 and no continuity correction. The reported statistic is min(R⁺, R⁻).

use serde::Serialize;

use crate::dist::{normal_quantile, normal_sf, t_quantile, t_sf};
use crate::rank::{average_ranks, tie_term};
use crate::{StatsError, check_finite, finite, mean_var};

/// Every paired statistic; `None` (JSON `null`) where the data leave it undefined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paired {
    /// Rows (people).
    pub n: usize,
    /// Rows whose difference is not zero (what the Wilcoxon test and rank-biserial use).
    pub n_nonzero: usize,
    /// Mean of after − before.
    pub mean_diff: f64,
    /// Sample SD (ddof 1) of the differences.
    pub sd_diff: f64,
    /// Paired t statistic.
    pub t: Option<f64>,
    /// Degrees of freedom, n − 1.
    pub df: f64,
    /// Two-sided p of the paired t test.
    pub p_t: Option<f64>,
    /// 95% confidence interval of the mean difference (t based).
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    /// min(R⁺, R⁻), as scipy reports it for the two-sided test.
    pub wilcoxon_statistic: Option<f64>,
    /// Two-sided p of the Wilcoxon signed-rank test.
    pub p_wilcoxon: Option<f64>,
    /// `"exact"`, `"permutation"` or `"asymptotic"`: the branch scipy's `method="auto"` takes.
    pub wilcoxon_method: Option<String>,
    /// Cohen's d_z = mean(d)/SD(d), with its approximate 95% interval.
    pub d_z: Option<f64>,
    pub d_z_ci95_low: Option<f64>,
    pub d_z_ci95_high: Option<f64>,
    /// Cohen's d_av = mean(d)/√((var(before) + var(after))/2).
    pub d_av: Option<f64>,
    /// d_av with Hedges' small-sample correction 1 − 3/(8n − 9).
    pub hedges_g_av: Option<f64>,
    /// Matched-pairs rank-biserial correlation (R⁺ − R⁻)/(R⁺ + R⁻) over non-zero differences,
    /// with its 95% interval by Fisher's z.
    pub rank_biserial: Option<f64>,
    pub rank_biserial_ci95_low: Option<f64>,
    pub rank_biserial_ci95_high: Option<f64>,
}

/// Compare `after` with `before`, row by row.
pub fn paired(before: &[f64], after: &[f64]) -> Result<Paired, StatsError> {
    if before.len() != after.len() {
        return Err(StatsError::LengthsDiffer {
            before: before.len(),
            after: after.len(),
        });
    }
    let n = before.len();
    if n < 2 {
        return Err(StatsError::TooFew {
            what: "the paired data",
            n,
        });
    }
    check_finite("before", before)?;
    check_finite("after", after)?;

    let d: Vec<f64> = after.iter().zip(before).map(|(a, b)| a - b).collect();
    let nf = n as f64;
    let df = nf - 1.0;
    let (mean_diff, var_diff) = mean_var(&d);
    let sd_diff = var_diff.sqrt();

    // The t test and d_z exist only when the differences vary.
    let varies = sd_diff > 0.0;
    let se = sd_diff / nf.sqrt();
    let t = varies.then(|| mean_diff / se).and_then(finite);
    let p_t = t.map(|t| (2.0 * t_sf(t.abs(), df)).min(1.0));
    let t_crit = t_quantile(0.975, df);
    let ci = t.map(|_| (mean_diff - t_crit * se, mean_diff + t_crit * se));
    let d_z = varies.then(|| mean_diff / sd_diff).and_then(finite);
    let d_z_ci = d_z.map(|dz| {
        let half = t_crit * (1.0 / nf + dz * dz / (2.0 * nf)).sqrt();
        (dz - half, dz + half)
    });

    let (_, var_before) = mean_var(before);
    let (_, var_after) = mean_var(after);
    let d_av = finite(mean_diff / ((var_before + var_after) / 2.0).sqrt());
    let hedges_g_av = d_av.map(|d| d * (1.0 - 3.0 / (8.0 * nf - 9.0)));

    let w = signed_rank(&d);
    let (rank_biserial, rb_ci) = match &w {
        Some(w) => {
            let m = w.m as f64;
            let total = m * (m + 1.0) / 2.0;
            let r = (w.r_plus - w.r_minus) / total;
            let ci = if r.abs() >= 1.0 {
                (r, r)
            } else {
                let se = (m * (m + 1.0) * (2.0 * m + 1.0) / 6.0).sqrt() / total;
                let z = normal_quantile(0.975);
                ((r.atanh() - z * se).tanh(), (r.atanh() + z * se).tanh())
            };
            (Some(r), Some(ci))
        }
        None => (None, None),
    };

    Ok(Paired {
        n,
        n_nonzero: d.iter().filter(|x| **x != 0.0).count(),
        mean_diff,
        sd_diff,
        t,
        df,
        p_t,
        ci95_low: ci.map(|c| c.0),
        ci95_high: ci.map(|c| c.1),
        wilcoxon_statistic: w.as_ref().map(|w| w.r_plus.min(w.r_minus)),
        p_wilcoxon: w.as_ref().map(|w| w.p),
        wilcoxon_method: w.as_ref().map(|w| w.method.to_owned()),
        d_z,
        d_z_ci95_low: d_z_ci.map(|c| c.0),
        d_z_ci95_high: d_z_ci.map(|c| c.1),
        d_av,
        hedges_g_av,
        rank_biserial,
        rank_biserial_ci95_low: rb_ci.map(|c| c.0),
        rank_biserial_ci95_high: rb_ci.map(|c| c.1),
    })
}

/// The Wilcoxon signed-rank test on differences (zeros dropped).
struct SignedRank {
    m: usize,
    r_plus: f64,
    r_minus: f64,
    p: f64,
    method: &'static str,
}

/// `None` when every difference is zero.
fn signed_rank(d: &[f64]) -> Option<SignedRank> {
    let n_all = d.len();
    let nonzero: Vec<f64> = d.iter().copied().filter(|x| *x != 0.0).collect();
    let m = nonzero.len();
    if m == 0 {
        return None;
    }
    let has_zero = m < n_all;
    let abs: Vec<f64> = nonzero.iter().map(|x| x.abs()).collect();
    let (ranks, groups) = average_ranks(&abs);
    let has_ties = groups.iter().any(|&g| g > 1);
    // Average ranks are multiples of ½: doubled, they are integers, and sums of them are exact.
    let doubled: Vec<u64> = ranks.iter().map(|r| (2.0 * r) as u64).collect();
    let plus2: u64 = doubled
        .iter()
        .zip(&nonzero)
        .filter(|(_, x)| **x > 0.0)
        .map(|(r, _)| r)
        .sum();
    let total2 = (m * (m + 1)) as u64;
    let r_plus = plus2 as f64 / 2.0;
    let r_minus = (total2 - plus2) as f64 / 2.0;

    let method = if n_all > 50 {
        "asymptotic"
    } else if !has_ties && !has_zero {
        "exact"
    } else if n_all <= 13 {
        "permutation"
    } else {
        "asymptotic"
    };
    let p = if method == "asymptotic" {
        let mf = m as f64;
        let mean = mf * (mf + 1.0) / 4.0;
        let se = ((mf * (mf + 1.0) * (2.0 * mf + 1.0) - tie_term(&groups) / 2.0) / 24.0).sqrt();
        2.0 * normal_sf(((r_plus - mean) / se).abs())
    } else {
        // Exact and permutation branches both compare R⁺ with its distribution over every
        // assignment of signs to the ranks; without ties that is the classical exact distribution.
        let counts = sign_flip_counts(&doubled, total2);
        let below: u64 = counts[..=plus2 as usize].iter().sum();
        let above: u64 = counts[plus2 as usize..].iter().sum();
        let all = (1u64 << m) as f64;
        (2.0 * below.min(above) as f64 / all).min(1.0)
    };
    Some(SignedRank {
        m,
        r_plus,
        r_minus,
        p,
        method,
    })
}

/// How many of the 2^m sign assignments give each doubled R⁺ = 0..=total2 (subset-sum counts).
fn sign_flip_counts(doubled_ranks: &[u64], total2: u64) -> Vec<u64> {
    let mut counts = vec![0u64; total2 as usize + 1];
    counts[0] = 1;
    let mut reach = 0usize;
    for &r in doubled_ranks {
        let r = r as usize;
        for s in (0..=reach).rev() {
            counts[s + r] += counts[s];
        }
        reach += r;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors() {
        assert_eq!(
            paired(&[1.0, 2.0], &[1.0]),
            Err(StatsError::LengthsDiffer {
                before: 2,
                after: 1
            })
        );
        assert!(matches!(
            paired(&[1.0], &[2.0]),
            Err(StatsError::TooFew { n: 1, .. })
        ));
        assert_eq!(
            paired(&[1.0, 2.0], &[1.0, f64::NAN]),
            Err(StatsError::NotFinite {
                what: "after",
                index: 1
            })
        );
    }

    #[test]
    fn exact_distribution_of_small_n() {
        // n = 3, ranks 1..3: R⁺ takes 0,1,2,3,3,4,5,6 over the 8 sign assignments.
        let c = sign_flip_counts(&[2, 4, 6], 12);
        let by_r: Vec<u64> = c.iter().step_by(2).copied().collect();
        assert_eq!(by_r, vec![1, 1, 1, 2, 1, 1, 1]);
        // All positive: p = 2·1/8.
        let p = paired(&[0.0, 0.0, 0.0], &[1.0, 2.0, 3.0]).unwrap();
        assert_eq!(p.p_wilcoxon, Some(0.25));
        assert_eq!(p.wilcoxon_statistic, Some(0.0));
        assert_eq!(p.wilcoxon_method.as_deref(), Some("exact"));
        assert_eq!(p.rank_biserial, Some(1.0));
        assert_eq!(p.rank_biserial_ci95_low, Some(1.0));
    }

    #[test]
    fn all_equal_differences_are_nulls_not_errors() {
        let p = paired(&[1.0, 2.0, 3.0, 4.0], &[3.0, 4.0, 5.0, 6.0]).unwrap();
        assert_eq!(p.mean_diff, 2.0);
        assert_eq!(p.sd_diff, 0.0);
        assert_eq!(
            (p.t, p.p_t, p.ci95_low, p.d_z, p.d_z_ci95_high),
            (None, None, None, None, None)
        );
        assert!(p.d_av.is_some() && p.hedges_g_av.is_some());
        assert_eq!(p.wilcoxon_method.as_deref(), Some("permutation"));
        let zero = paired(&[5.0, 7.0], &[5.0, 7.0]).unwrap();
        assert_eq!(
            (zero.p_wilcoxon, zero.rank_biserial, zero.n_nonzero),
            (None, None, 0)
        );
        let json = serde_json::to_string(&zero).unwrap();
        assert!(json.contains("\"t\":null") && !json.contains("NaN"));
    }
}
