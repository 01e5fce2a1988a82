"""MISTAKE: The learner believes each backward() overwrites w.grad, saves loss_a's gradient and adds it to w.grad after loss_b, counting loss_a twice.
FUNCTION: two_losses_one_graph
"""

import torch


def gradient_after_two_backwards(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    q = (3 * a**3 - b**2).sum()
    q.backward(retain_graph=True)
    q.backward()
    return a.grad, b.grad


def two_losses_one_graph(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    h = torch.tanh(x @ w)
    loss_a = (h ** 2).sum()
    loss_b = h.sum()
    loss_a.backward(retain_graph=True)
    grad_a = w.grad.clone()
    loss_b.backward()
    return grad_a + w.grad
