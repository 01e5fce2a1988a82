"""Correct, written differently from solutions/: a learner's own style."""
import torch


def tutorial_gradients(a, b):
    Q = 3 * a**3 - b**2
    torch.autograd.backward(Q, grad_tensors=torch.ones(Q.shape))
    return a.grad, b.grad


def vector_jacobian_product(f, a, b, v):
    f(a, b).backward(v)
    return a.grad, b.grad
