"""Dense one-to-one speed on unseen instances: Tandem against lap.lapjv (issue #15, item 7).

For every instance of ``gen.DENSE_UNSEEN`` (four score distributions x n = 2,000 and 5,000 x two
fresh seeds) it runs, round by round and alternating which goes first, one fresh Tandem process
and one fresh ``peers/dense_lapjv.py`` process on the same ``scores.txt``. Times compared are the
ones ``run.py`` compares: Tandem's solve (``solve_dense``: validation, solve and the certificate
check; reading the file excluded) and lapjv's build + solve (float cost matrix, then the call;
reading excluded). Every round checks that both reach the same total score and Tandem says
optimal. The machine is shared, so the table gives medians, the min-max of each side, and the
spread of the per-round ratios (each round's Tandem time over the same round's lapjv time).

Tandem is either the CLI (``--tandem PATH``: ``tandem match assign --matrix``, its JSON
``solve_seconds``) or, by default, the engine's own bench binary (``cargo bench -p
tandem-matching --bench assign -- --dir D --runs 1``, which times the same ``solve_dense`` call
and needs no full release build of the CLI).

Usage: python dense_ratio.py [--runs N] [--runs-slow N] [--only NAME ...] [--tandem PATH]
       [--assign-bench PATH] [--out FILE.md]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gen

ROOT = Path(__file__).resolve().parent
PEER = ROOT / "peers" / "dense_lapjv.py"
BENCH_LINE = re.compile(
    r"median (?P<s>[0-9.]+) s .*assigned (?P<a>\d+), total score (?P<t>-?\d+), optimal (?P<o>\w+)"
)


def log(msg: str) -> None:
    print(f"[dense_ratio {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def build_assign_bench() -> str:
    """Builds the engine's bench binary (release profile) and returns its path."""
    out = subprocess.run(
        [
            "cargo",
            "bench",
            "-p",
            "tandem-matching",
            "--bench",
            "assign",
            "--no-run",
            "--message-format",
            "json",
        ],
        cwd=ROOT.parent,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "assign":
            if msg.get("executable"):
                return msg["executable"]
    raise SystemExit("cargo did not report the assign bench binary")


def run_tandem(folder: Path, tandem: str | None, bench: str | None) -> tuple[float, int, int]:
    """(solve seconds, assigned, total score) of one fresh Tandem process."""
    if tandem:
        with tempfile.TemporaryDirectory() as tmp:
            p = subprocess.run(
                [
                    tandem,
                    "match",
                    "assign",
                    "--matrix",
                    str(folder / "scores.txt"),
                    "--out",
                    f"{tmp}/matches.csv",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
        rep = json.loads(p.stdout.strip().splitlines()[-1])
        if not rep.get("optimal"):
            raise SystemExit(f"{folder.name}: Tandem did not say optimal")
        return float(rep["solve_seconds"]), int(rep["assigned"]), int(rep["total_score"])
    p = subprocess.run(
        [bench, "--dir", str(folder), "--runs", "1"], capture_output=True, text=True, check=True
    )
    m = BENCH_LINE.search(p.stdout)
    if not m:
        raise SystemExit(f"{folder.name}: unexpected bench output {p.stdout!r}")
    if m["o"] != "true":
        raise SystemExit(f"{folder.name}: Tandem did not say optimal")
    return float(m["s"]), int(m["a"]), int(m["t"])


def run_lapjv(folder: Path) -> tuple[float, int, int]:
    """(build + solve seconds, assigned, total score) of one fresh lapjv peer process."""
    p = subprocess.run(
        [sys.executable, str(PEER), "--instance", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    rep = json.loads(p.stdout.strip().splitlines()[-1])
    if rep.get("status") != "ok":
        raise SystemExit(f"{folder.name}: lapjv failed: {rep.get('error')}")
    secs = float(rep["build_seconds"]) + float(rep["solve_seconds"])
    return secs, int(rep["assigned"]), int(rep["total_score"])


def fmt(v: float) -> str:
    return f"{v:.3f}" if v < 10 else f"{v:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="rounds per instance")
    ap.add_argument("--runs-slow", type=int, default=3, help="rounds for low-rank n = 5,000")
    ap.add_argument("--only", nargs="*", help="only these instance names")
    ap.add_argument("--tandem", help="time the tandem CLI at this path instead")
    ap.add_argument("--assign-bench", help="the assign bench binary (default: cargo builds it)")
    ap.add_argument("--out", type=Path, help="also write the markdown table here")
    a = ap.parse_args()

    bench = None
    if not a.tandem:
        bench = a.assign_bench or build_assign_bench()
        log(f"Tandem: {bench}")
    rows = []
    failed = False
    for name, params in gen.catalogue(False, dense_unseen=True).items():
        if a.only and name not in a.only:
            continue
        folder = gen.ensure(name, params)
        slow = params["dist"] == "lowrank" and params["n"] >= 5000
        runs = a.runs_slow if slow else a.runs
        t_s, l_s, ratios = [], [], []
        for r in range(runs):
            # Alternate which side goes first so that neither always meets a warm page cache.
            order = ("tandem", "lapjv") if r % 2 == 0 else ("lapjv", "tandem")
            res = {}
            for side in order:
                res[side] = (
                    run_tandem(folder, a.tandem, bench) if side == "tandem" else run_lapjv(folder)
                )
            (ts, ta, tt), (ls, la, lt) = res["tandem"], res["lapjv"]
            if (ta, tt) != (la, lt):
                log(f"MISMATCH {name}: tandem ({ta}, {tt}) vs lapjv ({la}, {lt})")
                failed = True
            t_s.append(ts)
            l_s.append(ls)
            ratios.append(ts / ls)
            log(f"{name} round {r + 1}/{runs}: tandem {ts:.4f} s, lapjv {ls:.4f} s")
        tm, lm = statistics.median(t_s), statistics.median(l_s)
        rows.append(
            dict(
                name=name,
                n=params["n"],
                dist=params["dist"],
                seed=params["seed"],
                runs=runs,
                tandem=tm,
                tandem_span=(min(t_s), max(t_s)),
                lapjv=lm,
                lapjv_span=(min(l_s), max(l_s)),
                ratio=tm / lm,
                ratio_span=(min(ratios), max(ratios)),
                load1=os.getloadavg()[0],
            )
        )
    lines = [
        "| n | scores | seed | runs | Tandem solve s: median (min–max) "
        "| lapjv build+solve s: median (min–max) | ratio of medians | per-round ratios "
        "| load (1 min) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']} | {r['dist']} | {r['seed']} | {r['runs']} "
            f"| {fmt(r['tandem'])} ({fmt(r['tandem_span'][0])}–{fmt(r['tandem_span'][1])}) "
            f"| {fmt(r['lapjv'])} ({fmt(r['lapjv_span'][0])}–{fmt(r['lapjv_span'][1])}) "
            f"| **{r['ratio']:.2f}** | {r['ratio_span'][0]:.2f}–{r['ratio_span'][1]:.2f} "
            f"| {r['load1']:.1f} |"
        )
    table = "\n".join(lines)
    print(table)
    if a.out:
        a.out.write_text(table + "\n" + json.dumps(rows, indent=1) + "\n")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
