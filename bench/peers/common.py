"""Shared plumbing for the peer scripts: reading the matching-cli.md files, timing, memory.

Every peer prints exactly one JSON object on stdout (like `tandem match`), with:
  peer, status ("ok" or "failed"), error (when failed), read_seconds (files -> arrays),
  build_seconds (arrays -> the solver's own structures), solve_seconds (the solver call),
  assigned, unassigned, total_score (in the files' score terms: higher is better),
  extra_peak_mib (rise of the kernel's peak RSS during build + solve, over the RSS after
  reading; VmHWM is reset through /proc/self/clear_refs) and peak_rss_mib (whole process).
Objectives are recomputed in exact integers from the returned assignment, never taken from a
solver's floating-point total.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

import numpy as np
import pandas as pd

MIB = 1024 * 1024


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Memory:
    """Peak-RSS rise over a region of code, via the kernel's resettable high-water mark.

    Also the CPU time of that region (``Memory.last_cpu``, reported as solve_cpu_seconds),
    which is far less sensitive than wall time to other jobs sharing the machine.
    """

    last_cpu: float | None = None

    def __init__(self) -> None:
        self.base_kib = 0
        self.reset_ok = False
        self.cpu0 = time.process_time()

    def start(self) -> None:
        self.cpu0 = time.process_time()
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
            self.reset_ok = True
        except OSError:
            self.reset_ok = False
        self.base_kib = _status_kib("VmRSS")

    def extra_mib(self) -> float | None:
        Memory.last_cpu = round(time.process_time() - self.cpu0, 6)
        if not self.reset_ok:
            return None
        return round(max(0, _status_kib("VmHWM") - self.base_kib) / 1024, 1)


def peak_rss_mib() -> float:
    return round(_status_kib("VmHWM") / 1024, 1)


class Timer:
    def __init__(self) -> None:
        self.t = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        d, self.t = now - self.t, now
        return round(d, 6)


def emit(result: dict) -> None:
    result.setdefault("peak_rss_mib", peak_rss_mib())
    if Memory.last_cpu is not None and result.get("status") == "ok":
        result.setdefault("solve_cpu_seconds", Memory.last_cpu)
    print(json.dumps(result), flush=True)


def run_peer(name: str, fn) -> None:
    """Run ``fn() -> dict`` and print its result; any exception becomes a recorded failure."""
    try:
        res = fn()
        res = {"peer": name, "status": "ok", **res}
    except BaseException as e:  # noqa: BLE001 - a peer's crash is a result to record
        if isinstance(e, KeyboardInterrupt):
            raise
        tb = traceback.extract_tb(e.__traceback__)
        where = f"{tb[-1].filename.split('site-packages/')[-1]}:{tb[-1].lineno}" if tb else ""
        msg = str(e).splitlines()[0][:300] if str(e) else ""
        res = {
            "peer": name,
            "status": "failed",
            "error": f"{type(e).__name__}: {msg}",
            "where": where,
        }
        print(traceback.format_exc(), file=sys.stderr)
    emit(res)


# ---------------------------------------------------------------------------------------------
# Readers.
# ---------------------------------------------------------------------------------------------


def read_matrix(path: Path) -> tuple[np.ndarray, np.ndarray | None]:
    """``scores.txt`` -> (int64 score matrix, forbidden mask or None)."""
    data = path.read_bytes()
    nl = data.index(b"\n")
    n, m = map(int, data[:nl].split())
    body = data[nl + 1 :]
    if b"x" in body:
        tokens = body.split()
        if len(tokens) != n * m:
            raise ValueError(f"{path}: expected {n * m} entries, found {len(tokens)}")
        forbidden = np.array([t == b"x" for t in tokens]).reshape(n, m)
        scores = np.array([0 if t == b"x" else int(t) for t in tokens], dtype=np.int64).reshape(
            n, m
        )
        return scores, forbidden
    scores = np.fromstring(body.decode("ascii"), dtype=np.int64, sep=" ")
    if scores.size != n * m:
        raise ValueError(f"{path}: expected {n * m} entries, found {scores.size}")
    return scores.reshape(n, m), None


def _index(ids: pd.Index, values: pd.Series, what: str) -> np.ndarray:
    """Positions of ``values`` in ``ids``; hashing the distinct values only is much faster."""
    codes, uniques = pd.factorize(values)
    pos = ids.get_indexer(uniques)
    if (pos < 0).any():
        raise ValueError(f"unknown {what} id {uniques[np.argmax(pos < 0)]!r}")
    return pos[codes].astype(np.int64)


class Sparse:
    """The many-to-one instance: mentees, mentors with capacities, arcs with scores."""

    def __init__(self, folder: Path) -> None:
        mentees = pd.read_csv(folder / "mentees.csv", dtype={"id": str})
        mentors = pd.read_csv(folder / "mentors.csv", dtype={"id": str, "capacity": np.int64})
        arcs = pd.read_csv(
            folder / "arcs.csv", dtype={"mentee": str, "mentor": str, "score": np.int64}
        )
        self.mentee_ids = pd.Index(mentees["id"])
        self.mentor_ids = pd.Index(mentors["id"])
        self.capacity = mentors["capacity"].to_numpy(np.int64)
        self.tail = _index(self.mentee_ids, arcs["mentee"], "mentee")
        self.head = _index(self.mentor_ids, arcs["mentor"], "mentor")
        self.score = arcs["score"].to_numpy(np.int64)
        self.n = len(self.mentee_ids)
        self.m = len(self.mentor_ids)

    def evaluate(self, arc_used: np.ndarray) -> dict:
        """Check a set of used arcs (indices) and return assigned / total_score."""
        t = self.tail[arc_used]
        if len(np.unique(t)) != len(t):
            raise RuntimeError("a mentee is assigned twice")
        load = np.bincount(self.head[arc_used], minlength=self.m)
        if (load > self.capacity).any():
            raise RuntimeError("a mentor's capacity is exceeded")
        return {
            "assigned": int(len(t)),
            "unassigned": int(self.n - len(t)),
            "total_score": int(self.score[arc_used].sum()),
        }

    def write(self, path: Path, arc_used: np.ndarray) -> None:
        mentor = np.full(self.n, "", dtype=object)
        mentor[self.tail[arc_used]] = np.asarray(self.mentor_ids)[self.head[arc_used]]
        pd.DataFrame({"mentee": np.asarray(self.mentee_ids), "mentor": mentor}).to_csv(
            path, index=False, lineterminator="\n"
        )


class Prefs:
    """The stable-matching instance as integer arrays (ids mapped to 0-based indices)."""

    def __init__(self, folder: Path) -> None:
        mentors = pd.read_csv(folder / "mentors.csv", dtype={"id": str, "capacity": np.int64})
        ep = pd.read_csv(
            folder / "mentee_prefs.csv",
            dtype={"mentee": str, "mentor": str, "rank": np.int64},
        )
        rp = pd.read_csv(
            folder / "mentor_prefs.csv", dtype={"mentor": str, "mentee": str, "rank": np.int64}
        )
        self.mentor_ids = pd.Index(mentors["id"])
        self.capacity = mentors["capacity"].to_numpy(np.int64)
        # pandas' "category" reader is ~6x slower than reading strings and factorizing.
        codes, uniques = pd.factorize(ep["mentee"])
        self.mentee_ids = pd.Index(uniques)
        self.e_res = codes.astype(np.int64)
        self.e_hos = _index(self.mentor_ids, ep["mentor"], "mentor")
        self.e_rank = ep["rank"].to_numpy(np.int64)
        self.r_hos = _index(self.mentor_ids, rp["mentor"], "mentor")
        self.r_res = _index(self.mentee_ids, rp["mentee"], "mentee")
        self.r_rank = rp["rank"].to_numpy(np.int64)
        self.n = len(self.mentee_ids)
        self.m = len(self.mentor_ids)

    def write(self, path: Path, match: np.ndarray) -> None:
        """``match[i]`` is mentor index of mentee i or -1."""
        names = np.asarray(self.mentor_ids, dtype=object)
        mentor = np.where(match >= 0, names[np.maximum(match, 0)], "")
        pd.DataFrame({"mentee": np.asarray(self.mentee_ids), "mentor": mentor}).to_csv(
            path, index=False, lineterminator="\n"
        )


def dense_costs(scores: np.ndarray, forbidden: np.ndarray | None) -> np.ndarray:
    """float64 cost matrix for a minimising dense solver, solving the contract's problem.

    cost = -score.  A forbidden pair gets a penalty larger than any difference in total cost
    between two assignments of min(n, m) rows, so the minimiser first uses as few forbidden
    pairs as possible (= assigns as many as possible), then minimises cost (= maximises score).
    Every value stays an exact integer in float64 at the sizes benchmarked here.
    """
    cost = -scores
    if forbidden is None:
        return cost.astype(np.float64)
    allowed = ~forbidden
    if not allowed.any():
        return np.zeros(cost.shape)
    cmin, cmax = cost[allowed].min(), cost[allowed].max()
    shifted = (cost - cmin).astype(np.float64)
    shifted[forbidden] = float((cmax - cmin + 1) * min(cost.shape) + 1)
    if shifted.max() * min(cost.shape) >= 2.0**53:
        raise ValueError("penalty too large for exact float64 arithmetic")
    return shifted


def dense_result(
    scores: np.ndarray, forbidden: np.ndarray | None, rows: np.ndarray, cols: np.ndarray
) -> dict:
    rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    keep = (rows >= 0) & (cols >= 0)
    rows, cols = rows[keep], cols[keep]
    if forbidden is not None:
        ok = ~forbidden[rows, cols]
        rows, cols = rows[ok], cols[ok]
    if len(np.unique(rows)) != len(rows) or len(np.unique(cols)) != len(cols):
        raise RuntimeError("not a matching")
    n = scores.shape[0]
    return {
        "assigned": int(len(rows)),
        "unassigned": int(n - len(rows)),
        "total_score": int(scores[rows, cols].sum()),
        "_pairs": (rows, cols),
    }


def write_dense(path: Path, n: int, rows: np.ndarray, cols: np.ndarray) -> None:
    mentor = np.full(n, "", dtype=object)
    mentor[rows] = cols.astype(str)
    pd.DataFrame({"mentee": np.arange(n).astype(str), "mentor": mentor}).to_csv(
        path, index=False, lineterminator="\n"
    )


def dense_main(name: str, solve) -> None:
    """Shared driver of the dense peers: ``solve(cost) -> (rows, cols)``."""
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", type=Path, required=True)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()

    def go() -> dict:
        t = Timer()
        scores, forbidden = read_matrix(a.instance / "scores.txt")
        read_s = t.lap()
        mem = Memory()
        mem.start()
        t.lap()
        cost = dense_costs(scores, forbidden)
        build_s = t.lap()
        rows, cols = solve(cost)
        solve_s = t.lap()
        extra = mem.extra_mib()
        res = dense_result(scores, forbidden, rows, cols)
        r, c = res.pop("_pairs")
        if a.out:
            write_dense(a.out, scores.shape[0], r, c)
        return {
            "read_seconds": read_s,
            "build_seconds": build_s,
            "solve_seconds": solve_s,
            "extra_peak_mib": extra,
            **res,
        }

    run_peer(name, go)


def sparse_main(name: str, solve) -> None:
    """Shared driver of the sparse peers: ``solve(inst, mem) -> (used, info, build_s, solve_s)``.

    The solver function times its own build (arc insertion) and solve phases, because only it
    knows where one ends and the other begins.
    """
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--instance", type=Path, required=True)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()

    def go() -> dict:
        t = Timer()
        inst = Sparse(a.instance)
        read_s = t.lap()
        mem = Memory()
        mem.start()
        arc_used, info, build_s, solve_s = solve(inst, mem)
        extra = mem.extra_mib()
        res = inst.evaluate(arc_used)
        if a.out:
            inst.write(a.out, arc_used)
        return {
            "read_seconds": read_s,
            "build_seconds": build_s,
            "solve_seconds": solve_s,
            "extra_peak_mib": extra,
            **info,
            **res,
        }

    run_peer(name, go)
