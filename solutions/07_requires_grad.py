"""Exercise 07 - how requires_grad propagates.

`requires_grad=True` tells autograd to track every operation on a tensor.
The rule is simple: the output of an operation requires grad if *at least
one* of its inputs does. Tensors made by torch.rand do not require grad, so

    a = x + y   # x, y plain          -> a.requires_grad is False
    b = x + z   # z requires grad     -> b.requires_grad is True

Parameters that do not require grad are *frozen*: autograd does no work for
them, which is how fine-tuning saves time (exercise 08).

Run `python grader.py 07` to check your work.
"""

import torch


def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (x + y, x + z), as in the tutorial."""
    # TODO: two additions.
    # BEGIN SOLUTION
    return x + y, x + z
    # END SOLUTION


def predict_requires_grad(flags: list[bool]) -> bool:
    """Predict, without running torch, whether the sum of tensors whose
    requires_grad flags are `flags` requires grad."""
    # TODO: apply the rule above to a list of flags.
    # BEGIN SOLUTION
    return any(flags)
    # END SOLUTION


def count_trainable(model: torch.nn.Module) -> int:
    """Return how many numbers (elements) in model's parameters require grad."""
    # TODO: sum numel() over the parameters that require grad.
    # BEGIN SOLUTION
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
    # END SOLUTION
