# function: train_head_on_features
# belief: The learner believes detach() turns the inference tensor into an ordinary one, but a detached inference tensor is still an inference tensor.
# fix: clone() the inference tensor outside inference_mode.
# source: blind mistakes of issue 26 (written from the exercise text)

import torch


def predict_no_grad(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return model(x)


def predict_inference(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    with torch.inference_mode():
        return model(x)


def train_head_on_features(model: torch.nn.Module, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    with torch.inference_mode():
        features = model(x)
    features = features.detach()
    ((features @ w) ** 2).sum().backward()
    return w.grad


def shifted_features(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    with torch.inference_mode():
        features = model(x)
    features = features.clone()
    features += 1
    return features
