"""Checks for exercise 16: inference_mode versus no_grad, and the two errors of inference tensors."""

import pytest
import torch

from autograd_kit import expect, recipes
from autograd_kit.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def _model_and_input(rng: torch.Generator) -> tuple[torch.nn.Module, torch.Tensor]:
    seed = int(torch.randint(0, 2**31 - 1, (1,), generator=rng))
    return recipes.SmallMLP(seed).build(), torch.randn(3, 8, generator=rng)


@pytest.mark.points(2)
@pytest.mark.parametrize("mode", ["no_grad", "inference"])
def test_prediction(learner, rng, mode):
    """both modes give the model's output without tracking; only inference_mode makes inference tensors"""
    model, x = _model_and_input(rng)
    function = f"predict_{mode}"
    pending = learner.submit_call(function, model, x)
    with torch.no_grad():
        truth = model(x)
    expect.close(pending.result(), truth, f"{function}(model, x)", rtol=1e-4)
    meta = learner.meta()
    if meta is None:
        raise CheckFailed(tr("{function} should return a tensor.", function=function))
    if meta.requires_grad:
        block = "no_grad" if mode == "no_grad" else "inference_mode"
        raise CheckFailed(tr("The result of {function} requires grad.", function=function) + "\n"
                          + tr("Mistake: the model ran outside the block; return model(x) from inside "
                               "`with torch.{block}():`.", block=block))
    want_inference = mode == "inference"
    if meta.is_inference != want_inference:
        note = (expect.named("this is an inference tensor: use torch.no_grad() here, not inference_mode().")
                if meta.is_inference else
                expect.named("this is an ordinary tensor: torch.inference_mode() makes inference tensors, "
                             "no_grad() does not."))
        raise CheckFailed(tr("{function}(model, x).is_inference() should be {want}.", function=function,
                             want=want_inference) + "\n" + note)


@pytest.mark.points(3)
def test_train_head_on_features(learner, rng):
    """features from inference_mode, cloned, can train a head: w.grad is right"""
    model, x = _model_and_input(rng)
    w = torch.randn(4, 2, generator=rng).requires_grad_()
    pending = learner.submit_call("train_head_on_features", model, x, w)
    with torch.no_grad():
        features = model(x)
    truth = torch.autograd.grad(((features @ w) ** 2).sum(), w)[0]
    expect.close(pending.result(), truth, "w.grad", rtol=1e-4, scaled=True)


@pytest.mark.points(2)
def test_shifted_features(learner, rng):
    """inference features shifted by 1 outside the mode, without the in-place error"""
    model, x = _model_and_input(rng)
    pending = learner.submit_call("shifted_features", model, x)
    with torch.no_grad():
        truth = model(x)
    expect.close(pending.result(), truth + 1, "shifted_features(model, x)",
                 [Mistake(truth, "the features were not shifted: add 1 to them after cloning.")], rtol=1e-4)
