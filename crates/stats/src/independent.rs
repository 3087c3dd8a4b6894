//! One cohort against another (e.g. the pilot cohort against a later one):
//! `scipy.stats.ttest_ind(b, a, equal_var=False)` with its confidence interval,
//! `scipy.stats.mannwhitneyu(b, a)` with its defaults, and Hedges' g.
//!
//! Differences are b − a, so a positive `mean_diff` means the second cohort scored higher.
//!
//! * **Welch's t** rather than Student's: cohorts differ in size and spread, and Welch's test
//!   costs almost nothing when the variances happen to be equal. When both cohorts have zero
//!   spread, `welch_t`, `welch_df`, `p_welch` and the interval are `None`.
//! * **Mann–Whitney U** is scipy's statistic for the first argument (b): U_b = R_b − n_b(n_b+1)/2.
//!   Branch (scipy 1.17 `method="auto"`): exact when either cohort has at most 8 values and no
//!   value ties, p = 2·P(U ≥ max(U_a, U_b)) clipped to 1; otherwise the normal approximation with
//!   the tie correction and the continuity correction ½. When every value is equal the
//!   approximation has no variance and `p_mann_whitney` is `None`. (The exact counts are kept in
//!   128-bit integers; should a pathological size overflow them, the normal approximation is used
//!   and `mann_whitney_method` says so.)
//! * **Hedges' g** = J·(mean_b − mean_a)/s_p with the pooled SD
//!   s_p = √(((n_a−1)s_a² + (n_b−1)s_b²)/(n_a+n_b−2)) and J = 1 − 3/(4(n_a+n_b) − 9); its 95%
//!   interval is g ± z₀.₉₇₅·√((n_a+n_b)/(n_a·n_b) + g²/(2(n_a+n_b))) (Hedges & Olkin's normal
//!   approximation to the sampling variance). `None` when the pooled SD is 0.

use serde::Serialize;

use crate::dist::{normal_quantile, normal_sf, t_quantile, t_sf};
use crate::rank::{average_ranks, tie_term};
use crate::{StatsError, check_finite, finite, mean_var};

/// Every cohort-against-cohort statistic; `None` (JSON `null`) where undefined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Independent {
    pub n_a: usize,
    pub n_b: usize,
    pub mean_a: f64,
    pub mean_b: f64,
    /// Sample SDs (ddof 1).
    pub sd_a: f64,
    pub sd_b: f64,
    /// mean_b − mean_a.
    pub mean_diff: f64,
    pub welch_t: Option<f64>,
    /// Welch–Satterthwaite degrees of freedom (not an integer in general).
    pub welch_df: Option<f64>,
    pub p_welch: Option<f64>,
    /// 95% confidence interval of mean_diff (Welch).
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    /// U statistic of cohort b.
    pub mann_whitney_u: f64,
    pub p_mann_whitney: Option<f64>,
    /// `"exact"` or `"asymptotic"`.
    pub mann_whitney_method: String,
    pub hedges_g: Option<f64>,
    pub hedges_g_ci95_low: Option<f64>,
    pub hedges_g_ci95_high: Option<f64>,
}

/// Compare cohort `b` with cohort `a`.
pub fn independent(a: &[f64], b: &[f64]) -> Result<Independent, StatsError> {
    if a.len() < 2 {
        return Err(StatsError::TooFew {
            what: "the first group",
            n: a.len(),
        });
    }
    if b.len() < 2 {
        return Err(StatsError::TooFew {
            what: "the second group",
            n: b.len(),
        });
    }
    check_finite("the first group", a)?;
    check_finite("the second group", b)?;
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (mean_a, var_a) = mean_var(a);
    let (mean_b, var_b) = mean_var(b);
    let mean_diff = mean_b - mean_a;

    let (va, vb) = (var_a / na, var_b / nb);
    let se = (va + vb).sqrt();
    let spread = se > 0.0;
    let welch_t = spread.then(|| mean_diff / se).and_then(finite);
    let welch_df = spread
        .then(|| (va + vb) * (va + vb) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0)))
        .and_then(finite);
    let (p_welch, ci) = match (welch_t, welch_df) {
        (Some(t), Some(df)) => {
            let half = t_quantile(0.975, df) * se;
            (
                Some((2.0 * t_sf(t.abs(), df)).min(1.0)),
                Some((mean_diff - half, mean_diff + half)),
            )
        }
        _ => (None, None),
    };

    let (mann_whitney_u, p_mann_whitney, method) = mann_whitney(a, b);

    let pooled = (((na - 1.0) * var_a + (nb - 1.0) * var_b) / (na + nb - 2.0)).sqrt();
    let hedges_g = (pooled > 0.0)
        .then(|| mean_diff / pooled * (1.0 - 3.0 / (4.0 * (na + nb) - 9.0)))
        .and_then(finite);
    let g_ci = hedges_g.map(|g| {
        let se = ((na + nb) / (na * nb) + g * g / (2.0 * (na + nb))).sqrt();
        let half = normal_quantile(0.975) * se;
        (g - half, g + half)
    });

    Ok(Independent {
        n_a: a.len(),
        n_b: b.len(),
        mean_a,
        mean_b,
        sd_a: var_a.sqrt(),
        sd_b: var_b.sqrt(),
        mean_diff,
        welch_t,
        welch_df,
        p_welch,
        ci95_low: ci.map(|c| c.0),
        ci95_high: ci.map(|c| c.1),
        mann_whitney_u,
        p_mann_whitney,
        mann_whitney_method: method.to_owned(),
        hedges_g,
        hedges_g_ci95_low: g_ci.map(|c| c.0),
        hedges_g_ci95_high: g_ci.map(|c| c.1),
    })
}

/// U of `b`, the two-sided p and the branch.
fn mann_whitney(a: &[f64], b: &[f64]) -> (f64, Option<f64>, &'static str) {
    let (n1, n2) = (b.len(), a.len());
    let all: Vec<f64> = b.iter().chain(a).copied().collect();
    let (ranks, groups) = average_ranks(&all);
    let r1: f64 = ranks[..n1].iter().sum();
    let (f1, f2) = (n1 as f64, n2 as f64);
    let u1 = r1 - f1 * (f1 + 1.0) / 2.0;
    let u2 = f1 * f2 - u1;
    let u = u1.max(u2);
    let ties = groups.iter().any(|&g| g > 1);
    let large = n1 > 8 && n2 > 8;
    if !large && !ties {
        // Without ties U is an integer.
        if let Some(p) = exact_u_sf(n1, n2, u as usize) {
            return (u1, Some((2.0 * p).min(1.0)), "exact");
        }
    }
    let n = f1 + f2;
    let s = (f1 * f2 / 12.0 * ((n + 1.0) - tie_term(&groups) / (n * (n - 1.0)))).sqrt();
    let p = (s > 0.0)
        .then(|| (2.0 * normal_sf((u - f1 * f2 / 2.0 - 0.5) / s)).min(1.0))
        .and_then(finite);
    (u1, p, "asymptotic")
}

/// P(U ≥ u) under the null for sample sizes n1, n2 without ties: the coefficients of the Gaussian
/// binomial [n1+n2 choose n1]_q = Π_{i=1..k} (1 − q^{L+i})/(1 − q^i), k = min, L = max, counted
/// exactly. `None` if a count overflows 128 bits.
fn exact_u_sf(n1: usize, n2: usize, u: usize) -> Option<f64> {
    let (k, l) = (n1.min(n2), n1.max(n2));
    let degree = k * l;
    let mut c = vec![0i128; degree + 1];
    c[0] = 1;
    for i in 1..=k {
        // Multiply by (1 − q^{l+i}), from the top so each coefficient uses the old value.
        let a = l + i;
        for s in (a..=degree).rev() {
            c[s] = c[s].checked_sub(c[s - a])?;
        }
        // Divide by (1 − q^i): the quotient satisfies c'[s] = c[s] + c'[s − i].
        for s in i..=degree {
            c[s] = c[s].checked_add(c[s - i])?;
        }
    }
    let total: i128 = c.iter().try_fold(0i128, |acc, x| acc.checked_add(*x))?;
    let tail: i128 = c[u.min(degree + 1)..].iter().sum();
    Some(tail as f64 / total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaussian_binomial_counts() {
        // n1 = n2 = 2: U over C(4,2) = 6 arrangements is 0,1,2,2,3,4.
        assert_eq!(exact_u_sf(2, 2, 0), Some(1.0));
        assert_eq!(exact_u_sf(2, 2, 2), Some(4.0 / 6.0));
        assert_eq!(exact_u_sf(2, 2, 4), Some(1.0 / 6.0));
        assert_eq!(exact_u_sf(2, 2, 5), Some(0.0));
    }

    #[test]
    fn textbook_example() {
        // scipy's documented example: males vs females, U = 17, exact p = 1/9.
        let females = [20.0, 11.0, 17.0, 12.0];
        let males = [19.0, 22.0, 16.0, 29.0, 24.0];
        let r = independent(&females, &males).unwrap();
        assert_eq!(r.mann_whitney_u, 17.0);
        assert!((r.p_mann_whitney.unwrap() - 1.0 / 9.0).abs() < 1e-15);
        assert_eq!(r.mann_whitney_method, "exact");
    }

    #[test]
    fn no_spread_is_null() {
        let r = independent(&[3.0, 3.0], &[3.0, 3.0, 3.0]).unwrap();
        assert_eq!(
            (r.welch_t, r.p_welch, r.hedges_g, r.p_mann_whitney),
            (None, None, None, None)
        );
        assert!(matches!(
            independent(&[1.0], &[1.0, 2.0]),
            Err(StatsError::TooFew { .. })
        ));
    }
}
