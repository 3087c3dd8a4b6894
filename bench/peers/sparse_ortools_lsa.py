"""Peer: OR-Tools SimpleLinearSumAssignment (Goldberg-Kennedy cost scaling) on slot-expanded arcs.

Each mentor of capacity c becomes c unit-capacity slots and each arc (mentee, mentor) becomes
one arc per slot, cost -score.  The solver needs a perfect matching, and on an infeasible model
it spends a long time before saying so (6.7 s on a 2,000-mentee instance that min-cost flow
solves in 0.03 s).  So a maximum flow (OR-Tools SimpleMaxFlow) first tells whether every mentee
can be placed; its time is reported as ``precheck_seconds`` and, like its memory, left out of
the peer's figures, which therefore measure what research-matching.md section 3.2 measured.
* If mentees = slots and a perfect matching exists, we solve that plain model.
* Otherwise we solve the standard augmented square model: rows = mentees + one dummy row per
  slot, columns = slots + one dummy column per mentee; mentee i -> its dummy column at a penalty
  larger than any cost difference (so the most mentees are assigned first), dummy row of slot
  s -> slot s at 0, and dummy row of slot s -> dummy column of mentee i at 0 for each arc
  (i, s), which lets any set of real pairs be completed.
"""

import numpy as np
from common import Timer, sparse_main
from ortools.graph.python import linear_sum_assignment, max_flow


def slot_arcs(inst):
    first_slot = np.concatenate([[0], np.cumsum(inst.capacity)[:-1]])
    reps = inst.capacity[inst.head]
    arc = np.repeat(np.arange(len(inst.tail)), reps)
    offset = np.arange(len(arc)) - np.repeat(np.cumsum(reps) - reps, reps)
    slot = first_slot[inst.head[arc]] + offset
    return arc, slot, int(inst.capacity.sum())


def solve(inst, mem=None):
    t = Timer()
    n = inst.n
    arc, slot, s = slot_arcs(inst)
    cost = -inst.score[arc]
    prep_s = t.lap()
    if len(arc) == 0:  # every arc goes to a mentor of capacity 0: nobody can be placed
        return np.zeros(0, np.int64), {"model": "empty"}, prep_s, 0.0
    model = None
    if n == s:
        mf = max_flow.SimpleMaxFlow()
        mf.add_arcs_with_capacity(
            inst.tail.astype(np.int32),
            (n + inst.head).astype(np.int32),
            np.ones(len(inst.tail), np.int64),
        )
        src, sink = n + inst.m, n + inst.m + 1
        mf.add_arcs_with_capacity(
            np.full(n, src, np.int32), np.arange(n, dtype=np.int32), np.ones(n, np.int64)
        )
        mf.add_arcs_with_capacity(
            n + np.arange(inst.m, dtype=np.int32), np.full(inst.m, sink, np.int32), inst.capacity
        )
        if mf.solve(src, sink) != mf.OPTIMAL:
            raise RuntimeError("SimpleMaxFlow failed")
        perfect = mf.optimal_flow() == n
        del mf
    else:
        perfect = False
    precheck_s = t.lap()
    if mem is not None:  # the precheck is our modelling aid, not the peer's cost: restart
        mem.start()
    if perfect:
        lsa = linear_sum_assignment.SimpleLinearSumAssignment()
        lsa.add_arcs_with_cost(inst.tail[arc].astype(np.int32), slot.astype(np.int32), cost)
        build_s = t.lap()
        status = lsa.solve()
        solve_s = t.lap()
        if status == lsa.OPTIMAL:
            model = "slot-expanded LAP (perfect)"
            mates = np.array([lsa.right_mate(i) for i in range(n)], np.int64)
            rows = np.arange(n)
        else:
            raise RuntimeError(f"SimpleLinearSumAssignment status {status}")
    if model is None:
        t.lap()
        shifted = cost - cost.min()
        penalty = (int(shifted.max()) + 1) * min(n, s) + 1
        lsa = linear_sum_assignment.SimpleLinearSumAssignment()
        tails = np.concatenate([inst.tail[arc], np.arange(n), n + np.arange(s), n + slot])
        heads = np.concatenate([slot, s + np.arange(n), np.arange(s), s + inst.tail[arc]])
        costs = np.concatenate(
            [shifted, np.full(n, penalty), np.zeros(s, np.int64), np.zeros(len(arc), np.int64)]
        )
        lsa.add_arcs_with_cost(tails.astype(np.int32), heads.astype(np.int32), costs)
        build2 = t.lap()
        status = lsa.solve()
        solve2 = t.lap()
        if status != lsa.OPTIMAL:
            raise RuntimeError(f"SimpleLinearSumAssignment status {status} (augmented model)")
        build_s, solve_s = build2, solve2
        model = "slot-expanded LAP + dummy rows/columns (augmented)"
        mates = np.array([lsa.right_mate(i) for i in range(n)], np.int64)
        rows = np.arange(n)
        keep = mates < s
        rows, mates = rows[keep], mates[keep]
    # Map (mentee, slot) back to an arc index.
    order = np.lexsort((slot, inst.tail[arc]))
    key_sorted = inst.tail[arc][order] * (s + 1) + slot[order]
    pos = np.searchsorted(key_sorted, rows * (s + 1) + mates)
    used = arc[order[pos]]
    if not (inst.tail[used] == rows).all():
        raise RuntimeError("bug: could not map slots back to arcs")
    build_s += prep_s
    info = {"model": model, "slot_arcs": int(len(arc)), "precheck_seconds": round(precheck_s, 6)}
    return used, info, build_s, solve_s


if __name__ == "__main__":
    sparse_main("ortools.SimpleLinearSumAssignment", solve)
