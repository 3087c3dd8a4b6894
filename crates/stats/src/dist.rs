//! The two distributions the tests need — standard normal and Student's t — written here rather
//! than taken from a crate (see the crate documentation for why).
//!
//! * The normal tail is `erfc`, computed as the regularised upper incomplete gamma function
//!   Q(½, x²): a power series below x² < 1.5 and a continued fraction (modified Lentz) above. Both
//!   converge to full double precision and need no fitted coefficients, and Γ(½) = √π is exact, so
//!   the only error is rounding.
//! * Student's t tail is ½·I_{v/(v+t²)}(v/2, ½), the regularised incomplete beta function by its
//!   continued fraction (modified Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where
//!   that converges faster and passing 1 − x computed directly (t²/(v+t²)) so that nothing is lost
//!   to cancellation near x = 1. ln B(a, b) uses a Stirling series for large arguments so that
//!   Welch's large, non-integral degrees of freedom keep full relative accuracy.
//! * Quantiles solve tail(q) = min(p, 1 − p) by Newton's method, so that a far tail keeps its
//!   digits. The upper tail of both distributions is convex, so Newton started below the root
//!   climbs to it monotonically and cannot overshoot (and from above, one step lands below).

use std::f64::consts::{PI, SQRT_2};

/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
/// Smallest magnitude the Lentz recurrences allow before they would divide by zero.
const TINY: f64 = 1e-300;

/// The complementary error function, erfc(x) = 1 − erf(x).
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    let s = x * x;
    if s < 1.5 {
        // erf(x) = P(½, x²): series Σ xⁿ/((a+1)…(a+n)) times x^a e^{-x}/Γ(a+1).
        let a = 0.5;
        let mut term = 1.0 / a;
        let mut sum = term;
        let mut ap = a;
        for _ in 0..200 {
            ap += 1.0;
            term *= s / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        // x^a e^{-x²}/Γ(½) with a = ½ is x·e^{-x²}/√π.
        let p = sum * x * (-s).exp() / PI.sqrt();
        1.0 - p
    } else {
        // Q(½, s) by the Legendre continued fraction, modified Lentz.
        let a = 0.5;
        let mut b = s + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..500 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() <= 2.0 * f64::EPSILON {
                break;
            }
        }
        (-s).exp() * x / PI.sqrt() * h
    }
}

/// The standard normal distribution function Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / SQRT_2)
}

/// The standard normal survival function 1 − Φ(x), accurate in the far upper tail.
pub fn normal_sf(x: f64) -> f64 {
    0.5 * erfc(x / SQRT_2)
}

/// The standard normal density.
fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x - LN_SQRT_2PI).exp()
}

/// The standard normal quantile Φ⁻¹(p), for 0 < p < 1.
pub fn normal_quantile(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    // Work with the smaller tail, which p or 1 − p represents without rounding.
    if p < 0.5 {
        -normal_upper_quantile(p)
    } else {
        normal_upper_quantile(1.0 - p)
    }
}

/// The q ≥ 0 with 1 − Φ(q) = tail, for 0 < tail ≤ ½.
fn normal_upper_quantile(tail: f64) -> f64 {
    if tail >= 0.5 {
        return 0.0;
    }
    // 1 − Φ(x) ≤ ½·e^{−x²/2}, so this start lies at or above the root; Newton's first step from
    // there lands below it (clamped at 0), and from below it climbs monotonically.
    let start = (-2.0 * (2.0 * tail).ln()).sqrt();
    newton_upper(start, tail, normal_sf, normal_pdf)
}

/// Newton's method for tail(q) = target on a tail that is convex and decreasing for q ≥ 0. From
/// below the root the iterates climb to it without overshooting; from above, one step lands below.
fn newton_upper(
    start: f64,
    target: f64,
    tail: impl Fn(f64) -> f64,
    pdf: impl Fn(f64) -> f64,
) -> f64 {
    let mut q = start;
    for _ in 0..1000 {
        let step = (tail(q) - target) / pdf(q);
        if !step.is_finite() {
            break;
        }
        let next = (q + step).max(0.0);
        let moved = (next - q).abs();
        q = next;
        if moved <= 1e-15 * q.abs().max(1.0) {
            break;
        }
    }
    q
}

/// ln Γ(x) for x > 0.
pub fn ln_gamma(x: f64) -> f64 {
    if x < 10.0 {
        // Shift up with Γ(x) = Γ(x+k)/(x(x+1)…(x+k−1)) and use the Stirling series there.
        let mut prod = 1.0;
        let mut y = x;
        while y < 10.0 {
            prod *= y;
            y += 1.0;
        }
        ln_gamma(y) - prod.ln()
    } else {
        (x - 0.5) * x.ln() - x + LN_SQRT_2PI + stirling_error(x)
    }
}

/// ln Γ(x) − ((x − ½) ln x − x + ln √(2π)), by its asymptotic series; x ≥ 10.
fn stirling_error(x: f64) -> f64 {
    let r = 1.0 / x;
    let r2 = r * r;
    r * (1.0 / 12.0
        - r2 * (1.0 / 360.0
            - r2 * (1.0 / 1260.0
                - r2 * (1.0 / 1680.0
                    - r2 * (1.0 / 1188.0 - r2 * (691.0 / 360_360.0 - r2 / 156.0))))))
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), without the cancellation that the direct sum
/// suffers when a or b is large.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    let (small, large) = if a < b { (a, b) } else { (b, a) };
    if large < 10.0 {
        return ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
    }
    // ln Γ(L) − ln Γ(L+s) = −(L − ½) ln(1 + s/L) − s ln(L + s) + s + err(L) − err(L+s).
    let diff = -(large - 0.5) * (small / large).ln_1p() - small * (large + small).ln()
        + small
        + stirling_error(large)
        - stirling_error(large + small);
    ln_gamma(small) + diff
}

/// The regularised incomplete beta function I_x(a, b), given both x and y = 1 − x (so that a
/// caller who knows 1 − x more precisely than by subtraction can say so).
///
/// The continued fraction for I_x(a, b) converges fast for x < (a+1)/(a+b+2); otherwise that for
/// I_y(b, a) does, and I_x(a, b) = 1 − I_y(b, a). When a is large and x is near 1 the fraction in
/// x is ill-conditioned (x has lost the low digits that y still carries: t² in Student's t at a
/// million degrees of freedom), so the fraction in y is used up to 2.5 times beyond its own fast
/// region, where it still converges in a few dozen terms and the subtraction costs little.
pub fn inc_beta(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    let in_y = x > (a + 1.0) / (a + b + 2.0) || (x > 0.5 && y <= 2.5 * (b + 1.0) / (a + b + 2.0));
    if in_y {
        1.0 - inc_beta_fraction(b, a, y, x)
    } else {
        inc_beta_fraction(a, b, x, y)
    }
}

/// I_x(a, b) by its continued fraction, whatever x.
fn inc_beta_fraction(a: f64, b: f64, x: f64, y: f64) -> f64 {
    // ln x and ln(1 − x) from whichever of x and y is small, where it is known to full relative
    // precision: with a = v/2 in the hundreds of thousands, a·ln x amplifies any rounding in x.
    let ln_x = if x > 0.5 { (-y).ln_1p() } else { x.ln() };
    let ln_y = if y > 0.5 { (-x).ln_1p() } else { y.ln() };
    let front = (a * ln_x + b * ln_y - ln_beta(a, b)).exp() / a;
    front * beta_fraction(a, b, x)
}

/// The continued fraction for I_x(a, b), modified Lentz; converges for x < (a+1)/(a+b+2).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..100_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        // Even step: m(b − m)x / ((a + 2m − 1)(a + 2m)).
        let aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        // Odd step: −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
        let aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= 2.0 * f64::EPSILON {
            break;
        }
    }
    h
}

/// Student's t survival function P(T > t) with `df` degrees of freedom (df > 0, not necessarily
/// an integer: Welch's test needs fractional ones).
pub fn t_sf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t == f64::INFINITY {
        return 0.0;
    }
    if t == f64::NEG_INFINITY {
        return 1.0;
    }
    let t2 = t * t;
    // x = df/(df + t²) and 1 − x = t²/(df + t²), each computed directly.
    let half_tail = 0.5 * inc_beta(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2));
    if t > 0.0 { half_tail } else { 1.0 - half_tail }
}

/// Student's t density.
fn t_pdf(t: f64, df: f64) -> f64 {
    (-ln_beta(0.5 * df, 0.5) - 0.5 * df.ln() - 0.5 * (df + 1.0) * (t * t / df).ln_1p()).exp()
}

/// Student's t quantile for 0 < p < 1.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0 && df > 0.0) {
        return f64::NAN;
    }
    if p < 0.5 {
        -t_upper_quantile(p, df)
    } else {
        t_upper_quantile(1.0 - p, df)
    }
}

/// The q ≥ 0 with P(T > q) = tail, for 0 < tail ≤ ½.
fn t_upper_quantile(tail: f64, df: f64) -> f64 {
    if tail >= 0.5 {
        return 0.0;
    }
    // One and two degrees of freedom have closed forms.
    if df == 1.0 {
        return (PI * (0.5 - tail)).tan();
    }
    if df == 2.0 {
        return (1.0 - 2.0 * tail) / (2.0 * tail * (1.0 - tail)).sqrt();
    }
    // The t quantile lies beyond the normal one (heavier tails): a start below the root.
    newton_upper(
        normal_upper_quantile(tail),
        tail,
        |q| t_sf(q, df),
        |q| t_pdf(q, df),
    )
}

// Reference values are quoted with all the digits their source gave.
#[allow(clippy::excessive_precision)]
#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(f64::MIN_POSITIVE)
    }

    // Reference values: published tables / closed forms, to at least 15 significant digits.
    #[test]
    fn normal_tail_and_quantile() {
        assert!(close(normal_sf(1.959_963_984_540_054), 0.025, 1e-14));
        assert!(close(normal_quantile(0.975), 1.959_963_984_540_054, 1e-14));
        // Φ(−1) = 0.158655253931457051414767454...
        assert!(close(normal_cdf(-1.0), 0.158_655_253_931_457_05, 1e-14));
        // 1 − Φ(5) = 2.866515718791939e-07, and 1 − Φ(10) = 7.619853024160527e-24.
        assert!(close(normal_sf(5.0), 2.866_515_718_791_939e-7, 1e-13));
        assert!(close(normal_sf(10.0), 7.619_853_024_160_527e-24, 1e-13));
        // erfc at the branch point between series and fraction agrees from both sides.
        let b = 1.5_f64.sqrt();
        assert!(close(erfc(b - 1e-12), erfc(b + 1e-12), 1e-11));
        assert!(close(
            normal_quantile(0.5 + 1e-3),
            -normal_quantile(0.5 - 1e-3),
            1e-14
        ));
    }

    #[test]
    fn ln_gamma_against_exact_values() {
        // Γ(½) = √π, Γ(5) = 24, Γ(20) = 19!.
        assert!(close(ln_gamma(0.5), PI.sqrt().ln(), 1e-13));
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-15));
        assert!(close(
            ln_gamma(20.0),
            121_645_100_408_832_000f64.ln(),
            1e-15
        ));
        // ln B(a, b) through both branches agrees with the direct sum where that is exact enough.
        assert!(close(
            ln_beta(12.5, 0.5),
            ln_gamma(12.5) + ln_gamma(0.5) - ln_gamma(13.0),
            1e-14
        ));
    }

    #[test]
    fn t_distribution_against_closed_forms() {
        // One degree of freedom is Cauchy: sf(t) = ½ − atan(t)/π.
        for t in [0.1, 1.0, 3.0, 12.706] {
            assert!(close(t_sf(t, 1.0), 0.5 - t.atan() / PI, 1e-14), "t = {t}");
        }
        // Two degrees of freedom: sf(t) = ½ − t/(2√(2 + t²)).
        for t in [0.3, 2.0, 9.0] {
            assert!(close(
                t_sf(t, 2.0),
                0.5 - t / (2.0 * (2.0 + t * t).sqrt()),
                1e-14
            ));
        }
        // Tables: t₀.₉₇₅ with 10 df is 2.228138851986274, with 30 df 2.042272456301238.
        assert!(close(t_quantile(0.975, 10.0), 2.228_138_851_986_274, 1e-13));
        assert!(close(t_quantile(0.975, 30.0), 2.042_272_456_301_238, 1e-13));
        // The quantile inverts the tail, including non-integral df.
        for df in [1.3, 3.0, 7.5, 49.0, 199.0, 12_345.6] {
            let q = t_quantile(0.975, df);
            assert!(close(t_sf(q, df), 0.025, 1e-12), "df = {df}");
            assert!(q > normal_quantile(0.975));
        }
        // Against 40-digit values (mpmath, with x = v/(v+4) exact): the accuracy the crate
        // documents, including Welch-like fractional and very large degrees of freedom.
        let cases = [
            (
                199.0,
                0.023_430_000_200_641_918_057,
                1.971_956_544_251_753_834_4,
            ),
            (
                12_345.6,
                0.022_761_065_609_406_423_710,
                1.960_156_158_259_510_529_2,
            ),
            (
                1e6,
                0.022_750_266_925_659_604_211,
                1.959_966_356_814_107_035_3,
            ),
            (
                1e9,
                0.022_750_132_083_156_623_547,
                1.959_963_986_912_325_468_6,
            ),
        ];
        for (df, sf2, q) in cases {
            assert!(
                close(t_sf(2.0, df), sf2, 1e-12),
                "sf, df = {df}: {:e}",
                t_sf(2.0, df)
            );
            assert!(close(t_quantile(0.975, df), q, 1e-13), "q, df = {df}");
        }
        // A far tail with heavy tails: P(T > 1033.1096745038077) = 1e-9 at 3 df (mpmath).
        assert!(close(
            t_quantile(1e-9, 3.0),
            -1_033.109_674_503_807_7,
            1e-12
        ));
        assert!(close(t_quantile(0.9, 2.0), 1.885_618_083_164_126_7, 1e-14));
        // Symmetry.
        assert!(close(t_sf(-1.7, 8.0), 1.0 - t_sf(1.7, 8.0), 1e-15));
    }
}
