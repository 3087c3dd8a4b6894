"""Reference: a lean mentee-proposing deferred acceptance (the bench's own ~40 lines of Python).

Not a published peer: it exists so that the mentee-optimal matching can be compared for
identity at sizes where the `matching` package cannot run (the mentee-optimal stable matching is
unique, so any two correct implementations must agree exactly).
"""

import argparse
import heapq
from pathlib import Path

import numpy as np
from common import Memory, Prefs, Timer, run_peer


def deferred_acceptance(inst):
    n, m = inst.n, inst.m
    # Mentee lists as CSR in rank order, restricted to mutually acceptable pairs, with the
    # mentor's rank of that mentee alongside.
    key_e = inst.e_res * m + inst.e_hos
    key_r = inst.r_res * m + inst.r_hos
    r_order = np.argsort(key_r, kind="stable")
    key_r_sorted = key_r[r_order]
    pos = np.searchsorted(key_r_sorted, key_e)
    pos_c = np.minimum(pos, len(key_r_sorted) - 1)
    mutual = (pos < len(key_r_sorted)) & (key_r_sorted[pos_c] == key_e)
    e_res, e_hos, e_rank = inst.e_res[mutual], inst.e_hos[mutual], inst.e_rank[mutual]
    h_rank_of = inst.r_rank[r_order[pos_c[mutual]]]
    order = np.lexsort((e_rank, e_res))
    lst_hos = e_hos[order].tolist()
    lst_hrank = h_rank_of[order].tolist()
    start = np.searchsorted(e_res[order], np.arange(n + 1)).tolist()
    nxt = start[:-1].copy()
    cap = inst.capacity.tolist()
    held = [[] for _ in range(m)]  # max-heap of (-mentor's rank, mentee) per mentor
    free = list(range(n - 1, -1, -1))
    proposals = 0
    while free:
        i = free.pop()
        while nxt[i] < start[i + 1]:
            k = nxt[i]
            nxt[i] += 1
            h, hr = lst_hos[k], lst_hrank[k]
            proposals += 1
            heap = held[h]
            if len(heap) < cap[h]:
                heapq.heappush(heap, (-hr, i))
                break
            if cap[h] > 0 and -heap[0][0] > hr:
                _, j = heapq.heapreplace(heap, (-hr, i))
                free.append(j)
                break
    match = np.full(n, -1, np.int64)
    for h, heap in enumerate(held):
        for _, i in heap:
            match[i] = h
    return match, proposals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", type=Path, required=True)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()

    def go():
        t = Timer()
        inst = Prefs(a.instance)
        read_s = t.lap()
        mem = Memory()
        mem.start()
        t.lap()
        match, proposals = deferred_acceptance(inst)
        solve_s = t.lap()
        extra = mem.extra_mib()
        if a.out:
            inst.write(a.out, match)
        assigned = int((match >= 0).sum())
        return {
            "read_seconds": read_s,
            "build_seconds": 0.0,
            "solve_seconds": solve_s,
            "extra_peak_mib": extra,
            "assigned": assigned,
            "unassigned": inst.n - assigned,
            "proposals": proposals,
        }

    run_peer("lean Python DA (reference)", go)


if __name__ == "__main__":
    main()
