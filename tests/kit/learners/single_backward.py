"""Exercise 12 with one backward pass only, and only the second loss."""
import torch


def gradient_after_two_backwards(a, b):
    q = (3 * a**3 - b**2).sum()
    q.backward()
    return a.grad, b.grad


def two_losses_one_graph(x, w):
    h = torch.tanh(x @ w)
    h.sum().backward()
    return w.grad
