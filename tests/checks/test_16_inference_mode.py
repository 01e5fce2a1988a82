"""Checks for exercise 16: inference_mode versus no_grad, and the two errors of inference tensors.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- predict_no_grad returns model(x) computed under torch.no_grad(), predict_inference under
  torch.inference_mode(); neither result requires grad, and only inference_mode makes an inference
  tensor (test_prediction[no_grad], test_prediction[inference]): values; the source shows every call
  of the model inside the function's block; requires_grad and is_inference are what the worker saw, believed only for a
  file that leaves torch alone.
- train_head_on_features takes the features from model(x) under inference_mode, keeping that mode,
  makes them usable by autograd, and returns w.grad for ((features @ w) ** 2).sum()
  (test_train_head_on_features): values of the result and of w.grad after the call; the source calls
  the model only inside inference_mode.
- shifted_features takes features under inference_mode, then adds 1 to them in place outside the block
  (test_shifted_features): values; the source calls the model inside inference_mode and changes the
  features in place.
"""

import pytest
import torch

from autograd_kit.checks import diagnosis, expect, recipes, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def _model_and_input(rng: torch.Generator) -> tuple[torch.nn.Module, torch.Tensor]:
    seed = int(torch.randint(0, 2**31 - 1, (1,), generator=rng))
    return recipes.SmallMLP(seed).build(), torch.randn(3, 8, generator=rng)


@pytest.mark.points(2)
@pytest.mark.parametrize("mode", [pytest.param("no_grad", marks=pytest.mark.measures("predict_no_grad")),
                                  pytest.param("inference", marks=pytest.mark.measures("predict_inference"))])
def test_prediction(learner, rng, mode):
    """both modes give the model's output without tracking; only inference_mode makes inference tensors"""
    model, x = _model_and_input(rng)
    function = f"predict_{mode}"
    pending = learner.submit_call(function, model, x)
    with torch.no_grad():
        truth = model(x)
    expect.close(pending.result(), truth, f"{function}(model, x)")
    meta = learner.meta()
    if meta is None:
        raise CheckFailed(tr("{function} should return a tensor.", function=function))
    if meta.requires_grad:
        block = "no_grad" if mode == "no_grad" else "inference_mode"
        managers = requirements.NO_GRAD if mode == "no_grad" else requirements.INFERENCE
        code = learner.code(function)
        key = ("mode-false-turns-it-off" if mode == "inference" and diagnosis.written(("mode-false-turns-it-off",), code)
               else "ran-outside-block" if code.withs(*managers) else "no-block")
        raise CheckFailed(tr("The result of {function} requires grad.", function=function) + "\n"
                          + expect.named(key, block=block))
    want_inference = mode == "inference"
    if meta.is_inference != want_inference:
        note = (expect.named("inference-tensor-use-torch")
                if meta.is_inference else
                expect.named("ordinary-tensor-torch-inference"))
        raise CheckFailed(tr("{function}(model, x).is_inference() should be {want}.", function=function,
                             want=want_inference) + "\n" + note)
    code = learner.code(function)
    model_name = requirements.first_parameter(code)
    if mode == "no_grad":
        requirements.calls_inside(code, model_name, requirements.NO_GRAD, tr(
            "run the model inside `with torch.no_grad():`"))
        requirements.avoids_block(code, requirements.INFERENCE, tr("use torch.no_grad() here, not inference_mode()"))
    else:
        requirements.calls_inside(code, model_name, requirements.INFERENCE, tr(
            "run the model inside `with torch.inference_mode():`"))


@pytest.mark.points(3)
@pytest.mark.measures("train_head_on_features")
def test_train_head_on_features(learner, rng):
    """features from inference_mode, cloned, can train a head: w.grad is right"""
    model, x = _model_and_input(rng)
    w = torch.randn(4, 2, generator=rng).requires_grad_()
    pending = learner.submit_watching_grads("train_head_on_features", model, x, w)
    with torch.no_grad():
        features = model(x)
    truth = torch.autograd.grad(((features @ w) ** 2).sum(), w)[0]
    report = pending.result()
    expect.close(report["result"], truth, "w.grad", scaled=True)
    expect.grad_left(report["grads"][2], truth, "w", "train_head_on_features(model, x, w)", scaled=True)
    code = learner.code("train_head_on_features")
    requirements.calls_inside(code, requirements.first_parameter(code), requirements.INFERENCE, tr(
        "keep inference_mode for the features, and make them usable by autograd afterwards (no_grad instead "
        "avoids the error without learning the fix)"))


@pytest.mark.points(2)
@pytest.mark.measures("shifted_features")
def test_shifted_features(learner, rng):
    """inference features shifted by 1 outside the mode, without the in-place error"""
    model, x = _model_and_input(rng)
    pending = learner.submit_call("shifted_features", model, x)
    with torch.no_grad():
        truth = model(x)
    expect.close(pending.result(), truth + 1, "shifted_features(model, x)",
                 [Mistake(truth, "features-were-shifted-add")])
    code = learner.code("shifted_features")
    requirements.calls_inside(code, requirements.first_parameter(code), requirements.INFERENCE, tr(
        "take the features under inference_mode"))
    requirements.in_place(code, "features", tr("add 1 to the features in place (features += 1), outside the block"),
                          outside=requirements.INFERENCE)
