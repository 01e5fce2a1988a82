"""Exercise 05 returning Q instead of its gradient, and ignoring v."""
import torch


def tutorial_gradients(a, b):
    Q = 3 * a**3 - b**2
    Q.backward(gradient=torch.ones_like(Q))
    return Q.detach(), b.grad


def vector_jacobian_product(f, a, b, v):
    y = f(a, b)
    y.backward(gradient=torch.ones_like(y))
    return a.grad, b.grad
