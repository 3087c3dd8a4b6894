"""Peer: OR-Tools SimpleMinCostFlow (cost-scaling push-relabel) on the b-matching flow network.

source -> mentee (capacity 1, cost 0), mentee -> mentor (capacity 1, cost -score), mentor ->
sink (capacity = the mentor's capacity, cost 0); supply N at the source.  We call
``solve_max_flow_with_min_cost``, which computes a maximum flow of minimum cost: exactly the
contract's lexicographic objective (most mentees assigned, then highest total score), also when
not every mentee can be placed.
"""

import numpy as np
from common import Timer, sparse_main
from ortools.graph.python import min_cost_flow


def solve(inst, mem=None):
    t = Timer()
    n, m = inst.n, inst.m
    src, sink = n + m, n + m + 1
    mcf = min_cost_flow.SimpleMinCostFlow()
    mentee_nodes = np.arange(n, dtype=np.int32)
    mentor_nodes = np.arange(n, n + m, dtype=np.int32)
    # Pair arcs first so that their indices are 0..len(arcs)-1.
    mcf.add_arcs_with_capacity_and_unit_cost(
        inst.tail.astype(np.int32),
        (inst.head + n).astype(np.int32),
        np.ones(len(inst.tail), np.int64),
        -inst.score,
    )
    mcf.add_arcs_with_capacity_and_unit_cost(
        np.full(n, src, np.int32), mentee_nodes, np.ones(n, np.int64), np.zeros(n, np.int64)
    )
    mcf.add_arcs_with_capacity_and_unit_cost(
        mentor_nodes, np.full(m, sink, np.int32), inst.capacity, np.zeros(m, np.int64)
    )
    mcf.set_nodes_supplies(np.array([src, sink], np.int32), np.array([n, -n], np.int64))
    build_s = t.lap()
    status = mcf.solve_max_flow_with_min_cost()
    solve_s = t.lap()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"SimpleMinCostFlow status {status}")
    flows = mcf.flows(np.arange(len(inst.tail), dtype=np.int32))
    used = np.nonzero(flows > 0)[0]
    info = {
        "model": "min-cost flow, solve_max_flow_with_min_cost",
        "solver_objective": -int(mcf.optimal_cost()),
        "max_flow": int(mcf.maximum_flow()),
    }
    return used, info, build_s, solve_s


if __name__ == "__main__":
    sparse_main("ortools.SimpleMinCostFlow", solve)
