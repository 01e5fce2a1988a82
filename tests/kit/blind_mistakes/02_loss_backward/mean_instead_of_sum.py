"""MISTAKE: The learner believes a loss is always an average and uses .mean() instead of the tutorial's .sum().
FUNCTION: compute_loss
"""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return (prediction - labels).mean()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    return loss
