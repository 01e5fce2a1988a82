"""MISTAKE: The learner believes inference_mode is just a faster no_grad and uses it where no_grad was asked for, returning an inference tensor.
FUNCTION: predict_no_grad
"""

import torch


def predict_no_grad(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    with torch.inference_mode():
        return model(x)


def predict_inference(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    with torch.inference_mode():
        return model(x)


def train_head_on_features(model: torch.nn.Module, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    with torch.inference_mode():
        features = model(x)
    features = features.clone()
    ((features @ w) ** 2).sum().backward()
    return w.grad


def shifted_features(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    with torch.inference_mode():
        features = model(x)
    features = features.clone()
    features += 1
    return features
