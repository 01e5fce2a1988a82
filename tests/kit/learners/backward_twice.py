"""Exercise 05 that runs backward twice, as a re-run notebook cell would: .grad doubles."""
import torch


def tutorial_gradients(a, b):
    Q = 3 * a**3 - b**2
    Q.backward(gradient=torch.ones_like(Q), retain_graph=True)
    Q.backward(gradient=torch.ones_like(Q))
    return a.grad, b.grad


def vector_jacobian_product(f, a, b, v):
    y = f(a, b)
    y.backward(gradient=v)
    return a.grad, b.grad
