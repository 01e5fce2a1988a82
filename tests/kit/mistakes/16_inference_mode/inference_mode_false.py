# function: predict_inference
# belief: The argument of inference_mode says whether gradients are wanted, so inference_mode(False) is inference without gradients.
# fix: Use torch.inference_mode() (mode=True is the default); inference_mode(False) switches it off.
# source: torch.inference_mode docs (mode argument)
"""Exercise 16 - torch.inference_mode() versus torch.no_grad()."""

import torch


def predict_no_grad(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Return model(x), computed under torch.no_grad().

    torch.no_grad()에서 계산한 model(x)를 돌려줍니다.
    """
    # TODO
    with torch.no_grad():
        return model(x)


def predict_inference(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Return model(x), computed under torch.inference_mode().

    torch.inference_mode()에서 계산한 model(x)를 돌려줍니다.
    """
    # TODO
    with torch.inference_mode(False):
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
    # TODO: turn the features into an ordinary tensor before autograd uses them.
    # 할 일: autograd가 쓰기 전에 특징을 보통 텐서로 바꾸세요.
    with torch.inference_mode():
        features = model(x)
    features = features.clone()
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
    # TODO
    with torch.inference_mode():
        features = model(x)
    features = features.clone()
    features += 1
    return features
