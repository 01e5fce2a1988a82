"""Exercise 17 with the in-place error left in, and an out-of-place weight update."""
import torch


def doubled_sigmoid_gradient(x):
    y = torch.sigmoid(x)
    y.mul_(2)
    y.sum().backward()
    return x.grad


def manual_sgd_step(w, grad, lr):
    w = w - lr * grad
    return w
