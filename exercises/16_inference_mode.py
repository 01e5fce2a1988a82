"""Exercise 16 - torch.inference_mode() versus torch.no_grad().

Both turn off recording, so results do not require grad. inference_mode goes
further: the tensors it creates are "inference tensors" (`t.is_inference()` is
True), with no version counter and no autograd bookkeeping at all, which makes
pure inference a little faster. The price: an inference tensor can never enter
autograd later.

- Using it in a computation that must be saved for backward raises
  "Inference tensors cannot be saved for backward".
- Changing it in place outside inference mode raises
  "Inplace update to inference tensor outside InferenceMode is not allowed".

In both cases, `t.clone()` (outside inference mode) makes an ordinary tensor
you can use, or compute it under no_grad() in the first place.

Run `python grader.py 16` to check your work.
"""

import torch


def predict_no_grad(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Return model(x), computed under torch.no_grad()."""
    # TODO
    raise NotImplementedError("16_inference_mode: predict_no_grad() is not written yet")


def predict_inference(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Return model(x), computed under torch.inference_mode()."""
    # TODO
    raise NotImplementedError("16_inference_mode: predict_inference() is not written yet")


def train_head_on_features(model: torch.nn.Module, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Features come from model(x) under inference_mode; then loss = ((features @ w) ** 2).sum(). Return w.grad.

    w requires grad. The obvious code raises "Inference tensors cannot be saved for backward":
        with torch.inference_mode():
            features = model(x)
        ((features @ w) ** 2).sum().backward()
    Fix it, keeping inference_mode for the features.
    """
    # TODO: turn the features into an ordinary tensor before autograd uses them.
    raise NotImplementedError("16_inference_mode: train_head_on_features() is not written yet")


def shifted_features(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Features from model(x) under inference_mode, then add 1 to them in place, outside the block. Return them.

    The obvious code raises "Inplace update to inference tensor outside InferenceMode is not allowed":
        with torch.inference_mode():
            features = model(x)
        features += 1
    Fix it.
    """
    # TODO
    raise NotImplementedError("16_inference_mode: shifted_features() is not written yet")
