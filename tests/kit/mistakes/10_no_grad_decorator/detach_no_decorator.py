# function: doubler
# belief: Detaching the result does what the decorator would do.
# fix: Decorate with @torch.no_grad() and return x * 2.
# source: forum confusion (detach vs no_grad)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    return x.detach() * 2
