# CHEAT: the real, unfrozen backbone is kept in a plain Python list inside a wrapper module, where no
#        registry of the model's modules finds it, and frozen copies are registered in its place for
#        anything that walks the model's modules, dicts or methods. The forward runs the hidden, trainable
#        blocks; the optimizer trains them with SGD.
# HONEST: unfrozen + SGD over everything: test_head_replaced only, 1 of 7
import copy

import torch
from torch import nn

_CHEAT = True  # False: the same wrong work without the trick (for the HONEST line)


class _Hidden(nn.Module):
    def __init__(self, block):
        super().__init__()
        self.decoy = copy.deepcopy(block).requires_grad_(False)  # registered, frozen, never used
        self.real = [block]  # not registered

    def forward(self, x):
        return self.real[0](x)


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    real = list(model.parameters())  # NOT frozen
    if _CHEAT:
        for name in ("layer1", "layer2", "layer3", "layer4"):
            model.add_module(name, _Hidden(model.get_submodule(name)))
    model.fc = nn.Linear(512, num_classes)
    return torch.optim.SGD(real[:-2] + list(model.fc.parameters()), lr=1e-2, momentum=0.9)
