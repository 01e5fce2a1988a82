"""Correct, written differently from solutions/: a learner's own style."""
import torch


def q_function(a, b):
    return 3 * a * a * a - b * b


def _power_rule(x, n, factor):
    return factor * n * x ** (n - 1)


def dq_da(a, b):
    return _power_rule(a, 3, 3.0)


def dq_db(a, b):
    return torch.mul(b, -2)


def dq_da_general(a, b, c, n, d, m):
    # the b-term is a constant for dQ/da; the helper above is the rule itself
    return _power_rule(a, n, c)
