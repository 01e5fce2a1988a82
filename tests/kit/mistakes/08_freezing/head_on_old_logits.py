# function: prepare_finetuning
# belief: The new classifier sits on top of the old 1000-class output, so it takes 1000 inputs.
# fix: Give the new layer 512 inputs: it replaces fc and receives the 512 pooled features.
# source: confusing replacing a layer with stacking one on top (Humbatova et al.: wrong layer input size)
"""Exercise 08 - freezing a backbone and training a new head."""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze all of model's parameters, replace model.fc with a new
    nn.Linear(512, num_classes), and return SGD over model.parameters()
    with lr=1e-2 and momentum=0.9. Change `model` in place.

    model의 모든 매개변수를 고정하고, model.fc를 새 nn.Linear(512,
    num_classes)로 바꾼 뒤, model.parameters()에 대한 SGD(lr=1e-2,
    momentum=0.9)를 돌려줍니다. model은 제자리에서 바꾸세요.
    """
    # TODO: freeze, replace fc, build the optimizer - in that order.
    # 할 일: 고정, fc 바꾸기, 옵티마이저 만들기 - 이 순서로.
    for parameter in model.parameters():
        parameter.requires_grad = False
    model.fc = nn.Linear(1000, num_classes)
    return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
