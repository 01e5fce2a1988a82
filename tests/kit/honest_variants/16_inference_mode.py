"""Correct, written differently from solutions/: a learner's own style."""
import torch


def predict_no_grad(model, x):
    with torch.no_grad():
        out = model(x)
    return out


def predict_inference(model, x):
    with torch.inference_mode():
        out = model(x)
    return out


def train_head_on_features(model, x, w):
    with torch.inference_mode():
        features = model(x)
    usable = torch.clone(features)
    loss = ((usable @ w) ** 2).sum()
    loss.backward()
    return w.grad


def shifted_features(model, x):
    with torch.inference_mode():
        features = model(x)
    features = features.clone()
    features.add_(1)
    return features
