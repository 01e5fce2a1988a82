"""MISTAKE: The learner believes an output requires grad only if every input does, using all() instead of any().
FUNCTION: predict_requires_grad
"""

import torch


def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return x + y, x + z


def predict_requires_grad(flags: list[bool]) -> bool:
    return all(flags)


def count_trainable(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
