# function: doubler
# belief: @torch.inference_mode() is the same decorator as @torch.no_grad().
# fix: Use @torch.no_grad(); inference_mode returns inference tensors that autograd refuses later.
# source: forum confusion (inference_mode vs no_grad)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


@torch.inference_mode()
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    return x * 2
