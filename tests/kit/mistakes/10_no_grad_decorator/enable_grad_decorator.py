# function: doubler
# belief: torch.enable_grad() is the decorator that controls gradients, so it is the one to use.
# fix: Use @torch.no_grad(); enable_grad turns tracking on.
# source: forum confusion (enable_grad vs no_grad)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


@torch.enable_grad()
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    return x * 2
