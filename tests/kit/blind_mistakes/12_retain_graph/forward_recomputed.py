"""MISTAKE: The learner avoids the error by rebuilding q before the second backward(), believing retain_graph is only a workaround, so two graphs are built instead of one.
FUNCTION: gradient_after_two_backwards
"""

import torch


def gradient_after_two_backwards(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    q = (3 * a**3 - b**2).sum()
    q.backward()
    q = (3 * a**3 - b**2).sum()
    q.backward()
    return a.grad, b.grad


def two_losses_one_graph(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    h = torch.tanh(x @ w)
    loss_a = (h ** 2).sum()
    loss_b = h.sum()
    loss_a.backward(retain_graph=True)
    loss_b.backward()
    return w.grad
