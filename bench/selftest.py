"""Self-test of the bench's own code: peers' models and the verifier against brute force.

The harness fails Tandem when it disagrees with a peer, so the peers' modelling (penalties for
forbidden pairs, max-flow-then-min-cost, the augmented slot model, the DA reference) must itself
be right.  This checks each of them on small random instances against exhaustive enumeration,
including instances where not everyone can be placed and scores are negative.  Runs in seconds.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "peers"))

import sparse_ortools_lsa  # noqa: E402
import sparse_ortools_mcf  # noqa: E402
import stable_lean_da  # noqa: E402
from common import Prefs, Sparse, dense_costs, dense_result  # noqa: E402
from lap import lapjv  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

import verify  # noqa: E402
import verify_min_loads  # noqa: E402


def brute_assign(n, m, cap, arcs):
    """Best (assigned, total score) over all feasible assignments; arcs: {(i, j): score}."""
    options = [[None] + [j for j in range(m) if (i, j) in arcs] for i in range(n)]
    best = (-1, 0)
    for choice in itertools.product(*options):
        load = np.bincount([j for j in choice if j is not None], minlength=m)
        if (load > cap).any():
            continue
        val = (
            sum(j is not None for j in choice),
            sum(arcs[(i, j)] for i, j in enumerate(choice) if j is not None),
        )
        best = max(best, val)
    return best


def write_sparse(folder: Path, n, m, cap, arcs) -> None:
    pd.DataFrame({"id": [f"e{i}" for i in range(n)]}).to_csv(folder / "mentees.csv", index=False)
    pd.DataFrame({"id": [f"r{j}" for j in range(m)], "capacity": cap}).to_csv(
        folder / "mentors.csv", index=False
    )
    pd.DataFrame(
        {
            "mentee": [f"e{i}" for i, _ in arcs],
            "mentor": [f"r{j}" for _, j in arcs],
            "score": list(arcs.values()),
        }
    ).to_csv(folder / "arcs.csv", index=False)


def test_sparse(rng, trials=60) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        for t in range(trials):
            n, m = int(rng.integers(1, 7)), int(rng.integers(1, 5))
            cap = rng.integers(0, 3, m)
            if t % 3 == 0:  # force total capacity = mentees so the plain LSA model is tried
                cap = np.zeros(m, np.int64)
                for k in range(n):
                    cap[k % m] += 1
            arcs = {
                (i, j): int(rng.integers(-50, 50))
                for i in range(n)
                for j in range(m)
                if rng.random() < 0.5
            }
            write_sparse(folder, n, m, cap, arcs)
            want = brute_assign(n, m, cap, arcs)
            inst = Sparse(folder)
            for mod in (sparse_ortools_mcf, sparse_ortools_lsa):
                if len(inst.tail) == 0:
                    continue
                used, *_ = mod.solve(inst)
                got = inst.evaluate(used)
                assert (got["assigned"], got["total_score"]) == want, (mod.__name__, t, got, want)
                # The bench's file verifier must agree with the peer's own evaluation.
                inst.write(folder / "matches.csv", used)
                v = verify.assign_sparse(folder, folder / "matches.csv")
                assert (v["assigned"], v["total_score"]) == want
    print(
        f"selftest: OR-Tools min-cost flow and slot LSA models = brute force on {trials} "
        "random sparse instances: ok"
    )


def test_dense(rng, trials=60) -> None:
    for t in range(trials):
        n, m = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        scores = rng.integers(-1000, 1000, (n, m))
        forbidden = rng.random((n, m)) < 0.35 if t % 2 else None
        arcs = {
            (i, j): int(scores[i, j])
            for i in range(n)
            for j in range(m)
            if forbidden is None or not forbidden[i, j]
        }
        want = brute_assign(n, m, np.ones(m, np.int64), arcs)
        cost = dense_costs(scores, forbidden)
        r, c = linear_sum_assignment(cost)
        got = dense_result(scores, forbidden, r, c)
        assert (got["assigned"], got["total_score"]) == want, ("scipy", t, got, want)
        _, x, _ = lapjv(cost, extend_cost=n != m)
        got = dense_result(scores, forbidden, np.arange(n), x)
        assert (got["assigned"], got["total_score"]) == want, ("lapjv", t, got, want)
    print(
        f"selftest: scipy and lapjv dense models = brute force on {trials} random instances "
        "(with forbidden pairs, rectangular): ok"
    )


def erank(inst, match, i):
    """Mentee i's rank of its partner in ``match`` (very large when unmatched)."""
    hit = (inst.e_res == i) & (inst.e_hos == match[i])
    return inst.e_rank[hit][0] if match[i] >= 0 else 10**9


def test_stable(rng, trials=60) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        for t in range(trials):
            n, m = int(rng.integers(1, 6)), int(rng.integers(1, 4))
            cap = rng.integers(0, 3, m)
            e_rows, r_lists = [], {j: [] for j in range(m)}
            for i in range(n):
                lst = [j for j in rng.permutation(m) if rng.random() < 0.7]
                e_rows += [(i, j, k + 1) for k, j in enumerate(lst)]
                for j in lst:
                    if rng.random() < 0.85:  # sometimes the mentor does not list them back
                        r_lists[j].append(i)
            r_rows = []
            for j, lst in r_lists.items():
                for k, i in enumerate(rng.permutation(lst)):
                    r_rows.append((j, int(i), k + 1))
            if not e_rows or not r_rows:
                continue
            pd.DataFrame({"id": [f"r{j}" for j in range(m)], "capacity": cap}).to_csv(
                folder / "mentors.csv", index=False
            )
            pd.DataFrame(e_rows, columns=["mentee", "mentor", "rank"]).assign(
                mentee=lambda f: "e" + f.mentee.astype(str),
                mentor=lambda f: "r" + f.mentor.astype(str),
            ).to_csv(folder / "mentee_prefs.csv", index=False)
            pd.DataFrame(r_rows, columns=["mentor", "mentee", "rank"]).assign(
                mentee=lambda f: "e" + f.mentee.astype(str),
                mentor=lambda f: "r" + f.mentor.astype(str),
            ).to_csv(folder / "mentor_prefs.csv", index=False)
            inst = Prefs(folder)
            # Brute force: every matching, keep the stable ones (by the bench's verifier).
            stable = []
            for choice in itertools.product(*[[-1] + list(range(inst.m))] * inst.n):
                match = np.array(choice, np.int64)
                try:
                    if verify.stable_blocking_pairs(inst, match)["blocking_pairs"] == 0:
                        stable.append(match)
                except verify.Invalid:
                    continue
            assert stable, "a stable matching always exists"
            got, _ = stable_lean_da.deferred_acceptance(inst)
            assert any((got == s).all() for s in stable), ("DA result not stable", t)

            for s in stable:  # mentee-optimal: every mentee weakly prefers it to any stable one
                for i in range(inst.n):
                    assert erank(inst, got, i) <= erank(inst, s, i), ("not mentee-optimal", t)
    print(
        f"selftest: lean DA = mentee-optimal stable matching by brute force on {trials} "
        "random instances (incomplete, non-reciprocated lists, zero capacities): ok"
    )


def main() -> None:
    rng = np.random.default_rng(12345)
    test_dense(rng)
    test_sparse(rng)
    test_stable(rng)
    verify._selftest()
    verify_min_loads.self_test(100, 7)


if __name__ == "__main__":
    main()
