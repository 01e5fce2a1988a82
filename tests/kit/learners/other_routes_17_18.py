"""17 and 18: right numbers, not the way the exercise asks (w.data; ctx attributes)."""
import torch


def manual_sgd_step(w, grad, lr):
    w.data -= lr * grad
    return w


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = x
        return x**3

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * 3 * ctx.x**2


def cube(x):
    return Cube.apply(x)
