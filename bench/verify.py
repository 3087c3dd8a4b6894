"""Independent checks of result files against the instance files (the bench trusts no solver).

* assignment: every listed pair is an allowed pair, no mentor over capacity, every mentee listed
  once; returns (assigned, total score) recomputed in exact integers;
* stable matching: counts blocking pairs from the preference files (vectorised), and compares two
  matchings for identity;
* groups: sizes within bounds, recomputed weighted categorical diversity, an independent
  level-spread upper bound, and a brute-force optimum for pilot sizes.
"""

from __future__ import annotations

import sys
from math import comb
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))
from common import Prefs, Sparse, read_matrix  # noqa: E402


class Invalid(Exception):
    """A result file that breaks the instance's rules."""


def _read_matches(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.columns = [c.strip().lstrip("\ufeff") for c in df.columns]
    if not {"mentee", "mentor"} <= set(df.columns):
        raise Invalid(f"{path}: columns {list(df.columns)}, expected mentee,mentor")
    if df["mentee"].duplicated().any():
        raise Invalid(f"{path}: mentee {df['mentee'][df['mentee'].duplicated()].iloc[0]} twice")
    return df


def assign_dense(instance: Path, matches: Path) -> dict:
    scores, forbidden = read_matrix(instance / "scores.txt")
    n, m = scores.shape
    df = _read_matches(matches)
    if len(df) != n or set(df["mentee"]) != set(map(str, range(n))):
        raise Invalid(f"{matches}: expected one row per mentee 0..{n - 1}, got {len(df)} rows")
    got = df[df["mentor"] != ""]
    rows = got["mentee"].astype(np.int64).to_numpy()
    cols = got["mentor"].astype(np.int64).to_numpy()
    if ((cols < 0) | (cols >= m)).any():
        raise Invalid(f"{matches}: mentor index out of range")
    if len(np.unique(cols)) != len(cols):
        raise Invalid(f"{matches}: a mentor (capacity 1) is used twice")
    if forbidden is not None and forbidden[rows, cols].any():
        raise Invalid(f"{matches}: a forbidden pair is used")
    return {
        "assigned": int(len(rows)),
        "unassigned": int(n - len(rows)),
        "total_score": int(scores[rows, cols].sum()),
    }


def assign_sparse(instance: Path, matches: Path) -> dict:
    inst = Sparse(instance)
    df = _read_matches(matches)
    if len(df) != inst.n or not inst.mentee_ids.isin(df["mentee"]).all():
        raise Invalid(f"{matches}: expected one row per mentee ({inst.n}), got {len(df)}")
    got = df[df["mentor"] != ""]
    e = inst.mentee_ids.get_indexer(got["mentee"])
    r = inst.mentor_ids.get_indexer(got["mentor"])
    if (e < 0).any() or (r < 0).any():
        raise Invalid(f"{matches}: unknown id")
    key_arcs = inst.tail * inst.m + inst.head
    order = np.argsort(key_arcs)
    key = e.astype(np.int64) * inst.m + r
    pos = np.searchsorted(key_arcs[order], key)
    pos_c = np.minimum(pos, len(order) - 1)
    if not (key_arcs[order][pos_c] == key).all():
        raise Invalid(f"{matches}: a pair that is not an arc (forbidden) is used")
    load = np.bincount(r, minlength=inst.m)
    if (load > inst.capacity).any():
        raise Invalid(f"{matches}: mentor over capacity")
    return {
        "assigned": int(len(e)),
        "unassigned": int(inst.n - len(e)),
        "total_score": int(inst.score[order[pos_c]].sum()),
    }


def stable_load(path: Path, inst: Prefs) -> np.ndarray:
    """A matches.csv as mentor index per mentee index (-1 unmatched)."""
    df = _read_matches(path)
    e = inst.mentee_ids.get_indexer(df["mentee"])
    if (e < 0).any() or len(df) != inst.n:
        raise Invalid(f"{path}: expected one row per mentee ({inst.n}), got {len(df)}")
    match = np.full(inst.n, -1, np.int64)
    has = (df["mentor"] != "").to_numpy()
    r = inst.mentor_ids.get_indexer(df["mentor"][has])
    if (r < 0).any():
        raise Invalid(f"{path}: unknown mentor id")
    match[e[has]] = r
    return match


def stable_blocking_pairs(inst: Prefs, match: np.ndarray) -> dict:
    """Validity and the number of blocking pairs of ``match``."""
    n, m = inst.n, inst.m
    # Mentor's rank of each mentee, aligned with the mentee preference rows.
    key_e = inst.e_res * m + inst.e_hos
    key_r = inst.r_res * m + inst.r_hos
    ro = np.argsort(key_r)
    pos = np.minimum(np.searchsorted(key_r[ro], key_e), len(ro) - 1)
    mutual = key_r[ro][pos] == key_e
    res, hos, erank = inst.e_res[mutual], inst.e_hos[mutual], inst.e_rank[mutual]
    hrank = inst.r_rank[ro][pos][mutual]
    matched = match >= 0
    load = np.bincount(match[matched], minlength=m)
    if (load > inst.capacity).any():
        raise Invalid("mentor over capacity")
    # Each matched pair must be mutually acceptable; take its ranks on both sides.
    is_match = match[res] == hos
    if is_match.sum() != matched.sum():
        raise Invalid("a matched pair is not mutually acceptable")
    my_rank = np.full(n, np.iinfo(np.int64).max)
    my_rank[res[is_match]] = erank[is_match]
    worst = np.full(m, -1)  # the mentor's worst-ranked held mentee (rank), -1 if none
    np.maximum.at(worst, hos[is_match], hrank[is_match])
    prefers_h = erank < my_rank[res]
    h_wants = (load[hos] < inst.capacity[hos]) | (hrank < worst[hos])
    blocking = int((prefers_h & h_wants).sum())
    return {
        "assigned": int(matched.sum()),
        "unassigned": int(n - matched.sum()),
        "blocking_pairs": blocking,
    }


# ---------------------------------------------------------------------------------------------
# Groups.
# ---------------------------------------------------------------------------------------------


def _codes(people: pd.DataFrame, attrs: list[str]) -> list[np.ndarray]:
    return [pd.factorize(people[a])[0] for a in attrs]


def diversity(codes: list[np.ndarray], weights: list[int], group: np.ndarray, g: int) -> int:
    size = np.bincount(group, minlength=g)
    total = 0
    for c, w in zip(codes, weights, strict=True):
        levels = c.max() + 1
        cnt = np.bincount(group * levels + c, minlength=g * levels)
        same = (cnt * (cnt - 1) // 2).sum()
        total += w * int((size * (size - 1) // 2).sum() - same)
    return total


def spread_upper_bound(
    codes: list[np.ndarray], weights: list[int], n: int, g: int, smin: int, smax: int
) -> int:
    """Level-spread bound: most pairs any size vector allows, minus fewest same-level pairs."""
    extra = n - g * smin
    full = min(g, extra // (smax - smin)) if smax > smin else 0
    sizes = [smax] * full + [smin] * (g - full)
    if full < g and smax > smin:
        sizes[full] += extra - full * (smax - smin)
    pairs = sum(comb(s, 2) for s in sizes)
    ub = 0
    for c, w in zip(codes, weights, strict=True):
        same = 0
        for count in np.bincount(c):
            q, r = divmod(int(count), g)
            same += r * comb(q + 1, 2) + (g - r) * comb(q, 2)
        ub += w * (pairs - same)
    return ub


def brute_force_groups(codes, weights, n, g, smin, smax) -> int:
    """Exact optimum by enumerating all partitions (pilot sizes only)."""
    best = -1
    assign = np.zeros(n, np.int64)

    def rec(i: int, used: int, sizes: list[int]) -> None:
        nonlocal best
        if i == n:
            if used == g and all(smin <= s <= smax for s in sizes):
                best = max(best, diversity(codes, weights, assign, g))
            return
        left = n - i - 1
        for k in range(min(used + 1, g)):
            if sizes[k] == smax:
                continue
            assign[i] = k
            sizes[k] += 1
            nu = max(used, k + 1)
            need = sum(max(0, smin - s) for s in sizes[:nu]) + (g - nu) * smin
            if need <= left:
                rec(i + 1, nu, sizes)
            sizes[k] -= 1

    rec(0, 0, [0] * g)
    return best


def groups(
    instance: Path,
    out: Path,
    g: int,
    smin: int,
    smax: int,
    weights: dict[str, int],
    brute_force_max: int = 12,
) -> dict:
    people = pd.read_csv(instance / "people.csv", dtype=str)
    attrs = list(weights)
    w = [weights[a] for a in attrs]
    codes = _codes(people, attrs)
    res = pd.read_csv(out, dtype={"id": str, "group": np.int64})
    if len(res) != len(people) or set(res["id"]) != set(people["id"]):
        raise Invalid(f"{out}: expected every person exactly once")
    if res["id"].duplicated().any():
        raise Invalid(f"{out}: a person appears twice")
    grp = res.set_index("id")["group"].reindex(people["id"]).to_numpy(np.int64)
    if grp.min() < 0 or grp.max() >= g:
        raise Invalid(f"{out}: group index outside 0..{g - 1}")
    size = np.bincount(grp, minlength=g)
    if size.min() < smin or size.max() > smax:
        raise Invalid(f"{out}: group sizes {size.min()}..{size.max()} outside {smin}..{smax}")
    n = len(people)
    apart = instance / "apart.csv"
    if apart.exists():
        pairs = pd.read_csv(apart, dtype=str)
        index = pd.Index(people["id"])
        ga = grp[index.get_indexer(pairs["a"])]
        gb = grp[index.get_indexer(pairs["b"])]
        if (ga == gb).any():
            k = int(np.argmax(ga == gb))
            raise Invalid(f"{out}: apart pair {pairs['a'][k]},{pairs['b'][k]} share set {ga[k]}")
        brute_force_max = 0  # the brute force below does not model apart pairs
    info = {
        "objective": diversity(codes, w, grp, g),
        "independent_upper_bound": spread_upper_bound(codes, w, n, g, smin, smax),
    }
    if n <= brute_force_max:
        info["brute_force_optimum"] = brute_force_groups(codes, w, n, g, smin, smax)
    return info


def _selftest() -> None:
    """The bound is never below a brute-force optimum; the brute force counts partitions right."""
    rng = np.random.default_rng(0)
    for trial in range(30):
        n = int(rng.integers(4, 11))
        g = int(rng.integers(2, max(3, n // 2)))
        smin = n // g
        smax = smin + int(rng.integers(0, 2))
        if n % g and smax == smin:
            smax += 1
        codes = [rng.integers(0, int(rng.integers(2, 5)), n) for _ in range(2)]
        w = [int(rng.integers(1, 4)) for _ in codes]
        opt = brute_force_groups(codes, w, n, g, smin, smax)
        ub = spread_upper_bound(codes, w, n, g, smin, smax)
        assert opt >= 0 and ub >= opt, (trial, opt, ub)
        # A uniform random feasible assignment never beats the brute-force optimum.
        order = rng.permutation(n)
        sizes = [smin] * g
        for k in range(n - smin * g):
            sizes[k % g] += 1
        grp = np.repeat(np.arange(g), sizes)[order]
        assert diversity(codes, w, grp, g) <= opt
    print("verify selftest: 30 random pilot instances, bound >= optimum >= random: ok")


if __name__ == "__main__":
    _selftest()
