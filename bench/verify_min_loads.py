"""Independent check of `tandem match assign` with mentor minimum loads (issue #15, item 1).

For random instances it writes mentees.csv / mentors.csv (with `min_capacity`) / arcs.csv, runs
`tandem match assign`, checks the result file against the instance (allowed pairs, capacities,
one row per mentee) and recomputes the objective triple (assigned, shortfall, total score) from
the file alone. It then solves the same instance with OR-Tools' SimpleMinCostFlow on its own
lexicographic model and requires the two triples to be equal, and Tandem's stdout to agree with
the file (assigned, shortfall, total_score, mentors_below_min).

The OR-Tools model: source -> mentee (capacity 1), mentee -> mentor (capacity 1, cost -score),
mentor -> sink twice: a "minimum" arc of capacity min with cost -B and a "rest" arc of capacity
capacity - min with cost 0; `solve_max_flow_with_min_cost` takes the most mentees first. Among
maximum flows two assignments' scores differ by at most n * (max score - min score), so
B = n * (max - min) + 1 makes one more filled minimum place outweigh any score difference: least
shortfall second, highest score third. (A big-M is fine here because the checker bounds it and
refuses instances where it could overflow 64 bits; the engine itself needs none.)

    python bench/verify_min_loads.py --tandem target/debug/tandem [--trials 200] [--seed 1]

`--self-test` checks this model against exhaustive enumeration on tiny instances (no Tandem).
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from ortools.graph.python import min_cost_flow


def generate(rng, n, m, density, lo, hi, spare_min=True):
    """A random instance: capacities 0..4, minimums 0..capacity, arcs with probability density."""
    cap = rng.integers(0, 5, m)
    mins = np.array([int(rng.integers(0, c + 1)) if c > 0 else 0 for c in cap])
    if not spare_min:
        mins = cap.copy()
    mask = rng.random((n, m)) < density
    tail, head = np.nonzero(mask)
    score = rng.integers(lo, hi, len(tail))
    return {
        "n": n,
        "m": m,
        "cap": cap,
        "min": mins,
        "tail": tail,
        "head": head,
        "score": score,
    }


def ortools_triple(inst):
    """(assigned, shortfall, total score) of the lexicographic optimum by OR-Tools."""
    n, m = inst["n"], inst["m"]
    tail, head, score = inst["tail"], inst["head"], inst["score"].astype(np.int64)
    if len(score):
        spread = int(score.max()) - int(score.min())
        big = n * spread + 1
        if n * (big + int(np.abs(score).max())) >= 2**62:
            raise ValueError("instance too large for the checker's 64-bit model")
    else:
        big = 1
    src, sink = n + m, n + m + 1
    mcf = min_cost_flow.SimpleMinCostFlow()
    k = len(tail)
    if k:
        mcf.add_arcs_with_capacity_and_unit_cost(
            tail.astype(np.int32),
            (head + n).astype(np.int32),
            np.ones(k, np.int64),
            -score,
        )
    mcf.add_arcs_with_capacity_and_unit_cost(
        np.full(n, src, np.int32),
        np.arange(n, dtype=np.int32),
        np.ones(n, np.int64),
        np.zeros(n, np.int64),
    )
    mentor_nodes = np.arange(n, n + m, dtype=np.int32)
    first_min = k + n
    mcf.add_arcs_with_capacity_and_unit_cost(
        mentor_nodes,
        np.full(m, sink, np.int32),
        inst["min"].astype(np.int64),
        np.full(m, -big, np.int64),
    )
    mcf.add_arcs_with_capacity_and_unit_cost(
        mentor_nodes,
        np.full(m, sink, np.int32),
        (inst["cap"] - inst["min"]).astype(np.int64),
        np.zeros(m, np.int64),
    )
    mcf.set_nodes_supplies(np.array([src, sink], np.int32), np.array([n, -n], np.int64))
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"SimpleMinCostFlow status {status}")
    flows = mcf.flows(np.arange(k, dtype=np.int32)) if k else np.zeros(0, np.int64)
    used = flows > 0
    load = np.bincount(head[used], minlength=m)
    min_flow = mcf.flows(np.arange(first_min, first_min + m, dtype=np.int32))
    # Recompute from the assignment, never from the solver's cost.
    shortfall = int(np.maximum(inst["min"] - load, 0).sum())
    assert shortfall == int(inst["min"].sum() - min_flow.sum())
    return int(used.sum()), shortfall, int(score[used].sum())


def brute_triple(inst):
    n, m = inst["n"], inst["m"]
    arcs = {
        (int(i), int(j)): int(s)
        for i, j, s in zip(inst["tail"], inst["head"], inst["score"], strict=True)
    }
    options = [[None] + [j for j in range(m) if (i, j) in arcs] for i in range(n)]
    best = None
    for choice in itertools.product(*options):
        load = np.bincount([j for j in choice if j is not None], minlength=m)
        if (load > inst["cap"]).any():
            continue
        count = sum(j is not None for j in choice)
        short = int(np.maximum(inst["min"] - load, 0).sum())
        total = sum(arcs[(i, j)] for i, j in enumerate(choice) if j is not None)
        key = (count, -short, total)
        if best is None or key > best:
            best = key
    return best[0], -best[1], best[2]


def write(folder: Path, inst) -> None:
    n, m = inst["n"], inst["m"]
    pd.DataFrame({"id": [f"e{i}" for i in range(n)]}).to_csv(folder / "mentees.csv", index=False)
    pd.DataFrame(
        {"id": [f"r{j}" for j in range(m)], "capacity": inst["cap"], "min_capacity": inst["min"]}
    ).to_csv(folder / "mentors.csv", index=False)
    pd.DataFrame(
        {
            "mentee": [f"e{i}" for i in inst["tail"]],
            "mentor": [f"r{j}" for j in inst["head"]],
            "score": inst["score"],
        }
    ).to_csv(folder / "arcs.csv", index=False)


def tandem_triple(tandem: str, folder: Path, inst):
    """Run Tandem, check its file against the instance, and return the triple from the file."""
    out = folder / "matches.csv"
    run = subprocess.run(
        [
            tandem,
            "match",
            "assign",
            "--mentees",
            str(folder / "mentees.csv"),
            "--mentors",
            str(folder / "mentors.csv"),
            "--arcs",
            str(folder / "arcs.csv"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"tandem exited {run.returncode}: {run.stderr}")
    report = json.loads(run.stdout)
    n, m = inst["n"], inst["m"]
    arcs = {
        (int(i), int(j)): int(s)
        for i, j, s in zip(inst["tail"], inst["head"], inst["score"], strict=True)
    }
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    if sorted(df["mentee"]) != sorted(f"e{i}" for i in range(n)):
        raise RuntimeError("result file does not list every mentee once")
    load = np.zeros(m, np.int64)
    total = 0
    count = 0
    for e, r in zip(df["mentee"], df["mentor"], strict=True):
        if r == "":
            continue
        i, j = int(e[1:]), int(r[1:])
        if (i, j) not in arcs:
            raise RuntimeError(f"pair ({e}, {r}) is not allowed")
        load[j] += 1
        total += arcs[(i, j)]
        count += 1
    if (load > inst["cap"]).any():
        raise RuntimeError("a mentor is over capacity")
    short = int(np.maximum(inst["min"] - load, 0).sum())
    below = [
        {"id": f"r{j}", "load": int(load[j]), "min": int(inst["min"][j])}
        for j in range(m)
        if load[j] < inst["min"][j]
    ]
    if (report["assigned"], report["shortfall"], report["total_score"]) != (count, short, total):
        raise RuntimeError(f"stdout {report} disagrees with the file ({count}, {short}, {total})")
    if report["mentors_below_min"] != below or report["optimal"] is not True:
        raise RuntimeError(f"mentors_below_min {report['mentors_below_min']} != {below}")
    return (count, short, total), report["solve_seconds"]


def self_test(trials: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    for t in range(trials):
        inst = generate(
            rng, int(rng.integers(1, 7)), int(rng.integers(1, 5)), 0.5, -30, 30, t % 4 != 0
        )
        want = brute_triple(inst)
        got = ortools_triple(inst)
        assert got == want, (t, got, want)
    print(f"verify_min_loads self-test: OR-Tools lexicographic model = brute force on {trials} ok")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tandem", help="path to the tandem binary")
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        self_test(a.trials, a.seed)
        return 0
    if not a.tandem:
        ap.error("--tandem is required unless --self-test")
    rng = np.random.default_rng(a.seed)
    # Sizes from tiny to a few thousand; dense and sparse; narrow and wide score ranges; some
    # instances with every minimum equal to the capacity (the hardest for the second level).
    shapes = [
        (8, 4, 0.5, -20, 20),
        (20, 15, 0.3, 0, 100),
        (30, 10, 0.3, 0, 100),
        (150, 100, 0.05, 0, 1000),
        (300, 120, 0.05, -1000, 1000),
        (500, 400, 0.01, 0, 10**6),
        (1000, 300, 0.01, 0, 10**6),
        (3000, 1000, 0.004, 0, 1000),
    ]
    figures = {}
    ok = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        for t in range(a.trials):
            n, m, dens, lo, hi = shapes[t % len(shapes)]
            inst = generate(rng, n, m, dens, lo, hi, spare_min=t % 5 != 0)
            write(folder, inst)
            got, secs = tandem_triple(a.tandem, folder, inst)
            want = ortools_triple(inst)
            if got != want:
                print(f"MISMATCH trial {t} (n={n}, m={m}): tandem {got}, OR-Tools {want}")
                return 1
            ok += 1
            f = figures.setdefault(f"n={n} m={m}", {"instances": 0, "max_tandem_solve_s": 0.0})
            f["instances"] += 1
            f["max_tandem_solve_s"] = max(f["max_tandem_solve_s"], secs)
            f.setdefault("shortfall_positive", 0)
            f["shortfall_positive"] += int(got[1] > 0)
    print(
        json.dumps(
            {
                "instances": ok,
                "agree": ok,
                "seconds": round(time.perf_counter() - t0, 1),
                "by_size": figures,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
