"""Exercise 16 with the modes swapped and the inference-tensor errors left in."""
import torch


def predict_no_grad(model, x):
    with torch.inference_mode():
        return model(x)


def predict_inference(model, x):
    with torch.no_grad():
        return model(x)


def train_head_on_features(model, x, w):
    with torch.inference_mode():
        features = model(x)
    ((features @ w) ** 2).sum().backward()
    return w.grad


def shifted_features(model, x):
    with torch.inference_mode():
        features = model(x)
    features += 1
    return features
