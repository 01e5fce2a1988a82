# function: doubler
# belief: Under no_grad an in-place x.mul_(2) is allowed and returns a fresh untracked result.
# fix: Return x * 2, a new tensor; mul_ changes the caller's x and returns x itself.
# source: forum confusion (in-place operations)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


@torch.no_grad()
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    return x.mul_(2)
