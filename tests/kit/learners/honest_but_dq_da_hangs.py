"""q_function and dq_db are right; dq_da never returns."""
import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    while True:
        pass


def dq_db(a, b):
    return -2 * b
