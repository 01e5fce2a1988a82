"""Exercise 01 - the forward pass.

A neural network is a nest of functions. Each layer (a convolution, a batch
norm, a linear layer) is a function with parameters: weights and biases.
Running data through all of them, from the input to the output, is the
*forward pass*: the network's best guess for the answer.

We use resnet18, an image classifier with 1000 output classes (the classes of
ImageNet). The kit runs offline, so build it with `weights=None`: its weights
are random, which is all we need to study autograd. (The tutorial asks for
`pretrained=True`; that downloads weights, and the kit never downloads.)

Run `python grader.py 01` to check your work.
"""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    """Return a resnet18 with random weights (weights=None)."""
    # TODO: build torchvision's resnet18 without pretrained weights.
    # BEGIN SOLUTION
    return torchvision.models.resnet18(weights=None)
    # END SOLUTION


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Return (data, labels): one random 64x64 RGB image and random targets.

    data has shape (1, 3, 64, 64): batch, channels, height, width.
    labels has shape (1, 1000): one target value per class.
    Both hold random numbers in [0, 1), as torch.rand gives.
    """
    # TODO: create both tensors with torch.rand.
    # BEGIN SOLUTION
    data = torch.rand(1, 3, 64, 64)
    labels = torch.rand(1, 1000)
    return data, labels
    # END SOLUTION


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Run the forward pass and return the prediction, of shape (1, 1000)."""
    # TODO: call the model on the data.
    # BEGIN SOLUTION
    return model(data)
    # END SOLUTION
