"""Correct, written differently from solutions/: a learner's own style."""
import torch


def doubled_sigmoid_gradient(x):
    y = torch.sigmoid(x)
    doubled = 2 * y
    doubled.sum().backward()
    return x.grad


def manual_sgd_step(w, grad, lr):
    with torch.no_grad():
        w.sub_(grad, alpha=lr)
    return w
