"""Exercise 12 - retain_graph: going backward through one graph twice.

To save memory, backward() frees the graph's saved tensors as it goes. A
second backward() through the same graph then fails:

    q = (3 * a**3 - b**2).sum()
    q.backward()
    q.backward()   # RuntimeError: Trying to backward through the graph a second time

`q.backward(retain_graph=True)` keeps the graph, so a later backward() can use
it again. Since gradients accumulate (exercise 06), two passes leave twice the
gradient in `.grad`. The everyday use is two losses that share part of a graph:

    h = torch.tanh(x @ w)          # shared
    loss_a = (h ** 2).sum()
    loss_b = h.sum()
    loss_a.backward(retain_graph=True)   # keep h's graph for the next call
    loss_b.backward()                    # w.grad = d(loss_a)/dw + d(loss_b)/dw

Run `python grader.py 12` to check your work.
"""

import torch


def gradient_after_two_backwards(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Build q = (3a^3 - b^2).sum() once, call backward() on it twice, return (a.grad, b.grad).

    a and b require grad and start with no .grad. The code in the docstring
    above raises on the second backward(): fix it so both passes run.
    """
    # TODO: one forward pass, two backward passes through the same graph.
    # BEGIN SOLUTION
    q = (3 * a**3 - b**2).sum()
    q.backward(retain_graph=True)
    q.backward()
    return a.grad, b.grad
    # END SOLUTION


def two_losses_one_graph(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """h = tanh(x @ w); loss_a = (h ** 2).sum(); loss_b = h.sum(). Backward both, return w.grad.

    Compute h once and call backward() on each loss separately (w requires
    grad and starts with no .grad), so w.grad holds the sum of both gradients.
    """
    # TODO: one forward pass for h, then backward() on each loss.
    # BEGIN SOLUTION
    h = torch.tanh(x @ w)
    loss_a = (h**2).sum()
    loss_b = h.sum()
    loss_a.backward(retain_graph=True)
    loss_b.backward()
    return w.grad
    # END SOLUTION
