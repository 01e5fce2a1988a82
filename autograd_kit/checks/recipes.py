"""Seeded inputs that the judge and the learner's child build identically.

A recipe is a small frozen dataclass: it pickles as a few numbers, and
`build()` gives the same model or batch in any process for the same seed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class ResNet18:
    seed: int

    def build(self) -> nn.Module:
        # A copy of one kept per seed: a grade builds the same seed's model many times.
        return copy.deepcopy(_resnet18(self.seed))

    def prepare(self) -> None:
        """Initialise the pristine model now (0.2 s), so a later build() is only a copy."""
        _resnet18(self.seed)



_models: dict[int, nn.Module] = {}  # a few seeds' pristine models, oldest first
KEPT_MODELS = 2


def _resnet18(seed: int) -> nn.Module:
    """The pristine model for SEED, initialised once in this process."""
    if seed not in _models:
        import torchvision

        # Under a forked RNG: whether the model was cached or built, the caller's random stream is the same.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            model = torchvision.models.resnet18(weights=None)
        while len(_models) >= KEPT_MODELS:
            _models.pop(next(iter(_models)))
        _models[seed] = model
    return _models[seed]


@dataclass(frozen=True)
class Batch:
    """A random image batch and random targets, as in the tutorial."""

    seed: int
    classes: int = 1000
    size: int = 64

    def build(self) -> tuple[torch.Tensor, torch.Tensor]:
        g = torch.Generator().manual_seed(self.seed)
        data = torch.rand(1, 3, self.size, self.size, generator=g)
        labels = torch.rand(1, self.classes, generator=g)
        return data, labels


@dataclass(frozen=True)
class SmallMLP:
    """A tiny model for checks that need a network but not a big one."""

    seed: int
    frozen: tuple[str, ...] = ()

    def build(self) -> nn.Module:
        torch.manual_seed(self.seed)
        model = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 4))
        for name, parameter in model.named_parameters():
            parameter.requires_grad_(name not in self.frozen)
        return model


# Vector -> vector expressions the learner receives as arguments. They are
# module-level functions, so they pickle by name and run the same in the child.

def tutorial_q(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return 3 * a**3 - b**2


def tanh_mix(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.tanh(a * b + a.sum()) * b


def softmax_scaled(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.softmax(a, dim=0) * b.exp()


def cumulative(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.cumsum(a * a, dim=0) - b.sin()


EXPRESSIONS = (tutorial_q, tanh_mix, softmax_scaled, cumulative)
