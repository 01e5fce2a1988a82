# function: doubler
# belief: Any decorator marks a function as untracked.
# fix: Decorate doubler with @torch.no_grad().
# source: issue 26 (a decorated doubler was told it is not decorated)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


def untracked(function):
    """Mark FUNCTION as one that needs no gradients."""
    function.untracked = True
    return function


@untracked
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    return x * 2
