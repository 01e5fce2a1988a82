"""Exercise 10 - @torch.no_grad() as a decorator.

torch.no_grad() also works as a decorator: every call of the decorated
function runs as if its whole body were inside `with torch.no_grad():`.
It is the tidy way to mark functions that must never build a graph, such as
an evaluation loop.

    @torch.no_grad()
    def doubler(x):
        return x * 2

The function body stays ordinary code; the decorator does the work.

Run `python grader.py 10` to check your work.
"""

import torch


# TODO: decorate doubler so that nothing inside it is tracked.
# BEGIN SOLUTION
@torch.no_grad()
# END SOLUTION
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator."""
    # TODO: the body is one plain line.
    # BEGIN SOLUTION
    return x * 2
    # END SOLUTION
