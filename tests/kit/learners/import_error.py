import torch

TABLE = {"a": 1}
FACTOR = TABLE["b"]  # KeyError while the file is imported


def q_function(a, b):
    return 3 * a**3 - b**2
