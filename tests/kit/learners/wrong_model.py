"""Exercise 01 with a bigger network and normally distributed data."""
import torch
import torchvision


def build_model():
    return torchvision.models.resnet34(weights=None)


def make_batch():
    return torch.randn(1, 3, 64, 64), torch.randn(1, 1000)


def forward(model, data):
    return model(data)
