"""MISTAKE: The learner believes retain_graph=True is needed on the backward() that goes through the graph again, and puts it on the second call instead of the first.
FUNCTION: gradient_after_two_backwards
"""

import torch


def gradient_after_two_backwards(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    q = (3 * a**3 - b**2).sum()
    q.backward()
    q.backward(retain_graph=True)
    return a.grad, b.grad


def two_losses_one_graph(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    h = torch.tanh(x @ w)
    loss_a = (h ** 2).sum()
    loss_b = h.sum()
    loss_a.backward(retain_graph=True)
    loss_b.backward()
    return w.grad
