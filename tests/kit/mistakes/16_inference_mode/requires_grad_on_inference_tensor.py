# function: train_head_on_features
# belief: The error means the features need requires_grad, so features.requires_grad_() fixes it.
# fix: Make an ordinary tensor with features = features.clone() outside inference mode; an inference tensor can never require grad.
# source: forum confusion (inference tensors and autograd)
"""Exercise 16 - torch.inference_mode() and torch.no_grad() compared."""

import torch


def predict_no_grad(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Return model(x), computed under torch.no_grad().

    torch.no_grad()에서 계산한 model(x)를 돌려줍니다.
    """
    with torch.no_grad():
        return model(x)


def predict_inference(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Return model(x), computed under torch.inference_mode().

    torch.inference_mode()에서 계산한 model(x)를 돌려줍니다.
    """
    with torch.inference_mode():
        return model(x)


def train_head_on_features(model: torch.nn.Module, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Features come from model(x) under inference_mode; then loss = ((features @ w) ** 2).sum(). Return w.grad.

    w requires grad. The obvious code raises "Inference tensors cannot be saved for backward":
        with torch.inference_mode():
            features = model(x)
        ((features @ w) ** 2).sum().backward()
    Fix it, keeping inference_mode for the features.

    특징은 inference_mode에서 model(x)로 얻고, loss = ((features @ w)
    ** 2).sum(). w.grad를 돌려줍니다.
    """
    with torch.inference_mode():
        features = model(x)
    features.requires_grad_()
    ((features @ w) ** 2).sum().backward()
    return w.grad


def shifted_features(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Features from model(x) under inference_mode, then add 1 to them in place, outside the block. Return them.

    The obvious code raises "Inplace update to inference tensor outside InferenceMode is not allowed":
        with torch.inference_mode():
            features = model(x)
        features += 1
    Fix it.

    inference_mode에서 model(x)로 특징을 얻고, 블록 밖에서 제자리로 1을 더해
    돌려줍니다.
    """
    with torch.inference_mode():
        features = model(x)
    features = features.clone()
    features += 1
    return features
