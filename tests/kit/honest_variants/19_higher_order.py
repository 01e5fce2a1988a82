"""Correct, written differently from solutions/: a learner's own style."""
import torch


def second_derivatives(a, b):
    q = (3 * a**3 - b**2).sum()
    first = torch.autograd.grad(q, [a, b], create_graph=True)
    second = [torch.autograd.grad(g.sum(), x)[0] for g, x in zip(first, (a, b))]
    return second[0], second[1]


def gradient_penalty(w, x):
    out = torch.tanh(torch.matmul(x, w)).sum()
    g = torch.autograd.grad(out, x, create_graph=True)[0]
    penalty = g.pow(2).sum()
    penalty.backward()
    return w.grad
