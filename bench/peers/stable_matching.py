"""Peer: the `matching` package's HospitalResident game, resident (mentee)-optimal.

By default `HospitalResident.__init__` deep-copies the player object graph and hits Python's
recursion limit from about 2,000 residents; that failure is recorded as the peer's result.
``--workaround`` raises the recursion limit and runs the game in a thread with a 1 GiB stack
(research-matching.md 3.5), which lets it finish at a few thousand residents.
"""

import argparse
import sys
import threading
import warnings
from pathlib import Path

import numpy as np
from common import Memory, Prefs, Timer, run_peer


def build_dicts(inst):
    order = np.lexsort((inst.e_rank, inst.e_res))
    res_names = np.asarray(inst.mentee_ids, dtype=object)
    hos_names = np.asarray(inst.mentor_ids, dtype=object)
    resident_prefs = {name: [] for name in res_names}
    for r, h in zip(inst.e_res[order].tolist(), inst.e_hos[order].tolist(), strict=True):
        resident_prefs[res_names[r]].append(hos_names[h])
    order = np.lexsort((inst.r_rank, inst.r_hos))
    hospital_prefs = {name: [] for name in hos_names}
    for h, r in zip(inst.r_hos[order].tolist(), inst.r_res[order].tolist(), strict=True):
        hospital_prefs[hos_names[h]].append(res_names[r])
    capacities = dict(zip(hos_names, inst.capacity.tolist(), strict=True))
    return resident_prefs, hospital_prefs, capacities


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", type=Path, required=True)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--workaround", action="store_true")
    a = ap.parse_args()
    from matching.games import HospitalResident

    def go():
        warnings.simplefilter("ignore")
        t = Timer()
        inst = Prefs(a.instance)
        rp, hp, cap = build_dicts(inst)
        read_s = t.lap()
        mem = Memory()
        mem.start()
        t.lap()
        game = HospitalResident.create_from_dictionaries(rp, hp, cap)
        build_s = t.lap()
        matching = game.solve(optimal="resident")
        solve_s = t.lap()
        extra = mem.extra_mib()
        mentor_index = {name: j for j, name in enumerate(inst.mentor_ids)}
        mentee_index = {name: i for i, name in enumerate(inst.mentee_ids)}
        match = np.full(inst.n, -1, np.int64)
        for hospital, residents in matching.items():
            for r in residents:
                match[mentee_index[r.name]] = mentor_index[hospital.name]
        if a.out:
            inst.write(a.out, match)
        assigned = int((match >= 0).sum())
        return {
            "read_seconds": read_s,
            "build_seconds": build_s,
            "solve_seconds": solve_s,
            "extra_peak_mib": extra,
            "assigned": assigned,
            "unassigned": inst.n - assigned,
            "workaround": a.workaround,
        }

    name = "matching.HospitalResident" + (" (recursion workaround)" if a.workaround else "")
    if not a.workaround:
        run_peer(name, go)
        return
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    th = threading.Thread(target=run_peer, args=(name, go))
    th.start()
    th.join()


if __name__ == "__main__":
    main()
