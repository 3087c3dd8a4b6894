"""Side-by-side benchmark of `tandem match` against peer solvers (issue #3, item 7).

For every cell (one instance file set) it runs Tandem's CLI and each peer script in a fresh
process, interleaved round by round, and records wall time, CPU time and peak RSS of the whole
process (os.wait4), plus the timings each program reports itself.  Then it CHECKS:
* assignment: every exact solver that finished reports the same (assigned, total score), and
  Tandem's result file, re-evaluated here against the instance, gives that same value; Tandem
  says optimal; Tandem's output is byte-identical across runs (determinism with --seed);
* stable matching: Tandem's matching is identical to `matching`'s wherever that runs and to the
  lean reference DA, and has no blocking pair (checked here as well as by Tandem itself);
* groups: sizes within bounds, Tandem's objective recomputed here, bounds consistent, and the
  brute-force optimum at pilot size.
Any failed check is printed loudly and makes the exit status 1.  The markdown tables (medians,
min-max, ratios Tandem/peer from this same run, targets) go to stdout and results/<stamp>/.

Usage: python run.py [--quick] [--runs N] [--cells NAME ...] [--tandem PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import gen
import verify

ROOT = Path(__file__).resolve().parent
PY = sys.executable
PEERS = ROOT / "peers"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Cells.
# ---------------------------------------------------------------------------------------------


@dataclass
class Solver:
    label: str
    argv: list[str]
    out_name: str  # result file written by the solver (compared or verified)
    is_tandem: bool = False
    exact: bool = True
    max_runs: int | None = None  # slow references run fewer times
    skip_reason: str | None = None  # recorded as "not run"


@dataclass
class Cell:
    name: str
    kind: str  # dense | sparse | stable | groups
    folder: Path
    solvers: list[Solver] = field(default_factory=list)
    groups: dict | None = None  # G, bounds, weights for groups cells
    targets: list[dict] = field(default_factory=list)


def build_cells(tandem: str, quick: bool, seed: int, group_time: float) -> list[Cell]:
    cells = []
    for name, params in gen.catalogue(quick).items():
        folder = gen.INSTANCE_DIR / name
        kind = params["kind"]
        c = Cell(name, kind, folder)
        common = ["--seed", str(seed)]
        if kind == "dense":
            c.solvers = [
                Solver(
                    "tandem",
                    [
                        tandem,
                        "match",
                        "assign",
                        "--matrix",
                        f"{folder}/scores.txt",
                        "--out",
                        "{out}",
                    ]
                    + common,
                    "matches.csv",
                    True,
                ),
                Solver(
                    "lap.lapjv",
                    [
                        PY,
                        str(PEERS / "dense_lapjv.py"),
                        "--instance",
                        str(folder),
                        "--out",
                        "{out}",
                    ],
                    "matches.csv",
                ),
                Solver(
                    "scipy.linear_sum_assignment",
                    [
                        PY,
                        str(PEERS / "dense_scipy.py"),
                        "--instance",
                        str(folder),
                        "--out",
                        "{out}",
                    ],
                    "matches.csv",
                ),
            ]
            if params["n"] >= 5000:
                c.targets = [dict(peer="lap.lapjv", metric="time", limit=1.0, text="≤ 1.0 × lapjv")]
        elif kind == "sparse":
            c.solvers = [
                Solver(
                    "tandem",
                    [
                        tandem,
                        "match",
                        "assign",
                        "--mentees",
                        f"{folder}/mentees.csv",
                        "--mentors",
                        f"{folder}/mentors.csv",
                        "--arcs",
                        f"{folder}/arcs.csv",
                        "--out",
                        "{out}",
                    ]
                    + common,
                    "matches.csv",
                    True,
                ),
                Solver(
                    "ortools.SimpleLinearSumAssignment",
                    [
                        PY,
                        str(PEERS / "sparse_ortools_lsa.py"),
                        "--instance",
                        str(folder),
                        "--out",
                        "{out}",
                    ],
                    "matches.csv",
                ),
                Solver(
                    "ortools.SimpleMinCostFlow",
                    [
                        PY,
                        str(PEERS / "sparse_ortools_mcf.py"),
                        "--instance",
                        str(folder),
                        "--out",
                        "{out}",
                    ],
                    "matches.csv",
                ),
            ]
            if params["mentees"] >= 20_000 and params["planted"]:
                metrics = ["time", "memory"] if params["mentees"] >= 100_000 else ["time"]
                for peer in ("ortools.SimpleLinearSumAssignment", "ortools.SimpleMinCostFlow"):
                    for metric in metrics:
                        c.targets.append(
                            dict(
                                peer=peer,
                                metric=metric,
                                limit=1.0,
                                text=f"≤ 1.0 × OR-Tools {metric}",
                            )
                        )
        elif kind == "stable":
            files = [
                "--mentors",
                f"{folder}/mentors.csv",
                "--mentee-prefs",
                f"{folder}/mentee_prefs.csv",
                "--mentor-prefs",
                f"{folder}/mentor_prefs.csv",
            ]
            c.solvers = [
                Solver(
                    "tandem",
                    [tandem, "match", "stable", *files, "--out", "{out}"] + common,
                    "matches.csv",
                    True,
                )
            ]
            n = params["mentees"]
            m_argv = [
                PY,
                str(PEERS / "stable_matching.py"),
                "--instance",
                str(folder),
                "--out",
                "{out}",
            ]
            big = (
                "not run: fails from 2,000 mentees by default; with the recursion "
                "workaround 20,000 mentees took 223 s to build here"
            )
            c.solvers.append(
                Solver(
                    "matching.HospitalResident",
                    m_argv,
                    "matches.csv",
                    skip_reason=big if n > 2000 else None,
                )
            )
            if n == 2000 and not quick:
                c.solvers.append(
                    Solver(
                        "matching.HospitalResident (recursion workaround)",
                        m_argv + ["--workaround"],
                        "matches.csv",
                    )
                )
            c.solvers.append(
                Solver(
                    "lean Python DA (reference)",
                    [
                        PY,
                        str(PEERS / "stable_lean_da.py"),
                        "--instance",
                        str(folder),
                        "--out",
                        "{out}",
                    ],
                    "matches.csv",
                    max_runs=1 if n >= 100_000 else None,
                )
            )
            if n >= 1_000_000:
                c.targets = [dict(peer=None, metric="solve_seconds", limit=1.0, text="< 1 s solve")]
        elif kind == "groups":
            g, smin, smax = gen.group_layout(params["n"], params["size"])
            weights = {a: w for a, _l, w, _z in gen.GROUP_ATTRS}
            c.groups = dict(g=g, smin=smin, smax=smax, weights=weights)
            limit = group_time if params["n"] > 24 else min(group_time, 5.0)
            apart = ["--apart", f"{folder}/apart.csv"] if params.get("apart") else []
            wtxt = ",".join(f"{k}={v}" for k, v in weights.items())
            c.solvers = [
                Solver(
                    "tandem",
                    [
                        tandem,
                        "match",
                        "groups",
                        "--people",
                        f"{folder}/people.csv",
                        "--size-min",
                        str(smin),
                        "--size-max",
                        str(smax),
                        "--groups",
                        str(g),
                        *apart,
                        "--weights",
                        wtxt,
                        "--time-limit",
                        str(limit),
                        "--out",
                        "{out}",
                    ]
                    + common,
                    "groups.csv",
                    True,
                    exact=False,
                )
            ]
            if params["n"] <= 24:
                c.solvers.append(
                    Solver(
                        "ortools.CP-SAT (exact)",
                        [
                            PY,
                            str(PEERS / "groups_cpsat.py"),
                            "--instance",
                            str(folder),
                            "--groups",
                            str(g),
                            "--size-min",
                            str(smin),
                            "--size-max",
                            str(smax),
                            *apart,
                            "--weights",
                            wtxt,
                            "--time-limit",
                            "120",
                            "--out",
                            "{out}",
                        ],
                        "groups.csv",
                    )
                )
            if params["n"] <= 24:
                c.targets = [dict(peer=None, metric="proven_optimal", text="proven optimal")]
            elif params["n"] >= 100_000:
                c.targets = [
                    dict(peer=None, metric="gap", limit=0.01, text="gap ≤ 0.01 % within 20 s")
                ]
        cells.append(c)
    return cells


# ---------------------------------------------------------------------------------------------
# Running one process.
# ---------------------------------------------------------------------------------------------

TIME_BIN = "/usr/bin/time"


def run_once(argv: list[str], run_dir: Path, out_name: str, timeout: float) -> dict:
    """Run one fresh process; wall time here, peak RSS and CPU time from GNU time.

    Peak RSS is taken by /usr/bin/time rather than by os.wait4 on our own child: Linux carries
    the parent's RSS high-water mark over fork and exec into the child's ru_maxrss, so a child
    of this (large) Python process would report at least our own RSS.  GNU time is a small
    process, so its child's figure is the program's own.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    out = run_dir / out_name
    argv = [a.replace("{out}", str(out)) for a in argv]
    (run_dir / "argv.json").write_text(json.dumps(argv))
    time_file = run_dir / "time.txt"
    use_time = os.access(TIME_BIN, os.X_OK)
    full = ([TIME_BIN, "-f", "%M %U %S", "-o", str(time_file)] if use_time else []) + argv
    load = os.getloadavg()
    with open(run_dir / "stdout.txt", "wb") as so, open(run_dir / "stderr.txt", "wb") as se:
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(
                full, stdout=so, stderr=se, stdin=subprocess.DEVNULL, start_new_session=True
            )
        except OSError as e:
            return {"status": "failed", "error": f"cannot start: {e}", "load1": load[0]}
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
    rss_kib, cpu = ru.ru_maxrss, ru.ru_utime + ru.ru_stime
    if use_time and time_file.exists():
        last = time_file.read_text().strip().splitlines()
        try:
            k, u, s_ = last[-1].split()
            rss_kib, cpu = int(k), float(u) + float(s_)
        except (IndexError, ValueError):
            pass
    rec = {
        "wall_seconds": round(wall, 4),
        "cpu_seconds": round(cpu, 4),
        "max_rss_mib": round(rss_kib / 1024, 1),
        "exit": p.returncode,
        "load1": round(load[0], 2),
    }
    lines = [
        ln for ln in (run_dir / "stdout.txt").read_text(errors="replace").splitlines() if ln.strip()
    ]
    reported = None
    if lines:
        try:
            reported = json.loads(lines[-1])
        except json.JSONDecodeError:
            reported = None
    if timed_out.is_set():
        rec.update(status="timeout", error=f"killed after {timeout:.0f} s")
    elif p.returncode != 0 or reported is None:
        err = (run_dir / "stderr.txt").read_text(errors="replace").strip().splitlines()
        rec.update(
            status="failed",
            error=(f"exit {p.returncode}: " + (err[-1] if err else "no output"))[:400],
        )
        if reported:
            rec["reported"] = reported
    else:
        rec["reported"] = reported
        rec["status"] = reported.get("status", "ok")
        if rec["status"] != "ok":
            rec["error"] = reported.get("error", "")
    if out.exists():
        rec["out_sha256"] = hashlib.sha256(out.read_bytes()).hexdigest()
        rec["out"] = str(out)
    return rec


def wait_for_quiet(max_load: float | None, max_wait: float) -> None:
    if max_load is None:
        return
    t = time.time()
    while os.getloadavg()[0] > max_load and time.time() - t < max_wait:
        time.sleep(5)


# ---------------------------------------------------------------------------------------------
# Statistics and checks.
# ---------------------------------------------------------------------------------------------


def solver_time(rec: dict, is_tandem: bool) -> float | None:
    """The comparable solve time: Tandem's own solve_seconds; a peer's build + solve.

    A peer's build (loading arrays into the solver) is included because Tandem's solve_seconds
    starts from parsed input too; the OR-Tools LSA peer's max-flow precheck is left out (it is
    the harness's modelling aid, reported separately), which only favours the peer.
    """
    rep = rec.get("reported") or {}
    if rec.get("status") != "ok":
        return None
    if is_tandem:
        v = rep.get("solve_seconds")
        return float(v) if v is not None else None
    parts = [rep.get("build_seconds"), rep.get("solve_seconds")]
    if rep.get("solve_seconds") is None:
        return None
    return float(sum(p for p in parts if p is not None))


def med(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def span(values: list[float]) -> tuple[float, float] | None:
    values = [v for v in values if v is not None]
    return (min(values), max(values)) if values else None


def fmt_s(v: float | None) -> str:
    if v is None:
        return "—"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    if v >= 0.001:
        return f"{v:.3f}"
    return f"{v:.1e}"


def fmt_ratio(r: float) -> str:
    if r >= 0.1:
        return f"{r:.2f}"
    if r >= 0.001:
        return f"{r:.3f}"
    return f"{r:.1e}"


def fmt_med_span(values: list[float]) -> str:
    m, sp = med(values), span(values)
    if m is None:
        return "—"
    if sp[0] == sp[1]:
        return fmt_s(m)
    return f"{fmt_s(m)} ({fmt_s(sp[0])}–{fmt_s(sp[1])})"


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.notes: list[str] = []

    def fail(self, cell: str, msg: str) -> None:
        self.failures.append(f"{cell}: {msg}")
        log(f"!!!!! CHECK FAILED: {cell}: {msg}")

    def note(self, cell: str, msg: str) -> None:
        self.notes.append(f"{cell}: {msg}")
        log(f"note: {cell}: {msg}")


def check_cell(cell: Cell, results: dict[str, list[dict]], checks: Checks) -> dict:
    """Run the correctness checks of one cell; returns facts for the tables."""
    facts: dict = {}
    tandem = next(s for s in cell.solvers if s.is_tandem)
    t_runs = results.get(tandem.label, [])
    t_ok = [r for r in t_runs if r.get("status") == "ok"]
    if not t_ok:
        checks.fail(
            cell.name,
            "Tandem produced no successful run: "
            + "; ".join(r.get("error", "?") for r in t_runs[:1]),
        )
        return facts
    hashes = {r.get("out_sha256") for r in t_ok}
    if len(hashes) > 1:
        checks.fail(cell.name, "Tandem's result file differs between runs with the same --seed")
    first = t_ok[0]
    rep = first["reported"]
    out = Path(first["out"]) if first.get("out") else None
    if out is None:
        checks.fail(cell.name, "Tandem wrote no result file")
        return facts

    if cell.kind in ("dense", "sparse"):
        try:
            mine = (verify.assign_dense if cell.kind == "dense" else verify.assign_sparse)(
                cell.folder, out
            )
        except verify.Invalid as e:
            checks.fail(cell.name, f"Tandem's matches are invalid: {e}")
            return facts
        facts["objective"] = mine
        claimed = (rep.get("assigned"), rep.get("total_score"))
        if claimed != (mine["assigned"], mine["total_score"]):
            checks.fail(
                cell.name,
                f"Tandem reports assigned/total_score {claimed} but its file "
                f"evaluates to {(mine['assigned'], mine['total_score'])}",
            )
        if rep.get("optimal") is not True:
            checks.fail(cell.name, f"Tandem does not report optimal: true ({rep.get('optimal')})")
        values = {"tandem (file re-evaluated)": (mine["assigned"], mine["total_score"])}
        for s in cell.solvers:
            if s.is_tandem or not s.exact:
                continue
            for r in results.get(s.label, []):
                if r.get("status") == "ok":
                    values[s.label] = (r["reported"]["assigned"], r["reported"]["total_score"])
                    break
        if len(set(values.values())) > 1:
            checks.fail(
                cell.name,
                "EXACT SOLVERS DISAGREE on (assigned, total_score): "
                + ", ".join(f"{k} = {v}" for k, v in values.items()),
            )
        else:
            facts["agree"] = sorted(values)
    elif cell.kind == "stable":
        inst = verify.Prefs(cell.folder)
        try:
            t_match = verify.stable_load(out, inst)
            mine = verify.stable_blocking_pairs(inst, t_match)
        except verify.Invalid as e:
            checks.fail(cell.name, f"Tandem's matching is invalid: {e}")
            return facts
        facts["objective"] = mine
        if mine["blocking_pairs"] != 0:
            checks.fail(
                cell.name,
                f"Tandem's matching has {mine['blocking_pairs']} blocking "
                "pairs (counted by the bench)",
            )
        if rep.get("blocking_pairs") != 0:
            checks.fail(cell.name, f"Tandem reports blocking_pairs = {rep.get('blocking_pairs')}")
        if (rep.get("assigned"), rep.get("unassigned")) != (mine["assigned"], mine["unassigned"]):
            checks.fail(
                cell.name,
                f"Tandem reports assigned/unassigned "
                f"{rep.get('assigned')}/{rep.get('unassigned')}, file has "
                f"{mine['assigned']}/{mine['unassigned']}",
            )
        identical = []
        for s in cell.solvers:
            if s.is_tandem:
                continue
            ok = [r for r in results.get(s.label, []) if r.get("status") == "ok" and r.get("out")]
            if not ok:
                continue
            other = verify.stable_load(Path(ok[0]["out"]), inst)
            diff = int((other != t_match).sum())
            if diff:
                checks.fail(
                    cell.name,
                    f"Tandem's matching differs from {s.label}'s for {diff} "
                    "mentees (the mentee-optimal stable matching is unique)",
                )
            else:
                identical.append(s.label)
        facts["identical_to"] = identical
    elif cell.kind == "groups":
        gp = cell.groups
        try:
            mine = verify.groups(cell.folder, out, gp["g"], gp["smin"], gp["smax"], gp["weights"])
        except verify.Invalid as e:
            checks.fail(cell.name, f"Tandem's groups are invalid: {e}")
            return facts
        facts["objective"] = mine
        if rep.get("objective") != mine["objective"]:
            checks.fail(
                cell.name,
                f"Tandem reports objective {rep.get('objective')}, its file "
                f"evaluates to {mine['objective']}",
            )
        if rep.get("groups") not in (None, gp["g"]):
            checks.fail(cell.name, f"Tandem reports {rep.get('groups')} groups, asked {gp['g']}")
        ub = rep.get("upper_bound")
        facts["upper_bound"] = ub
        if ub is None:
            checks.note(cell.name, "Tandem reports no upper bound")
        elif ub < mine["objective"]:
            checks.fail(cell.name, f"Tandem's upper_bound {ub} is below its objective")
        bf = mine.get("brute_force_optimum")
        for s in cell.solvers:  # an exact peer's proven optimum counts like the brute force
            ok = [r for r in results.get(s.label, []) if r.get("status") == "ok"]
            if s.is_tandem or not ok or ok[0]["reported"].get("optimal") is not True:
                continue
            try:
                peer = verify.groups(
                    cell.folder,
                    Path(ok[0]["out"]),
                    gp["g"],
                    gp["smin"],
                    gp["smax"],
                    gp["weights"],
                    brute_force_max=0,
                )
            except verify.Invalid as e:
                checks.fail(cell.name, f"bench bug: {s.label}'s groups are invalid: {e}")
                continue
            if bf is not None and bf != peer["objective"]:
                checks.fail(
                    cell.name, f"bench bug: brute force {bf} != {s.label} {peer['objective']}"
                )
            bf = peer["objective"]
            facts["exact_optimum"] = {"value": bf, "by": s.label}
        if "brute_force_optimum" in mine:
            facts["exact_optimum"] = {"value": mine["brute_force_optimum"], "by": "brute force"}
        if bf is not None:
            if bf > mine["objective"]:
                checks.fail(
                    cell.name,
                    f"Tandem's objective {mine['objective']} is below the proven optimum {bf}",
                )
            if ub is not None and ub < bf:
                checks.fail(
                    cell.name,
                    f"Tandem's upper_bound {ub} is below the proven "
                    f"optimum {bf}: not a valid bound",
                )
        if mine["independent_upper_bound"] < mine["objective"]:
            checks.fail(cell.name, "bench bug: independent bound below an achieved objective")
        best_ub = min(x for x in (ub, mine["independent_upper_bound"]) if x is not None)
        objs = [r["reported"].get("objective") for r in t_ok]
        facts["gaps_pct"] = [
            100.0 * (best_ub - o) / best_ub if best_ub else 0.0 for o in objs if o is not None
        ]
        facts["gaps_vs_own_pct"] = (
            [100.0 * (ub - o) / ub if ub else 0.0 for o in objs if o is not None]
            if ub is not None
            else []
        )
    return facts


# ---------------------------------------------------------------------------------------------
# Tables.
# ---------------------------------------------------------------------------------------------


def cell_table(cell: Cell, results: dict[str, list[dict]], facts: dict) -> list[str]:
    lines = [f"### {cell.name}", ""]
    meta = json.loads((cell.folder / "meta.json").read_text())
    lines.append(f"Instance: `{json.dumps(meta['info'])}`")
    lines.append("")
    lines.append(
        "| solver | runs ok | solve s: median (min–max) | read s | whole process s "
        "| process CPU s | peak RSS MiB (process) | extra MiB (solve) | result "
        "| Tandem/peer solve | Tandem/peer process | Tandem/peer process CPU |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    tandem = next(s for s in cell.solvers if s.is_tandem)
    t_runs = [r for r in results.get(tandem.label, []) if r.get("status") == "ok"]
    t_solve = med([solver_time(r, True) for r in t_runs])
    t_wall = med([r["wall_seconds"] for r in t_runs])
    t_cpu = med([r.get("cpu_seconds") for r in t_runs])
    for s in cell.solvers:
        runs = results.get(s.label, [])
        if s.skip_reason:
            lines.append(f"| {s.label} | — | {s.skip_reason} | | | | | | | | | |")
            continue
        ok = [r for r in runs if r.get("status") == "ok"]
        if not ok:
            err = runs[0].get("error", "") if runs else "not run"
            lines.append(f"| {s.label} | 0/{len(runs)} | **failed**: {err} | | | | | | | | | |")
            continue
        solve = [solver_time(r, s.is_tandem) for r in ok]
        read = [
            next(
                (
                    r["reported"][k]
                    for k in ("read_seconds", "parse_seconds", "load_seconds")
                    if k in r["reported"]
                ),
                None,
            )
            for r in ok
        ]
        wall = [r["wall_seconds"] for r in ok]
        cpu = [r.get("cpu_seconds") for r in ok]
        rss = [r["max_rss_mib"] for r in ok]
        extra = [r["reported"].get("extra_peak_mib") for r in ok]
        rep = ok[0]["reported"]
        if cell.kind in ("dense", "sparse"):
            result = f"{rep.get('assigned')} assigned, score {rep.get('total_score')}"
            pre = med([r["reported"].get("precheck_seconds") for r in ok])
            if pre is not None:
                result += f" (+ max-flow precheck {fmt_s(pre)} s, not counted)"
        elif cell.kind == "stable":
            result = f"{rep.get('assigned')} assigned"
            if s.is_tandem:
                result += f", {rep.get('blocking_pairs')} blocking"
        else:
            result = f"objective {rep.get('objective')}, bound {rep.get('upper_bound')}"
        if s.is_tandem:
            r_solve = r_wall = r_cpu = ""
        else:
            ps, pw, pc = med(solve), med(wall), med(cpu)
            r_solve = fmt_ratio(t_solve / ps) if t_solve and ps else "—"
            r_wall = fmt_ratio(t_wall / pw) if t_wall and pw else "—"
            r_cpu = fmt_ratio(t_cpu / pc) if t_cpu and pc else "—"
        lines.append(
            f"| {s.label} | {len(ok)}/{len(runs)} | {fmt_med_span(solve)} | {fmt_s(med(read))} "
            f"| {fmt_med_span(wall)} | {fmt_s(med(cpu))} | {med(rss):.0f} | "
            f"{'—' if med(extra) is None else f'{med(extra):.0f}'} | {result} | {r_solve} "
            f"| {r_wall} | {r_cpu} |"
        )
    lines.append("")
    if facts.get("agree"):
        lines.append(f"Objectives agree: {', '.join(facts['agree'])}.")
    if facts.get("identical_to"):
        lines.append(f"Tandem's matching is identical to: {', '.join(facts['identical_to'])}.")
    if cell.kind == "groups" and "objective" in facts:
        o = facts["objective"]
        ex = facts.get("exact_optimum")
        extra = f", proven optimum {ex['value']} ({ex['by']})" if ex else ""
        lines.append(
            f"Bench-recomputed objective {o['objective']}, Tandem's bound "
            f"{facts.get('upper_bound')}, independent level-spread bound "
            f"{o['independent_upper_bound']}{extra}; gap to the tighter bound "
            f"{fmt_med_span(facts.get('gaps_pct', []))} %."
        )
    loads = [r.get("load1") for rs in results.values() for r in rs if r.get("load1") is not None]
    if loads:
        lines.append(f"1-min load average before runs: {min(loads):.2f}–{max(loads):.2f}.")
    lines.append("")
    return lines


def targets_table(cells: list[Cell], all_results: dict, all_facts: dict) -> list[str]:
    lines = [
        "### Targets (issue #3)",
        "",
        "| instance | peer | target | measured | met |",
        "|---|---|---|---|---|",
    ]
    for cell in cells:
        res, facts = all_results.get(cell.name, {}), all_facts.get(cell.name, {})
        t_ok = [r for r in res.get("tandem", []) if r.get("status") == "ok"]
        for tg in cell.targets:
            measured, met = "—", "no (Tandem did not run)"
            if t_ok and tg["metric"] == "time":
                p_ok = [r for r in res.get(tg["peer"], []) if r.get("status") == "ok"]
                ts = med([solver_time(r, True) for r in t_ok])
                ps = med([solver_time(r, False) for r in p_ok])
                if ts and ps:
                    measured = f"{fmt_s(ts)} s vs {fmt_s(ps)} s = {fmt_ratio(ts / ps)} ×"
                    met = "yes" if ts / ps <= tg["limit"] else "**no**"
            elif t_ok and tg["metric"] == "memory":
                p_ok = [r for r in res.get(tg["peer"], []) if r.get("status") == "ok"]
                tm = med([r["max_rss_mib"] for r in t_ok])
                pe = med([r["reported"].get("extra_peak_mib") for r in p_ok])
                pm = med([r["max_rss_mib"] for r in p_ok])
                if tm and pe:
                    measured = (
                        f"Tandem process peak {tm:.0f} MiB vs peer build+solve extra "
                        f"{pe:.0f} MiB = {tm / pe:.2f} × (peer whole process "
                        f"{pm:.0f} MiB: {tm / pm:.2f} ×)"
                    )
                    met = (
                        "yes"
                        if tm / pe <= tg["limit"]
                        else ("**no** (vs peer process: " + ("yes" if tm <= pm else "no") + ")")
                    )
            elif t_ok and tg["metric"] == "solve_seconds":
                ts = med([solver_time(r, True) for r in t_ok])
                w = med([r["wall_seconds"] for r in t_ok])
                measured = f"solve {fmt_s(ts)} s (whole process incl. reading {fmt_s(w)} s)"
                met = "yes" if ts is not None and ts < tg["limit"] else "**no**"
                if "identical_to" in facts:
                    measured += "; identical to " + (", ".join(facts["identical_to"]) or "none")
            elif t_ok and tg["metric"] == "gap":
                gaps = facts.get("gaps_pct", [])
                g = med(gaps)
                if g is not None:
                    measured = f"gap {g:.4f} % (max {max(gaps):.4f} %)"
                    met = "yes" if max(gaps) <= tg["limit"] else "**no**"
            elif t_ok and tg["metric"] == "proven_optimal":
                o = facts.get("objective", {})
                ub = facts.get("upper_bound")
                rep = t_ok[0]["reported"]
                proven = rep.get("optimal") is True or (ub is not None and ub == o.get("objective"))
                ex = facts.get("exact_optimum") or {}
                bf = ex.get("value")
                measured = (
                    f"objective {o.get('objective')}, Tandem bound {ub}, optimal flag "
                    f"{rep.get('optimal')}"
                    + (f", optimum {bf} ({ex['by']})" if bf is not None else "")
                )
                met = "yes" if proven and (bf is None or bf == o.get("objective")) else "**no**"
            lines.append(
                f"| {cell.name} | {tg['peer'] or '—'} | {tg['text']} | {measured} | {met} |"
            )
    lines.append("")
    return lines


def tandem_identity(path: str) -> str:
    """Commit of the checkout (and whether the engine's sources differ from it) + binary hash."""
    repo = ROOT.parent
    try:
        head = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "status",
                "--porcelain",
                "--",
                "crates/matching",
                "crates/cli",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        src = f"checkout {head}" + (
            " with uncommitted changes in crates/matching or crates/cli" if dirty else ""
        )
    except (OSError, subprocess.CalledProcessError):
        src = "checkout unknown"
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
    return f"{src}; binary sha256 {digest}"


def machine() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def write_report(
    res_dir: Path,
    stamp: str,
    a: argparse.Namespace,
    runs: int,
    cells: list[Cell],
    all_results: dict,
    all_facts: dict,
    checks: Checks,
    elapsed: float,
    done: bool,
) -> str:
    """Write table.md and results.json (after every cell, so a stopped run keeps its data)."""
    cells = [c for c in cells if c.name in all_results]
    lines = [f"## Matching benchmark {stamp}" + ("" if done else " (partial)"), ""]
    mach = machine()
    lines.append(
        f"Machine: {mach['cpu']}, {mach['cores']} cores, {mach['memory_gib']} GiB, "
        f"Linux {mach['kernel']}, Python {mach['python']}. Runs per cell: {runs} "
        f"(interleaved). Tandem: `{a.tandem}` ({tandem_identity(a.tandem)}). "
        f"Total {elapsed:.0f} s."
    )
    lines.append("")
    lines += targets_table(cells, all_results, all_facts)
    for cell in cells:
        lines += cell_table(cell, all_results[cell.name], all_facts.get(cell.name, {}))
    if checks.notes:
        lines += ["Notes:", ""] + [f"- {n}" for n in checks.notes] + [""]
    if checks.failures:
        lines += ["**CHECKS FAILED:**", ""] + [f"- **{f}**" for f in checks.failures] + [""]
    else:
        lines += ["All correctness checks passed.", ""]
    table = "\n".join(lines)
    (res_dir / "table.md").write_text(table)
    (res_dir / "results.json").write_text(
        json.dumps(
            {
                "machine": mach,
                "runs": runs,
                "tandem": a.tandem,
                "results": all_results,
                "facts": all_facts,
                "failures": checks.failures,
                "notes": checks.notes,
            },
            indent=1,
            default=str,
        )
    )
    return table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small instances, a few seconds each")
    ap.add_argument("--runs", type=int, help="runs per cell (default 5, quick 3)")
    ap.add_argument("--cells", nargs="*", help="only these instance names")
    ap.add_argument("--tandem", default=str(ROOT.parent / "target" / "release" / "tandem"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    ap.add_argument(
        "--group-time", type=float, help="--time-limit for groups (default 20, quick 1)"
    )
    ap.add_argument(
        "--max-load",
        type=float,
        help="wait (up to --max-wait s) before each run until the 1-min load average is below this",
    )
    ap.add_argument("--max-wait", type=float, default=120.0)
    a = ap.parse_args()
    runs = a.runs or (3 if a.quick else 5)
    if runs < 3:
        log(f"warning: {runs} runs per cell; the harness is meant for at least 3")
    group_time = a.group_time or (1.0 if a.quick else 20.0)
    if not Path(a.tandem).exists():
        log(f"tandem binary not found at {a.tandem}")
        return 2

    cells = [
        c
        for c in build_cells(a.tandem, a.quick, a.seed, group_time)
        if not a.cells or c.name in a.cells
    ]
    for c in cells:
        gen.ensure(c.name, gen.catalogue(a.quick)[c.name])

    stamp = time.strftime("%Y%m%d-%H%M%S") + ("-quick" if a.quick else "")
    res_dir = ROOT / "results" / stamp
    res_dir.mkdir(parents=True, exist_ok=True)
    load_log = open(res_dir / "load.log", "w")
    checks = Checks()
    all_results: dict[str, dict[str, list[dict]]] = {}
    all_facts: dict[str, dict] = {}
    t_all = time.time()
    for cell in cells:
        la = os.getloadavg()
        msg = (
            f"{time.strftime('%H:%M:%S')} cell {cell.name}: load average {la[0]:.2f} "
            f"{la[1]:.2f} {la[2]:.2f}"
        )
        load_log.write(msg + "\n")
        load_log.flush()
        log(msg)
        results: dict[str, list[dict]] = {s.label: [] for s in cell.solvers}
        for k in range(runs):
            for s in cell.solvers:
                if s.skip_reason or (s.max_runs is not None and k >= s.max_runs):
                    continue
                # A peer that failed (not timed out) fails the same way every time: once is
                # enough to record it.
                if (
                    results[s.label]
                    and results[s.label][0].get("status") == "failed"
                    and not s.is_tandem
                ):
                    continue
                wait_for_quiet(a.max_load, a.max_wait)
                slug = s.label.replace(" ", "_").replace("(", "").replace(")", "")
                rec = run_once(
                    s.argv, res_dir / cell.name / slug / f"run{k}", s.out_name, a.timeout
                )
                load_log.write(f"  {s.label} run {k}: load1 {rec['load1']}\n")
                load_log.flush()
                results[s.label].append(rec)
                rep = rec.get("reported") or {}
                log(
                    f"  {cell.name} | {s.label} run {k}: {rec['status']} wall "
                    f"{rec.get('wall_seconds')} s solve {fmt_s(solver_time(rec, s.is_tandem))} s"
                    f" rss {rec.get('max_rss_mib')} MiB load {rec['load1']}"
                    + (f" error {rec.get('error')}" if rec["status"] != "ok" else "")
                    + (f" score {rep.get('total_score')}" if "total_score" in rep else "")
                )
        all_results[cell.name] = results
        all_facts[cell.name] = check_cell(cell, results, checks)
        # Keep only the first run's result files: they are large and the hashes are recorded.
        for s in cell.solvers:
            for r in results[s.label][1:]:
                if r.get("out") and Path(r["out"]).exists():
                    Path(r["out"]).unlink()
        write_report(
            res_dir,
            stamp,
            a,
            runs,
            cells,
            all_results,
            all_facts,
            checks,
            time.time() - t_all,
            False,
        )

    table = write_report(
        res_dir, stamp, a, runs, cells, all_results, all_facts, checks, time.time() - t_all, True
    )
    latest = ROOT / "results" / ("latest-quick" if a.quick else "latest")
    if latest.is_symlink() or latest.exists():
        latest.unlink() if latest.is_symlink() else shutil.rmtree(latest)
    latest.symlink_to(stamp)
    print(table)
    if checks.failures:
        print(
            "\n" + "!" * 78 + f"\n{len(checks.failures)} CHECK(S) FAILED — see above\n" + "!" * 78,
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
