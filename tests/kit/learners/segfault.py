import ctypes

import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    return ctypes.string_at(0)  # reads address 0: a segmentation fault


def dq_db(a, b):
    return -2 * b
