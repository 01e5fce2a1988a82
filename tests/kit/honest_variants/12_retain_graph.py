"""Correct, written differently from solutions/: a learner's own style."""
import torch


def gradient_after_two_backwards(a, b):
    q = torch.sum(3 * a**3 - b**2)
    for i in range(2):
        q.backward(retain_graph=(i == 0))
    return a.grad, b.grad


def two_losses_one_graph(x, w):
    h = (x @ w).tanh()
    losses = [h.pow(2).sum(), h.sum()]
    losses[0].backward(retain_graph=True)
    losses[1].backward()
    return w.grad
