# function: doubler
# belief: Under the decorator, the input's requires_grad also has to be switched off.
# fix: Leave x alone: the decorator already keeps the multiplication out of the graph.
# source: forum confusion
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


@torch.no_grad()
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    x.requires_grad_(False)
    return x * 2
