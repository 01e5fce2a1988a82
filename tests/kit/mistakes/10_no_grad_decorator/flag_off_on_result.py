# function: doubler
# belief: Switching requires_grad off on the result makes it untracked.
# fix: Decorate doubler with @torch.no_grad(); a result's flag cannot be switched.
# source: issue 26 (the leaf-only error, where setting the inputs would change the caller's tensor)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    y = x * 2
    y.requires_grad_(False)
    return y
