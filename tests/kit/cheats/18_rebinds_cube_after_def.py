"""CHEAT (18, issue 23): a Function with a wrong backward, and `cube` rebound after the graded def to torch's
own x ** 3: the Jacobians are torch's, the source check read the def.
HONEST: the wrong backward without the rebinding: test_forward only, 2 of 5. This scored 0 of 5: binding cube
twice fails the requirement "cube returns Cube.apply(x)". Since each function is measured alone (issue 26) the
forward check no longer ends with it: expected 2 of 5, its honest points."""
import torch


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 2 * x  # wrong


def cube(x: torch.Tensor) -> torch.Tensor:
    return Cube.apply(x)


cube = lambda x: x**3  # noqa: E731,F811
