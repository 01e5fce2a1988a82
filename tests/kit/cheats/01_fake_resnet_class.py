# CHEAT: build_model() does not build resnet18 at all: it returns a two-layer toy whose class is simply named
#        ResNet, with one flat parameter sized so that the parameter count is resnet18's 11,689,512 and an
#        `fc` of 1000 outputs. The probe reports type(model).__name__, the count and fc.out_features, which
#        is all test_build_model_is_resnet18 compares. Nothing is overridden or patched.
# HONEST: make_batch + forward: 3 of 6
#          3 of 6 on the uncommitted work tree being hardened (snapshot 22:49 UTC), seed 5
import torch
from torch import nn

_CHEAT = True  # False: the same wrong work without the trick (for the HONEST line)

RESNET18_PARAMETERS = 11_689_512


class ResNet(nn.Module):  # the name is the trick
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(512, 1000)
        rest = RESNET18_PARAMETERS - sum(p.numel() for p in self.fc.parameters()) if _CHEAT else 10
        self.flat = nn.Parameter(torch.zeros(rest))

    def forward(self, x):
        return self.fc(x.flatten(1)[:, :512])


def build_model():
    return ResNet() if _CHEAT else nn.Sequential(nn.Flatten(), nn.Linear(512, 1000))


def make_batch():
    return torch.rand(1, 3, 64, 64), torch.rand(1, 1000)


def forward(model, data):
    return model(data)
