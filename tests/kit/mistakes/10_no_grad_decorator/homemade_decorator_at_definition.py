# function: doubler
# belief: A decorator of one's own that wraps the function in `with torch.no_grad():` switches recording off at each call.
# fix: Enter no_grad inside the wrapper, at each call, or use @torch.no_grad().
# source: issue 26 (misleading: 'doubler is not decorated')
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


def no_tracking(function):
    """Run FUNCTION without tracking."""
    with torch.no_grad():
        def wrapper(x):
            return function(x)
    return wrapper


@no_tracking
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    return x * 2
