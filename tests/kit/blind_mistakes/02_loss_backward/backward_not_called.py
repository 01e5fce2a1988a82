"""MISTAKE: The learner writes loss.backward without parentheses, believing the attribute access runs backpropagation.
FUNCTION: backward_pass
"""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return (prediction - labels).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward
    return loss
