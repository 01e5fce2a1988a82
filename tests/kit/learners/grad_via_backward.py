"""Exercise 14 through backward() and .grad, and with allow_unused but no zeros."""
import torch


def q_gradients(a, b):
    (3 * a**3 - b**2).sum().backward()
    return a.grad, b.grad


def gradients_with_unused(a, b, c):
    q = (3 * a**3 - b**2).sum()
    return torch.autograd.grad(q, (a, b, c), allow_unused=True)
