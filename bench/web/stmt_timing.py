"""The timing every `*_statements.py` script shares: statements run on a SQLite copy of a bench
database, warm, then timed as a group; medians of CPU (this process, where SQLite runs) and
wall time, since the machine is shared and single runs are noisy."""
import time


def median_ms(db, sqls, params, n):
    """Runs `sqls` once (returning their rows, so before/after can be compared), then `n` times,
    and returns (rows, median CPU ms, median wall ms)."""
    rows = [db.execute(s, params).fetchall() for s in sqls]
    cpu, wall = [], []
    for _ in range(n):
        t0, w0 = time.process_time(), time.perf_counter()
        for s in sqls:
            db.execute(s, params).fetchall()
        cpu.append((time.process_time() - t0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    cpu.sort()
    wall.sort()
    return rows, cpu[n // 2], wall[n // 2]
