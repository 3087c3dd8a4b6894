"""Peer (exact, pilot sizes): OR-Tools CP-SAT on the diverse-sets model.

2 x objective = sum over attributes a of w_a * (sum_g (s_g^2 - s_g) - sum_{g,l} (n_gl^2 - n_gl)),
where s_g is the size of set g and n_gl the number of its members at level l of attribute a.
Squares are exact through CP-SAT's multiplication
constraint; person i may only join sets 0..i (symmetry breaking).  Single worker, as every
other solver in the bench.  Reports whether CP-SAT proved optimality.
"""

import argparse
from pathlib import Path

import pandas as pd
from common import Memory, Timer, run_peer
from ortools.sat.python import cp_model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", type=Path, required=True)
    ap.add_argument("--groups", type=int, required=True)
    ap.add_argument("--size-min", type=int, required=True)
    ap.add_argument("--size-max", type=int, required=True)
    ap.add_argument("--weights", required=True, help="attr=w,attr=w")
    ap.add_argument("--apart", type=Path, help="CSV a,b: people who must not share a set")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()

    def go():
        t = Timer()
        people = pd.read_csv(a.instance / "people.csv", dtype=str)
        weights = {k: int(v) for k, v in (kv.split("=") for kv in a.weights.split(","))}
        read_s = t.lap()
        mem = Memory()
        mem.start()
        n, g = len(people), a.groups
        m = cp_model.CpModel()
        x = [[m.new_bool_var(f"x{i}_{k}") if k <= i else None for k in range(g)] for i in range(n)]
        for i in range(n):
            m.add_exactly_one(v for v in x[i] if v is not None)
        if a.apart:
            index = {pid: i for i, pid in enumerate(people["id"])}
            for pa, pb in pd.read_csv(a.apart, dtype=str)[["a", "b"]].itertuples(index=False):
                i, j = index[pa], index[pb]
                for k in range(g):
                    if x[i][k] is not None and x[j][k] is not None:
                        m.add(x[i][k] + x[j][k] <= 1)
        sizes = []
        for k in range(g):
            s = m.new_int_var(a.size_min, a.size_max, f"s{k}")
            m.add(s == sum(x[i][k] for i in range(n) if x[i][k] is not None))
            sq = m.new_int_var(0, a.size_max**2, f"sq{k}")
            m.add_multiplication_equality(sq, [s, s])
            sizes.append(sq)
        # 2 * objective = sum_a w_a * (sum_g (s_g^2 - s_g) - sum_{g,l} (n_gl^2 - n_gl)); a
        # (level, set) cell with fewer than 2 possible members contributes 0 and is left out.
        same = []
        for attr, w in weights.items():
            codes, levels = pd.factorize(people[attr])
            for lev in range(len(levels)):
                members = [i for i in range(n) if codes[i] == lev]
                for k in range(g):
                    vs = [x[i][k] for i in members if x[i][k] is not None]
                    if len(vs) < 2:
                        continue
                    top = min(len(vs), a.size_max)
                    c = m.new_int_var(0, top, f"c_{attr}_{lev}_{k}")
                    m.add(c == sum(vs))
                    c2 = m.new_int_var(0, top * top, f"c2_{attr}_{lev}_{k}")
                    m.add_multiplication_equality(c2, [c, c])
                    same.append(w * (c2 - c))
        total_w = sum(weights.values())
        m.maximize(total_w * (sum(sizes) - n) - sum(same))
        build_s = t.lap()
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = a.time_limit
        solver.parameters.num_workers = 1
        status = solver.solve(m)
        solve_s = t.lap()
        extra = mem.extra_mib()
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise RuntimeError(f"CP-SAT status {solver.status_name(status)}")
        group = [
            next(k for k in range(g) if x[i][k] is not None and solver.value(x[i][k]))
            for i in range(n)
        ]
        if a.out:
            pd.DataFrame({"id": people["id"], "group": group}).to_csv(a.out, index=False)
        return {
            "read_seconds": read_s,
            "build_seconds": build_s,
            "solve_seconds": solve_s,
            "extra_peak_mib": extra,
            "groups": g,
            "objective": int(round(solver.objective_value)) // 2,
            "upper_bound": int(solver.best_objective_bound) // 2,
            "optimal": status == cp_model.OPTIMAL,
        }

    run_peer("ortools.CP-SAT (exact)", go)


if __name__ == "__main__":
    main()
