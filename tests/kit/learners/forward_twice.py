"""12: a second forward pass instead of a retained graph, and h computed once per loss."""
import torch


def gradient_after_two_backwards(a, b):
    (3 * a**3 - b**2).sum().backward()
    (3 * a**3 - b**2).sum().backward()
    return a.grad, b.grad


def two_losses_one_graph(x, w):
    (torch.tanh(x @ w) ** 2).sum().backward()
    torch.tanh(x @ w).sum().backward()
    return w.grad
