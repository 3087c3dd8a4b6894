#!/usr/bin/env python3
"""Write the fixtures that pin tandem-stats to scipy (crates/stats/tests/fixtures/*.json).

Every expected figure comes from scipy 1.17.1 / numpy 2.4.6 (bench/requirements.txt): the tests
(`ttest_rel`, `wilcoxon`, `ttest_ind(equal_var=False)`, `mannwhitneyu`) directly, and the effect
sizes from their textbook formulas evaluated with numpy and scipy's distributions. Undefined
figures are written as null; where tandem-stats deliberately reports null although scipy returns a
number (every difference zero, or no spread at all), this script says so in `nulled_by_design`.

The Wilcoxon branch scipy's method="auto" takes is recorded too, and checked here: the automatic
p value must equal the p value of that branch requested explicitly.

Run through bench/stats/regenerate.sh.
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy import stats

OUT = Path(__file__).resolve().parents[2] / "crates" / "stats" / "tests" / "fixtures"
Z975 = stats.norm.ppf(0.975)


def num(x):
    """A finite float, or None (null) for NaN and infinities."""
    x = float(x)
    return x if math.isfinite(x) else None


def wilcoxon_branch(d):
    """scipy 1.17 `_wilcoxon._wilcoxon_nd`'s choice for method="auto" (two-sided, "wilcox")."""
    n_all = len(d)
    nonzero = d[d != 0]
    has_zero = len(nonzero) < n_all
    _, counts = np.unique(np.abs(nonzero), return_counts=True)
    has_ties = bool(np.any(counts > 1))
    if n_all > 50:
        return "asymptotic"
    if not (has_ties or has_zero):
        return "exact"
    if n_all <= 13:
        return "permutation"
    return "asymptotic"


def paired_expected(before, after):
    b = np.asarray(before, dtype=float)
    a = np.asarray(after, dtype=float)
    d = a - b
    n = len(d)
    mean = d.mean()
    sd = d.std(ddof=1)
    nulled = []
    out = {
        "n": n,
        "n_nonzero": int(np.count_nonzero(d)),
        "mean_diff": num(mean),
        "sd_diff": num(sd),
    }

    tt = stats.ttest_rel(a, b)
    ci = tt.confidence_interval(0.95)
    out["df"] = num(tt.df)
    tcrit = stats.t.ppf(0.975, n - 1)
    if sd > 0:
        out.update(
            t=num(tt.statistic), p_t=num(tt.pvalue), ci95_low=num(ci.low), ci95_high=num(ci.high)
        )
        dz = mean / sd
        half = tcrit * math.sqrt(1 / n + dz * dz / (2 * n))
        out.update(d_z=num(dz), d_z_ci95_low=num(dz - half), d_z_ci95_high=num(dz + half))
    else:
        nulled.append(f"t test and d_z: scipy says t={tt.statistic}, p={tt.pvalue} with SD 0")
        for k in ["t", "p_t", "ci95_low", "ci95_high", "d_z", "d_z_ci95_low", "d_z_ci95_high"]:
            out[k] = None

    d_av = (
        mean / math.sqrt((b.var(ddof=1) + a.var(ddof=1)) / 2)
        if (b.var(ddof=1) + a.var(ddof=1)) > 0
        else math.nan
    )
    out["d_av"] = num(d_av)
    out["hedges_g_av"] = num(d_av * (1 - 3 / (4 * 2 * n - 9)))

    nz = d[d != 0]
    m = len(nz)
    if m == 0:
        w = stats.wilcoxon(a, b)
        nulled.append(
            f"Wilcoxon: every difference is zero; scipy says statistic={w.statistic}, p={w.pvalue}"
        )
        for k in [
            "wilcoxon_statistic",
            "p_wilcoxon",
            "wilcoxon_method",
            "rank_biserial",
            "rank_biserial_ci95_low",
            "rank_biserial_ci95_high",
        ]:
            out[k] = None
    else:
        w = stats.wilcoxon(a, b)
        branch = wilcoxon_branch(d)
        explicit = {
            "exact": "exact",
            "asymptotic": "asymptotic",
            "permutation": stats.PermutationMethod(),
        }[branch]
        w2 = stats.wilcoxon(a, b, method=explicit)
        assert w.pvalue == w2.pvalue, (branch, w.pvalue, w2.pvalue)
        out.update(
            wilcoxon_statistic=num(w.statistic), p_wilcoxon=num(w.pvalue), wilcoxon_method=branch
        )
        ranks = stats.rankdata(np.abs(nz))
        r_plus = ranks[nz > 0].sum()
        r_minus = ranks[nz < 0].sum()
        r = (r_plus - r_minus) / (r_plus + r_minus)
        if abs(r) == 1:
            lo = hi = r
        else:
            se = math.sqrt(m * (m + 1) * (2 * m + 1) / 6) / (m * (m + 1) / 2)
            lo, hi = math.tanh(math.atanh(r) - Z975 * se), math.tanh(math.atanh(r) + Z975 * se)
        out.update(
            rank_biserial=num(r), rank_biserial_ci95_low=num(lo), rank_biserial_ci95_high=num(hi)
        )
    return out, nulled


def independent_expected(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    na, nb = len(a), len(b)
    nulled = []
    out = {
        "n_a": na,
        "n_b": nb,
        "mean_a": num(a.mean()),
        "mean_b": num(b.mean()),
        "sd_a": num(a.std(ddof=1)),
        "sd_b": num(b.std(ddof=1)),
        "mean_diff": num(b.mean() - a.mean()),
    }
    if a.var(ddof=1) + b.var(ddof=1) > 0:
        tt = stats.ttest_ind(b, a, equal_var=False)
        ci = tt.confidence_interval(0.95)
        out.update(
            welch_t=num(tt.statistic),
            welch_df=num(tt.df),
            p_welch=num(tt.pvalue),
            ci95_low=num(ci.low),
            ci95_high=num(ci.high),
        )
    else:
        nulled.append("Welch: no spread in either group")
        out.update(welch_t=None, welch_df=None, p_welch=None, ci95_low=None, ci95_high=None)
    mw = stats.mannwhitneyu(b, a)
    allv = np.concatenate([b, a])
    ties = len(np.unique(allv)) < len(allv)
    method = "asymptotic" if (na > 8 and nb > 8) or ties else "exact"
    assert mw.pvalue == stats.mannwhitneyu(b, a, method=method).pvalue
    out["mann_whitney_u"] = num(mw.statistic)
    if len(np.unique(allv)) == 1:
        nulled.append(f"Mann-Whitney: every value equal; scipy says p={mw.pvalue}")
        out["p_mann_whitney"] = None
    else:
        out["p_mann_whitney"] = num(mw.pvalue)
    out["mann_whitney_method"] = method
    sp = math.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2))
    if sp > 0:
        g = (b.mean() - a.mean()) / sp * (1 - 3 / (4 * (na + nb) - 9))
        se = math.sqrt((na + nb) / (na * nb) + g * g / (2 * (na + nb)))
        out.update(
            hedges_g=num(g),
            hedges_g_ci95_low=num(g - Z975 * se),
            hedges_g_ci95_high=num(g + Z975 * se),
        )
    else:
        out.update(hedges_g=None, hedges_g_ci95_low=None, hedges_g_ci95_high=None)
    return out, nulled


def rounded(xs, places=2):
    return [round(float(x), places) for x in xs]


def paired_cases(rng):
    cases = []

    def add(name, before, after):
        before, after = list(map(float, before)), list(map(float, after))
        expected, nulled = paired_expected(before, after)
        case = {"name": name, "before": before, "after": after, "expected": expected}
        if nulled:
            case["nulled_by_design"] = nulled
        cases.append(case)

    def continuous(n, shift=0.5, sd=1.0):
        b = rounded(rng.normal(50, 10, n))
        a = rounded(np.asarray(b) + rng.normal(shift, sd * 3, n))
        return b, a

    def likert(n, lo=10, hi=40, gain=2):
        b = rng.integers(lo, max(hi - 5, lo + 2), n)
        a = np.clip(b + rng.integers(-3, 4 + gain, n), lo, hi)
        return b.tolist(), a.tolist()

    add("n=2 distinct", [10, 12], [13, 20])
    add("n=2 all-equal differences", [10, 12], [13, 15])
    add("n=3 with a zero", [5, 6, 7], [5, 9, 11])
    add("n=3 exact", [1.5, 2.25, 3.0], [2.0, 1.0, 6.5])
    add("n=5 ties", [3, 4, 5, 6, 7], [5, 6, 4, 8, 9])
    add("n=5 all zero differences", [3, 4, 5, 6, 7], [3, 4, 5, 6, 7])
    add("n=6 all-equal non-zero differences", [3, 4, 5, 6, 7, 8], [5, 6, 7, 8, 9, 10])
    add("n=8 one non-zero difference", [1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 11])
    add(
        "n=9 negative only, exact",
        [20, 21, 22, 23, 24, 25, 26, 27, 28],
        [19, 19, 19, 19, 19, 19, 19, 19, 19.5],
    )
    add(
        "n=10 ties and zeros (permutation)",
        [10, 12, 14, 15, 15, 18, 20, 22, 25, 30],
        [12, 12, 16, 14, 17, 18, 23, 24, 25, 33],
    )
    b, a = continuous(10)
    add("n=10 continuous (exact)", b, a)
    add(
        "n=12 negative only with ties",
        list(range(30, 42)),
        [28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39, 40],
    )
    b, a = likert(13)
    add("n=13 Likert (permutation)", b, a)
    b, a = continuous(13)
    add("n=13 continuous (exact)", b, a)
    b, a = likert(14)
    add("n=14 Likert (asymptotic)", b, a)
    b, a = continuous(14)
    add("n=14 continuous (exact)", b, a)
    b, a = continuous(20, shift=2.0)
    add("n=20 continuous (exact)", b, a)
    b, a = likert(20)
    add("n=20 GSES totals (asymptotic)", b, a)
    b, a = continuous(30, shift=-1.0)
    add("n=30 continuous, negative shift (exact)", b, a)
    b, a = likert(30, gain=0)
    add("n=30 GSES totals, no gain", b, a)
    add("n=30 one non-zero difference", list(range(30)), list(range(29)) + [31])
    add("n=20 all-equal non-zero differences", list(range(20)), [x + 3 for x in range(20)])
    b, a = continuous(50)
    add("n=50 continuous (exact)", b, a)
    b, a = likert(50)
    add("n=50 GSES totals (asymptotic)", b, a)
    b, a = continuous(51)
    add("n=51 continuous (asymptotic, no ties)", b, a)
    b, a = likert(51)
    add("n=51 GSES totals", b, a)
    b, a = continuous(75, shift=0.0)
    add("n=75 continuous, no effect", b, a)
    b, a = likert(120, gain=1)
    add("n=120 GSES totals", b, a)
    b, a = continuous(200, shift=1.5)
    add("n=200 continuous", b, a)
    b, a = likert(200, gain=3)
    add("n=200 GSES totals", b, a)
    b, a = likert(200, lo=1, hi=5, gain=0)
    add("n=200 single 5-point item", b, a)
    b, a = continuous(25, shift=30.0, sd=0.5)
    add("n=25 large effect (tiny p)", b, a)
    b, a = continuous(16)
    add("n=16 shifted by 1000", [x + 1000 for x in b], [x + 1000 for x in a])
    b, a = likert(40)
    add("n=40 GSES with zeros and ties", b, a)
    add("n=7 zeros and ties, permutation", [4, 4, 5, 6, 7, 8, 9], [4, 6, 7, 6, 9, 6, 9])
    add("n=4 permutation with a tie", [1, 2, 3, 4], [2, 3, 5, 3])
    b, a = continuous(35)
    add("n=35 continuous (exact)", b, a)
    b, a = likert(9, gain=4)
    add("n=9 Likert with gain", b, a)
    return cases


def independent_cases(rng):
    cases = []

    def add(name, a, b):
        a, b = list(map(float, a)), list(map(float, b))
        expected, nulled = independent_expected(a, b)
        case = {"name": name, "a": a, "b": b, "expected": expected}
        if nulled:
            case["nulled_by_design"] = nulled
        cases.append(case)

    def cont(n, mu, sd):
        return rounded(rng.normal(mu, sd, n))

    add("2 against 2", [1.0, 2.5], [3.0, 4.0])
    add("scipy's diabetes example", [20, 11, 17, 12], [19, 22, 16, 29, 24])
    add("5 against 6, exact", cont(5, 30, 5), cont(6, 34, 5))
    add("8 against 20, exact", cont(8, 30, 5), cont(20, 31, 8))
    add("3 against 60, exact", cont(3, 30, 5), cont(60, 28, 6))
    add("9 against 9, asymptotic", cont(9, 30, 5), cont(9, 33, 5))
    add("small with ties, asymptotic", [10, 12, 12, 15, 18], [12, 14, 15, 15, 20, 22])
    add("GSES cohorts 30 and 45", rng.integers(18, 38, 30), rng.integers(20, 40, 45))
    add("GSES cohorts 150 and 200", rng.integers(15, 40, 150), rng.integers(17, 40, 200))
    add("unequal variances", cont(25, 50, 2), cont(12, 55, 15))
    add("one group constant", [7, 7, 7, 7], [5, 8, 9, 11, 6])
    add("no spread at all", [3, 3, 3], [3, 3, 3, 3])
    add("identical distributions", cont(40, 20, 4), cont(40, 20, 4))
    add("large difference", cont(15, 10, 1), cont(15, 30, 1))
    add("shifted by 1000", [x + 1000 for x in cont(12, 0, 3)], [x + 1000 for x in cont(10, 1, 3)])
    return cases


def main():
    assert scipy.__version__ == "1.17.1" and np.__version__ == "2.4.6", (
        scipy.__version__,
        np.__version__,
    )
    rng = np.random.default_rng(20261206)
    OUT.mkdir(parents=True, exist_ok=True)
    header = {
        "generator": "bench/stats/fixtures.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
    }
    for name, cases in [("paired", paired_cases(rng)), ("independent", independent_cases(rng))]:
        path = OUT / f"{name}.json"
        path.write_text(json.dumps({**header, "cases": cases}, indent=1, allow_nan=False) + "\n")
        print(f"{path}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
