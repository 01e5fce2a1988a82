# function: doubler
# belief: Returning from a function drops the graph, so the decorator is optional.
# fix: Put @torch.no_grad() on the line above def doubler.
# source: forum confusion (what builds a graph)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    return x * 2
