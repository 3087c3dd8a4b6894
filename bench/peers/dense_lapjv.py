"""Peer: lap.lapjv (Jonker-Volgenant 1987 with its initialisation phase) on scores.txt."""

import numpy as np
from common import dense_main
from lap import lapjv


def solve(cost):
    n, m = cost.shape
    _, x, _ = lapjv(cost, extend_cost=n != m)
    return np.arange(n), x


if __name__ == "__main__":
    dense_main("lap.lapjv", solve)
