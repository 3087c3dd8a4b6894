"""Peer: scipy.optimize.linear_sum_assignment (Crouse's shortest augmenting path) on scores.txt."""

from common import dense_main
from scipy.optimize import linear_sum_assignment


def solve(cost):
    return linear_sum_assignment(cost)


if __name__ == "__main__":
    dense_main("scipy.linear_sum_assignment", solve)
