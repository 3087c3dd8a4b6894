#!/usr/bin/env python3
"""Time scipy on the paired comparison beside tandem-stats, in the same run.

The peer is what an analyst would run for the same figures: `scipy.stats.ttest_rel` with its
confidence interval, and `scipy.stats.wilcoxon` (tandem-stats' `paired` computes both plus the
effect sizes). Both sides use the same integer data (before 10..40, after = before − 2..+4), built
by the same formula as crates/stats/benches/paired.rs. Medians of 7 runs.

Usage (from the repository root, with bench/.venv from bench/stats/regenerate.sh):
    bench/.venv/bin/python bench/stats/bench.py
"""

import json
import subprocess
import time
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]


def data(n):
    i = np.arange(n, dtype=np.int64)
    before = (10 + (i * 7919) % 31).astype(float)
    after = before + ((i * 104_729) % 7) - 2.0
    return before, after


def median_seconds(runs, reps, f):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(reps):
            f()
        times.append((time.perf_counter() - start) / reps)
    times.sort()
    return times[runs // 2]


def scipy_paired(before, after):
    t = stats.ttest_rel(after, before)
    t.confidence_interval(0.95)
    stats.wilcoxon(after, before)


def main():
    peer = {}
    for n, reps in [(100, 200), (10_000, 20), (100_000, 3)]:
        b, a = data(n)
        peer[f"paired n={n}"] = median_seconds(7, reps, lambda b=b, a=a: scipy_paired(b, a))
    out = subprocess.run(
        ["cargo", "bench", "-q", "-p", "tandem-stats", "--bench", "paired", "--", "--json"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    ours = json.loads(out.strip().splitlines()[-1])
    print(f"{'case':<24} {'tandem µs':>12} {'scipy µs':>12} {'scipy/tandem':>13}")
    for case, s in ours.items():
        p = peer.get(case)
        peer_txt = f"{p * 1e6:12.1f} {p / s:13.1f}" if p else f"{'—':>12} {'—':>13}"
        print(f"{case:<24} {s * 1e6:12.1f} {peer_txt}")


if __name__ == "__main__":
    main()
