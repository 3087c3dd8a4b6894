"""Deterministic instance generators for the matching benchmark (issue #3, item 7).

Every instance is a folder under ``bench/instances/<name>/`` holding exactly the files that
``shared/design/matching-cli.md`` describes, so that Tandem and every peer read the same bytes.
A ``meta.json`` records the generator version and parameters; an instance is regenerated only
when they change, so repeated benchmark runs do not pay for generation again.

Score convention: the file contract *maximises* an integer score.  The instance recipes (taken
from ``shared/design/research-matching.md`` section 3) are written as costs, so every file holds
``score = -cost``.  Peers that minimise are given ``cost = -score`` and report ``total_score`` in
score terms, so objectives compare exactly across solvers.

Usage: ``python gen.py [--quick] [--only NAME ...] [--list]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

# Bump a kind's number when its recipe changes so cached instances of that kind are rebuilt.
GENERATOR_VERSION = {"dense": 3, "sparse": 4, "stable": 3, "groups": 3}

ROOT = Path(__file__).resolve().parent
INSTANCE_DIR = ROOT / "instances"


def log(msg: str) -> None:
    print(f"[gen {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Instance catalogue.  "full" is the targets table of issue #3; "quick" is a few-seconds smoke
# version of each family, with the same recipes at small sizes.
# ---------------------------------------------------------------------------------------------

FULL = {
    # Dense one-to-one, integer costs uniform in [0, 10^6).
    "dense-5000": dict(kind="dense", n=5000, seed=101),
    # Sparse many-to-one: 20k mentees, 10k mentors of capacity 2, 50 admissible nearest
    # candidates each plus one planted arc per mentee (a full assignment exists).
    "sparse-20k": dict(
        kind="sparse", mentees=20_000, mentors=10_000, cap=2, k=50, planted=True, seed=102
    ),
    # Same recipe with no planted arcs and only 10 candidates: some mentees cannot be placed,
    # so the lexicographic objective (most assigned, then highest score) is exercised.
    "sparse-tight-20k": dict(
        kind="sparse", mentees=20_000, mentors=10_000, cap=2, k=10, planted=False, seed=103
    ),
    # National scale: 100k mentees, 50k mentors of capacity 2, 50 candidates (~5.1 M arcs).
    "national-100k": dict(
        kind="sparse", mentees=100_000, mentors=50_000, cap=2, k=50, planted=True, seed=104
    ),
    # Stable matching (hospitals/residents, mentees propose).
    "stable-400": dict(kind="stable", mentees=400, mentors=20, L=20, cap=20, seed=105),
    "stable-2000": dict(kind="stable", mentees=2000, mentors=200, L=20, cap=10, seed=106),
    "stable-1m": dict(kind="stable", mentees=1_000_000, mentors=50_000, L=20, cap=20, seed=107),
    # Diverse sets of 6 with 3 categorical attributes.
    "groups-12": dict(kind="groups", n=12, size=6, seed=108),
    "groups-24": dict(kind="groups", n=24, size=6, seed=109),
    # With 60 random "apart" pairs the level-spread bound is no longer reached, so proving
    # optimality takes a real search (CP-SAT needs about a second).
    "groups-24-apart": dict(kind="groups", n=24, size=6, apart=60, seed=111),
    "groups-100k": dict(kind="groups", n=100_000, size=6, seed=110),
}

QUICK = {
    "dense-300": dict(kind="dense", n=300, seed=201),
    "sparse-2k": dict(
        kind="sparse", mentees=2_000, mentors=1_000, cap=2, k=20, planted=True, seed=202
    ),
    "sparse-tight-2k": dict(
        kind="sparse", mentees=2_000, mentors=1_000, cap=2, k=5, planted=False, seed=203
    ),
    "stable-400": FULL["stable-400"],
    "stable-2000": FULL["stable-2000"],
    "stable-20k": dict(kind="stable", mentees=20_000, mentors=1_000, L=20, cap=20, seed=204),
    "groups-12": FULL["groups-12"],
    "groups-24-apart": FULL["groups-24-apart"],
    "groups-1000": dict(kind="groups", n=1000, size=6, seed=205),
}

# Dense one-to-one on instances the solver was not tuned on (issue #15, item 7): four score
# distributions (see ``dense_scores``) at n = 2,000 and 5,000, two fresh seeds each. The dense
# engine was tuned on seed 11 of the same recipes only. Run by ``dense_ratio.py``, not by
# ``run.py`` (scipy at n = 5,000 on the low-rank instances alone would take most of an hour).
DENSE_UNSEEN_SEEDS = (301, 302)
DENSE_UNSEEN = {
    f"dense-{n}-{dist}-s{seed}": dict(kind="dense", n=n, dist=dist, seed=seed)
    for n in (2000, 5000)
    for dist in ("u3", "u6", "profile", "lowrank")
    for seed in DENSE_UNSEEN_SEEDS
}

# Attributes of the groups instances: (column, number of levels, weight, Zipf exponent of the
# level frequencies).  Skewed frequencies make the even-spread bound non-trivial.
GROUP_ATTRS = [("organisation", 200, 3, 1.0), ("profession", 12, 2, 0.6), ("grade", 9, 1, 0.3)]


def catalogue(quick: bool, dense_unseen: bool = False) -> dict[str, dict]:
    if dense_unseen:
        return DENSE_UNSEEN
    return QUICK if quick else FULL


# ---------------------------------------------------------------------------------------------
# Writing helpers.
# ---------------------------------------------------------------------------------------------


def ids(prefix: str, n: int) -> np.ndarray:
    """String ids ``<prefix><index>``; a prefix per side catches mentee/mentor mix-ups."""
    return np.char.add(prefix, np.arange(n).astype(str)).astype(object)


def write_csv(path: Path, columns: dict[str, np.ndarray]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    pd.DataFrame(columns).to_csv(tmp, index=False, lineterminator="\n")
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# Dense one-to-one.
# ---------------------------------------------------------------------------------------------


def dense_scores(p: dict) -> np.ndarray:
    """The score matrix of a dense instance (``p["dist"]``, default ``u6``).

    * ``u6`` / ``u3``: cost uniform integer in [0, 10^6) / [0, 10^3) (the latter tie-heavy: about
      n/1000 equal costs per row value);
    * ``profile``: scores the way the engine's criteria build them (candidates/mod.rs: goals
      covered, grade gap near the ideal, profession, availability overlap, language, mode,
      assessment similarity; each criterion 0-1000 points times its weight) from random
      profiles: few distinct values, heavy ties, strong row and column structure;
    * ``lowrank``: a rank-4 product of Gaussian factors plus Gaussian noise, rescaled to integer
      scores in [0, 10^6): rows and columns correlated, nearly no ties.
    """
    rng = np.random.default_rng(p["seed"])
    n = p["n"]
    dist = p.get("dist", "u6")
    if dist == "u6":
        return -rng.integers(0, 10**6, size=(n, n), dtype=np.int64)
    if dist == "u3":
        return -rng.integers(0, 10**3, size=(n, n), dtype=np.int64)
    if dist == "lowrank":
        a = rng.standard_normal((n, 4))
        b = rng.standard_normal((4, n))
        m = a @ b + 0.5 * rng.standard_normal((n, n))
        lo, hi = m.min(), m.max()
        return np.rint((m - lo) / (hi - lo) * (10**6 - 1)).astype(np.int64)
    if dist == "profile":
        return profile_scores(rng, n)
    raise ValueError(f"unknown dense distribution {dist!r}")


def profile_scores(rng: np.random.Generator, n: int) -> np.ndarray:
    """Criteria-like scores of n mentees (rows) by n mentors (columns), default weights."""
    full = 1000

    def people():
        return dict(
            goals=rng.random((n, 12)) < 0.25,  # framework dimensions wanted / offered
            grade=rng.integers(1, 10, n),
            profession=rng.choice(12, n, p=np.arange(1, 13)[::-1] / 78),
            avail=rng.random((n, 10)) < 0.4,  # weekly slots
            lang=rng.random((n, 3)) < np.array([0.95, 0.1, 0.05]),
            mode=rng.integers(1, 4, n),  # bit 1 in person, bit 2 online
            assess=rng.integers(0, 101, (n, 8)),
        )

    e, r = people(), people()
    score = np.zeros((n, n), dtype=np.int64)
    # Goals: share of the mentee's goals that the mentor covers (5).
    want = e["goals"].astype(np.int64)
    cover = want @ r["goals"].astype(np.int64).T
    score += 5 * (full * cover // np.maximum(want.sum(1), 1)[:, None])
    # Grade gap: 1000 at the ideal gap of 2, 250 less per grade away, floor 0 (2).
    gap = r["grade"][None, :] - e["grade"][:, None]
    score += 2 * np.maximum(0, full - 250 * np.abs(gap - 2))
    # Profession: same profession preferred (2).
    score += 2 * full * (e["profession"][:, None] == r["profession"][None, :])
    # Availability: common slots up to 3 (3).
    common = e["avail"].astype(np.int64) @ r["avail"].astype(np.int64).T
    score += 3 * (full * np.minimum(common, 3) // 3)
    # Language (1) and mode (1): any in common.
    lang = (e["lang"].astype(np.int64) @ r["lang"].astype(np.int64).T) > 0
    score += full * lang
    score += full * ((e["mode"][:, None] & r["mode"][None, :]) != 0)
    # Assessment similarity over 8 scales 0-100 (2): 1000 minus the mean absolute difference x 10.
    diff = np.zeros((n, n), dtype=np.int64)
    for k in range(8):
        diff += np.abs(e["assess"][:, k][:, None] - r["assess"][:, k][None, :])
    score += 2 * (full - diff * 10 // 8)
    return score


def gen_dense(out: Path, p: dict) -> dict:
    n = p["n"]
    score = dense_scores(p)
    tmp = out / "scores.txt.tmp"
    with open(tmp, "w") as f:
        f.write(f"{n} {n}\n")
        for row in score.tolist():
            f.write(" ".join(map(str, row)))
            f.write("\n")
    os.replace(tmp, out / "scores.txt")
    return {
        "rows": n,
        "cols": n,
        "pairs": n * n,
        "distinct_scores": int(np.unique(score).size),
    }


# ---------------------------------------------------------------------------------------------
# Sparse many-to-one (research-matching.md 3.2/3.3 recipe, integer features).
# ---------------------------------------------------------------------------------------------


def gen_sparse(out: Path, p: dict) -> dict:
    rng = np.random.default_rng(p["seed"])
    n_e, n_r, cap, k = p["mentees"], p["mentors"], p["cap"], p["k"]
    dim, n_orgs = 16, 200
    # Integer features (Gaussian x 100, rounded) make every squared distance an exact integer in
    # float64, so the candidate lists do not depend on BLAS rounding or thread count.
    fe = np.rint(rng.standard_normal((n_e, dim)) * 100).astype(np.float64)
    fr = np.rint(rng.standard_normal((n_r, dim)) * 100).astype(np.float64)
    org_e = rng.integers(0, n_orgs, n_e)
    org_r = rng.integers(0, n_orgs, n_r)
    ne2 = (fe * fe).sum(1)
    nr2 = (fr * fr).sum(1)

    heads = np.empty((n_e, k), dtype=np.int64)
    chunk = max(1, min(n_e, 20_000_000 // n_r))
    t0 = time.time()
    for s in range(0, n_e, chunk):
        e = slice(s, min(n_e, s + chunk))
        d = ne2[e, None] + nr2[None, :] - 2.0 * (fe[e] @ fr.T)
        # Same-organisation pairs are forbidden: the arc simply does not exist.
        d[org_e[e, None] == org_r[None, :]] = np.inf
        part = np.argpartition(d, k - 1, axis=1)[:, :k]
        # Deterministic order inside the candidate list: by distance, then mentor index.
        dd = np.take_along_axis(d, part, 1)
        order = np.lexsort((part, dd), axis=1)
        heads[e] = np.take_along_axis(part, order, 1)
        if s // chunk % 20 == 0:
            log(f"  knn {min(n_e, s + chunk)}/{n_e} ({time.time() - t0:.0f} s)")
    tails = np.repeat(np.arange(n_e), k)
    heads = heads.ravel()
    if p["planted"]:
        # One random arc per mentee along a random slot permutation guarantees that a full
        # assignment exists (total capacity equals the number of mentees here).
        slots = np.repeat(np.arange(n_r), cap)
        perm = rng.permutation(len(slots))[:n_e]
        pt = np.arange(n_e)
        ph = slots[perm]
        tails = np.concatenate([tails, pt])
        heads = np.concatenate([heads, ph])
    # De-duplicate (a planted arc may already be a candidate): the contract rejects duplicates.
    key = tails * n_r + heads
    key, first = np.unique(key, return_index=True)
    tails, heads = tails[first], heads[first]
    if np.isinf(ne2[tails] + nr2[heads]).any():
        raise RuntimeError("bug: infinite distance selected")
    diff = fe[tails] - fr[heads]
    d2 = (diff * diff).sum(1).astype(np.int64)
    cost = d2 // 10 + 1
    # Rows grouped by mentee, best candidate first, as a top-k export would list them.  Row order
    # matters to some solvers: OR-Tools' assignment solver took 2.7 s on sparse-20k in this order
    # and 43 s with the same arcs shuffled, so we give every solver this natural, favourable one.
    order = np.lexsort((heads, cost, tails))
    tails, heads, cost = tails[order], heads[order], cost[order]
    e_ids, r_ids = ids("e", n_e), ids("r", n_r)
    write_csv(out / "mentees.csv", {"id": e_ids})
    write_csv(out / "mentors.csv", {"id": r_ids, "capacity": np.full(n_r, cap)})
    write_csv(out / "arcs.csv", {"mentee": e_ids[tails], "mentor": r_ids[heads], "score": -cost})
    return {
        "mentees": n_e,
        "mentors": n_r,
        "arcs": int(len(tails)),
        "total_capacity": n_r * cap,
        "min_score": int(-cost.max()),
        "max_score": int(-cost.min()),
    }


# ---------------------------------------------------------------------------------------------
# Stable matching (research-matching.md 3.5 recipe).
# ---------------------------------------------------------------------------------------------


def gen_stable(out: Path, p: dict) -> dict:
    rng = np.random.default_rng(p["seed"])
    n, h, L, cap = p["mentees"], p["mentors"], p["L"], p["cap"]
    if L > h:
        raise ValueError("list longer than the number of mentors")
    if L == h:
        prefs = np.argsort(rng.random((n, h)), axis=1)
    else:
        prefs = rng.integers(0, h, size=(n, L))
        while True:
            srt = np.sort(prefs, axis=1)
            bad = np.nonzero((srt[:, 1:] == srt[:, :-1]).any(1))[0]
            if len(bad) == 0:
                break
            prefs[bad] = rng.integers(0, h, size=(len(bad), L))
    # Mentors rank exactly their applicants by a common merit plus idiosyncratic noise, so
    # their lists are correlated as in real selection.
    merit = rng.standard_normal(n)
    res = np.repeat(np.arange(n), L)
    hos = prefs.ravel()
    key = merit[res] + 0.5 * rng.standard_normal(len(res))
    order = np.lexsort((res, -key, hos))
    hos_sorted = hos[order]
    starts = np.searchsorted(hos_sorted, np.arange(h))
    mrank = np.arange(len(order)) - starts[hos_sorted] + 1
    e_ids, r_ids = ids("e", n), ids("r", h)
    write_csv(out / "mentors.csv", {"id": r_ids, "capacity": np.full(h, cap)})
    write_csv(
        out / "mentee_prefs.csv",
        {"mentee": e_ids[res], "mentor": r_ids[hos], "rank": np.tile(np.arange(1, L + 1), n)},
    )
    write_csv(
        out / "mentor_prefs.csv",
        {"mentor": r_ids[hos_sorted], "mentee": e_ids[res[order]], "rank": mrank},
    )
    return {"mentees": n, "mentors": h, "list_length": L, "capacity": cap, "pairs": int(len(res))}


# ---------------------------------------------------------------------------------------------
# Diverse groups.
# ---------------------------------------------------------------------------------------------


def group_layout(n: int, size: int) -> tuple[int, int, int]:
    """Groups of ``size`` (one more where n is not a multiple): returns (G, size_min, size_max)."""
    g = n // size
    return g, size, size if n % size == 0 else size + 1


def gen_groups(out: Path, p: dict) -> dict:
    rng = np.random.default_rng(p["seed"])
    n = p["n"]
    cols: dict[str, np.ndarray] = {"id": ids("p", n)}
    for name, levels, _w, zipf in GROUP_ATTRS:
        levels = min(levels, max(2, n // 2))
        w = 1.0 / np.arange(1, levels + 1) ** zipf
        cols[name] = np.char.add(
            name[:3], rng.choice(levels, size=n, p=w / w.sum()).astype(str)
        ).astype(object)
    write_csv(out / "people.csv", cols)
    if p.get("apart"):
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < p["apart"]:
            i, j = sorted(int(v) for v in rng.choice(n, 2, replace=False))
            pairs.add((i, j))
        pairs_l = sorted(pairs)
        write_csv(
            out / "apart.csv",
            {"a": cols["id"][[i for i, _ in pairs_l]], "b": cols["id"][[j for _, j in pairs_l]]},
        )
    g, smin, smax = group_layout(n, p["size"])
    return {
        "people": n,
        "groups": g,
        "size_min": smin,
        "size_max": smax,
        "weights": {name: w for name, _l, w, _z in GROUP_ATTRS},
        "apart_pairs": int(p.get("apart", 0)),
    }


GENERATORS = {"dense": gen_dense, "sparse": gen_sparse, "stable": gen_stable, "groups": gen_groups}


def ensure(name: str, params: dict) -> Path:
    """Generate instance ``name`` unless an identical one is cached; return its folder."""
    out = INSTANCE_DIR / name
    meta_path = out / "meta.json"
    want = {"generator_version": GENERATOR_VERSION[params["kind"]], "name": name, "params": params}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if {k: meta.get(k) for k in want} == want:
            return out
    out.mkdir(parents=True, exist_ok=True)
    if meta_path.exists():
        meta_path.unlink()
    log(f"generating {name} {params}")
    t = time.time()
    info = GENERATORS[params["kind"]](out, params)
    meta = dict(want, info=info, generate_seconds=round(time.time() - t, 2))
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    log(f"  {name} done in {time.time() - t:.1f} s: {info}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the small instances")
    ap.add_argument("--only", nargs="*", help="instance names to generate")
    ap.add_argument("--list", action="store_true", help="list instances and exit")
    ap.add_argument("--dense-unseen", action="store_true", help="the dense_ratio.py instances")
    a = ap.parse_args()
    cat = catalogue(a.quick, a.dense_unseen)
    if a.list:
        for k, v in cat.items():
            print(k, v)
        return
    for name, params in cat.items():
        if a.only and name not in a.only:
            continue
        ensure(name, params)


if __name__ == "__main__":
    main()
