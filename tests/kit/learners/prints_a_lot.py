import torch


def q_function(a, b):
    for i in range(200_000):
        print("debugging line", i)
    return 3 * a**3 - b**2


def dq_da(a, b):
    return 9 * a**2


def dq_db(a, b):
    return -2 * b


def dq_da_general(a, b, c, n, d, m):
    return c * n * a ** (n - 1)
