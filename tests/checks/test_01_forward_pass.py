"""Checks for exercise 01: build resnet18 offline and run the forward pass.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- build_model() returns torchvision's resnet18, with 1000 outputs (test_build_model_is_resnet18):
  values: resnet18's weights under the grade's seed are loaded into the returned model, which then
  runs on a random batch; its output must equal the judge's resnet18 on that batch. What the worker
  saw (the class, the parameter count, fc's size) only explains a mismatch.
- its weights are random, built with weights=None, nothing downloaded (test_build_model_uses_random_weights):
  values: a fingerprint of every parameter against resnet18(weights=None) built under the same seed.
- make_batch() returns (data, labels) of shapes (1, 3, 64, 64) and (1, 1000), random numbers in
  [0, 1) as torch.rand gives, new ones each call (test_make_batch): values of two calls.
- forward(model, data) returns the prediction, model(data), of shape (1, 1000) (test_forward_prediction):
  values against the judge's model on the same seeded batch.
"""

from functools import cache

import pytest
import torch

from autograd_kit.checks import expect, fingerprint, probes, recipes
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def worker_prepares(seed: int) -> tuple:
    """What this exercise's worker initialises while it boots, before the learner's clock starts."""
    return (recipes.ResNet18(seed),)

# The output of resnet18 passes through about 60 layers of float32 sums.
NETWORK_ULPS = 4096


def _built(learner, seed):
    return learner.submit(probes.built_model, ("build_model",), name="build_model", memo=True, seed=seed,
                          sample_seed=seed + 7, batch=recipes.Batch(seed + 1))


@cache
def _truth(seed: int) -> tuple[torch.nn.Module, torch.Tensor]:
    model = recipes.ResNet18(seed).build()
    data, _ = recipes.Batch(seed + 1).build()
    with torch.no_grad():
        output = model(data)  # changes BatchNorm's running statistics, not the parameters
    return model, output


@pytest.mark.points(2)
@pytest.mark.measures("build_model")
def test_build_model_is_resnet18(learner, seed):
    """build_model() returns a resnet18 with 1000 outputs"""
    pending = _built(learner, seed)
    truth, output = _truth(seed)
    got = pending.result()
    _is_module(got)
    if "output" in got:
        expect.close(got["output"], output, tr("the output of build_model()'s model with resnet18's weights loaded"),
                     ulps=NETWORK_ULPS)
        return
    # The weights did not fit: say how the model differs, from what the worker saw.
    learner.observed()
    expect.equal(got["type"], type(truth).__name__, tr("the class of the model build_model() returns"))
    if got["fc_out"] != truth.fc.out_features:
        expect.equal(got["fc_out"], truth.fc.out_features, tr("the number of outputs (model.fc.out_features)"),
                     expect.named("head-replaced"))
    count = sum(p.numel() for p in truth.parameters())
    if got["parameters"] != count:
        bigger = tr("That is more than resnet18 has: is it resnet34 or resnet50?") if got["parameters"] > count else ""
        expect.fail(tr("the number of parameters in build_model()'s model"), count, got["parameters"], bigger)
    expect.equal(got["fc_out"], truth.fc.out_features, tr("the number of outputs (model.fc.out_features)"),
                 tr("resnet18 classifies into ImageNet's 1000 classes; keep its fc layer as it is."))
    raise CheckFailed(tr("resnet18's weights do not fit build_model()'s model ({problem}): it is not torchvision's "
                         "resnet18.", problem=got.get("load_error", "")))


def _is_module(got: dict) -> None:
    if not got.get("is_module"):
        note = "\n" + expect.named("model-not-built") if got.get("type") in ("function", "builtin_function_or_method",
                                                                           "partial", "type") else ""
        raise CheckFailed(tr("build_model() should return a torch.nn.Module (the network), but it returned a {kind}.",
                             kind=got.get("type")) + note)


@pytest.mark.points(1)
@pytest.mark.measures("build_model")
def test_build_model_uses_random_weights(learner, seed):
    """build_model() builds fresh random weights (weights=None), nothing downloaded"""
    pending = _built(learner, seed)
    truth, _ = _truth(seed)
    want = fingerprint.of_named(truth.named_parameters(), seed + 7)
    got = pending.result()
    _is_module(got)
    differ = expect.fingerprints(got.get("weights"), want, tr("build_model()'s weights"))
    if differ:
        raise CheckFailed(tr(
            "{count} of {total} parameter tensors (first: {first}) differ from a freshly built "
            "torchvision.models.resnet18(weights=None) under the same seed. Build it with weights=None and do not "
            "load or re-initialise weights.", count=len(differ), total=len(want), first=differ[0]))


@pytest.mark.points(1)
@pytest.mark.measures("make_batch")
def test_make_batch(learner):
    """make_batch() returns random data of shape (1, 3, 64, 64) and labels of shape (1, 1000)"""
    first, second = learner.call_many("make_batch", [(), ()])
    for got in (first, second):
        data, labels = expect.items(got, 2, "make_batch()")
        _shaped(data, (1, 3, 64, 64), "data", {(1, 64, 64, 3): "channels-last", (64, 64, 3): "channels-last"})
        _shaped(labels, (1, 1000), "labels", {(1,): "labels-class-index", (): "labels-class-index",
                                              (1000,): "labels-no-batch"})
        if data.dtype != torch.float32:
            raise CheckFailed(tr("data should hold float32 numbers, as torch.rand gives, but its dtype is {dtype}.",
                                 dtype=data.dtype) + ("\n" + expect.named("float64-data")
                                                      if data.dtype == torch.float64 else ""))
        for name, t in (("data", data), ("labels", labels)):
            if t.min() < 0 or t.max() >= 1 or t.std() < 0.1:
                raise CheckFailed(tr("{name} should hold random numbers in [0, 1), as torch.rand gives; "
                                     "got values from {low:.3g} to {high:.3g}.",
                                     name=name, low=float(t.min()), high=float(t.max()))
                                  + ("\n" + expect.named("randn-not-rand") if t.min() < 0 else ""))
    if torch.equal(first[0], second[0]):
        raise CheckFailed(tr("two calls of make_batch() returned the same data; "
                             "it should be random each time (torch.rand)."))


def _shaped(got, shape: tuple, what: str, known: dict) -> None:
    """GOT must be a tensor of SHAPE; a shape in KNOWN names the mistake that gives it."""
    if isinstance(got, torch.Tensor) and tuple(got.shape) != shape and tuple(got.shape) in known:
        raise CheckFailed(tr("{what} should have shape {shape}, but it has shape {got}.", what=what, shape=shape,
                             got=tuple(got.shape)) + "\n" + expect.named(known[tuple(got.shape)]))
    expect.tensor(got, torch.empty(*shape), what)


@pytest.mark.points(2)
@pytest.mark.measures("forward")
def test_forward_prediction(learner, seed):
    """forward(model, data) returns the model's prediction of shape (1, 1000)"""
    model, batch = recipes.ResNet18(seed), recipes.Batch(seed)
    pending = learner.submit(probes.forward, ("forward",), model=model, batch=batch)
    data, _ = batch.build()
    with torch.no_grad():
        want = model.build()(data)
    got = pending.result()
    if isinstance(got, torch.Tensor) and got.shape in ((1,), ()) and not got.is_floating_point():
        raise CheckFailed(tr("{what} should have shape {shape}, but it has shape {got}.", what="forward(model, data)",
                             shape=tuple(want.shape), got=tuple(got.shape)) + "\n" + expect.named("argmax-prediction"))
    mistakes = [Mistake(torch.softmax(want, dim=1), "softmax-prediction-return-raw")]
    expect.close(got, want, "forward(model, data)", mistakes, ulps=NETWORK_ULPS)
    # Whether the prediction was recorded is a fact from the learner's process: only a file that leaves torch
    # alone is asked it (the values above are what this check's points stand on).
    meta = learner.meta() if learner.source is not None and not learner.source.tampering else None
    if meta is not None and not meta.requires_grad:
        raise CheckFailed(tr("The prediction of forward(model, data) does not require grad.") + "\n"
                          + expect.named("forward-not-recorded"))
