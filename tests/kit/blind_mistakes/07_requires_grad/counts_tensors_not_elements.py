"""MISTAKE: The learner counts the trainable parameter tensors instead of the numbers inside them.
FUNCTION: count_trainable
"""

import torch


def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return x + y, x + z


def predict_requires_grad(flags: list[bool]) -> bool:
    return any(flags)


def count_trainable(model: torch.nn.Module) -> int:
    return len([p for p in model.parameters() if p.requires_grad])
