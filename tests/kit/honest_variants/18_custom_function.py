"""Correct, written differently from solutions/: a learner's own style."""
import torch
from torch.autograd import Function


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x * x

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return 3 * x.pow(2) * grad_output


def cube(x):
    return Cube.apply(x)
