# function: doubler
# belief: A decorator goes inside the function, just above the line it should affect.
# fix: Put @torch.no_grad() on the line above def doubler.
# source: python slip (SyntaxError)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    @torch.no_grad()
    return x * 2
