import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b)
    return 9 * a**2
