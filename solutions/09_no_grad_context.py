"""Exercise 09 - torch.no_grad() as a context manager.

Sometimes you want results without a graph: evaluating a model, updating
weights by hand, logging. Inside `with torch.no_grad():` autograd records
nothing, so every result has requires_grad=False, even when the inputs
require grad. Leaving the block turns tracking back on; the inputs themselves
are not changed.

    x = torch.tensor([1.], requires_grad=True)
    with torch.no_grad():
        y = x * 2
    y.requires_grad   # False

Run `python grader.py 09` to check your work.
"""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block."""
    # TODO: a with-block around the multiplication.
    # BEGIN SOLUTION
    with torch.no_grad():
        y = x * 2
    return y
    # END SOLUTION


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph."""
    # TODO: the forward pass inside torch.no_grad().
    # BEGIN SOLUTION
    with torch.no_grad():
        return model(data)
    # END SOLUTION
