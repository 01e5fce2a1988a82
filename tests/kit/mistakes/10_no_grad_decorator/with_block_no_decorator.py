# function: doubler
# belief: A with torch.no_grad(): block in the body is the same as the decorator.
# fix: Put @torch.no_grad() above def and keep the body one plain line.
# source: forum confusion (right value, not the asked API)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    with torch.no_grad():
        return x * 2
