"""Two classic slips: 3a^2 (the factor 3 forgotten) and 2b (the sign dropped)."""
import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    return 3 * a**2


def dq_db(a, b):
    return 2 * b


def dq_da_general(a, b, c, n, d, m):
    raise NotImplementedError("04_gradients_by_hand: dq_da_general() is not written yet")
