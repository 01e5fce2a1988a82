"""Correct, written differently from solutions/: a learner's own style."""
import torch
from torch.autograd import grad


def q_gradients(a, b):
    q = torch.sum(3 * a**3 - b**2)
    return tuple(grad(q, [a, b]))


def gradients_with_unused(a, b, c):
    q = (3 * a**3 - b**2).sum()
    da, db, dc = grad(q, [a, b, c], allow_unused=True, materialize_grads=True)
    return da, db, dc
