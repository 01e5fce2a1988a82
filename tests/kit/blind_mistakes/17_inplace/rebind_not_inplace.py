"""MISTAKE: The learner avoids the in-place error with w = w - lr * grad, believing it updates w, but it builds a new non-leaf tensor and leaves the original w unchanged.
FUNCTION: manual_sgd_step
"""

import torch


def doubled_sigmoid_gradient(x: torch.Tensor) -> torch.Tensor:
    y = torch.sigmoid(x)
    y = y * 2
    y.sum().backward()
    return x.grad


def manual_sgd_step(w: torch.Tensor, grad: torch.Tensor, lr: float) -> torch.Tensor:
    w = w - lr * grad
    return w
