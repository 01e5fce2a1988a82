# function: count_trainable
# belief: The learner uses numpy's p.size attribute for the element count, but on a tensor .size is a method.
# fix: Count elements with p.numel().
# source: blind mistakes of issue 26 (written from the exercise text)

import torch


def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return x + y, x + z


def predict_requires_grad(flags: list[bool]) -> bool:
    return any(flags)


def count_trainable(model: torch.nn.Module) -> int:
    return sum(p.size for p in model.parameters() if p.requires_grad)
