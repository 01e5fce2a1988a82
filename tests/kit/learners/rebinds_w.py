"""17: w = w - lr * grad makes a new leaf; the caller's w never moves."""
import torch


def doubled_sigmoid_gradient(x):
    y = torch.sigmoid(x)
    y = y * 2
    y.sum().backward()
    return x.grad


def manual_sgd_step(w, grad, lr):
    w = (w - lr * grad).detach().requires_grad_()
    return w
