# CHEAT: no torch.autograd.Function anywhere. The file defines its own class named `Function` whose
#        apply() just returns the built-in x ** 3, and `class Cube(Function)` with decorative static
#        forward/backward (forward even calls ctx.save_for_backward). cube() returns Cube.apply(x). A source
#        check that looks for "a base class whose last name is Function", static forward/backward,
#        save_for_backward and `return Cube.apply(...)` is satisfied; the values and Jacobians are torch's own.
#        (On the current grader the grad_fn is PowBackward0, so only the gradcheck points come.)
# HONEST: 4 of 5 since each function is measured alone (issue 26): Cube.forward/backward are right (a plain class
#         with them earns the same); cube applies no torch.autograd.Function: 0. Before: 0 of 5
#          5 of 5 on the uncommitted work tree being hardened (snapshots 22:49 and 23:40 UTC), seed 5
import torch

_CHEAT = True  # False: the same wrong work without the trick (for the HONEST line)


class Function:  # not torch.autograd.Function
    @classmethod
    def apply(cls, x):
        return x**3


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2


def cube(x: torch.Tensor) -> torch.Tensor:
    return Cube.apply(x)
