"""Checks for exercise 02: the tutorial's loss, and backward() filling .grad.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- compute_loss(prediction, labels) returns the tutorial's loss, the sum of (prediction - labels), a
  scalar that backward() can follow (test_compute_loss): values on random inputs, and the prediction's
  gradient after the worker backpropagates a weighted loss.
- backward_pass runs forward, computes the loss with compute_loss, calls backward() and returns the loss
  (test_backward_pass_returns_loss): the returned loss's value; the source shows that backward_pass
  calls compute_loss and backward(). backward_pass's checks run it with the judge's own compute_loss
  lent to the module for the call (references.lend), so they measure backward_pass alone.
- afterwards every parameter holds a .grad of its own shape (test_every_parameter_has_grad): which
  .grad is None is what the worker saw, believed only for a file that leaves torch alone.
- each .grad is d(loss)/d(parameter) (test_gradients_match_autograd): values: fingerprints of every
  parameter's .grad against autograd in the judge, at positions the judge picks.
"""

from collections.abc import Callable
from functools import cache

import pytest
import torch

from autograd_kit.checks import diagnosis, expect, fingerprint, probes, recipes, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def worker_prepares(seed: int) -> tuple:
    """What this exercise's worker initialises while it boots, before the learner's clock starts."""
    return (recipes.ResNet18(seed),)


@pytest.mark.points(1)
@pytest.mark.measures("compute_loss")
def test_compute_loss(learner, rng):
    """compute_loss(prediction, labels) is (prediction - labels).sum()"""
    prediction, labels = torch.randn(1, 1000, generator=rng), torch.rand(1, 1000, generator=rng)
    weight = torch.rand((), generator=rng) + 0.5
    # The worker backpropagates weight * loss: the prediction's .grad is weight everywhere only if the loss is
    # computed from it with torch operations (backward_pass's checks lend the judge's own compute_loss).
    report = learner.probe(probes.call_then_backward, ("compute_loss",), label="compute_loss()", name="compute_loss",
                           args=(prediction.clone().requires_grad_(), labels), weights=weight)
    got = report["result"]
    p64, l64 = prediction.double(), labels.double()
    want = (p64 - l64).sum()
    mistakes = [
        Mistake((p64 - l64).mean(), "mean-tutorial-s-loss"),
        Mistake((l64 - p64).sum(), "sign-flipped-subtract-labels"),
        Mistake((p64 - l64).abs().sum(), "abs-tutorial-s-loss"),
        Mistake(((p64 - l64) ** 2).sum(), "squared-error"),
        Mistake(((p64 - l64) ** 2).mean(), "squared-error"),
        Mistake(torch.nn.functional.cross_entropy(p64, l64), "cross-entropy"),
        Mistake(torch.nn.functional.cross_entropy(p64, l64, reduction="sum"), "cross-entropy"),
    ]
    if isinstance(got, torch.Tensor) and got.numel() > 1:
        # One value per element: backward() could not start from it without a gradient for every element.
        raise CheckFailed(tr("compute_loss(prediction, labels) should return one number (shape ()), but it returns "
                             "a tensor of shape {shape}.", shape=tuple(got.shape)) + "\n"
                          + expect.named("non-scalar-backward"))
    # A sum of 1000 terms carries the rounding of all of them.
    expect.close(got, want, "compute_loss(prediction, labels)", mistakes, scale=(p64.abs() + l64.abs()).sum())
    if report.get("first_grad") is None:
        found = diagnosis.written(("leaves-the-graph", "rewrapped-tensor"), learner.source, "compute_loss")
        raise CheckFailed(tr("compute_loss returns the right number, but no gradient reaches prediction through it: "
                             "keep the loss a tensor computed from prediction, so that backward() can follow it.")
                          + (f"\n{diagnosis.explain(found)}" if found else ""))
    expect.close(report["first_grad"], weight.double().expand(1, 1000),
                 tr("prediction.grad after backward through {weight} * compute_loss(prediction, labels)",
                    weight=f"{float(weight):.4f}"))


@cache
def _truth(seed: int) -> tuple[torch.Tensor, dict, Callable[[], dict], torch.Tensor]:
    model = recipes.ResNet18(seed).build()
    data, labels = recipes.Batch(seed).build()
    prediction = model(data)
    loss = (prediction - labels).sum()
    loss.backward()
    grads = fingerprint.of_named(((n, p.grad) for n, p in model.named_parameters()), seed + 3)
    # The gradients of a mean loss, a typical mistake: computed only when the gradients are wrong.
    mean_grads = lambda: fingerprint.of_named(((n, p.grad / 1000) for n, p in model.named_parameters()),  # noqa: E731
                                              seed + 3)
    # A loss summed another way (prediction.sum() - labels.sum()) rounds like its terms, not like its total.
    terms = (prediction.detach().abs() + labels.abs()).sum().double()
    return loss.detach(), grads, mean_grads, terms


def _run(learner, seed):
    # The judge's compute_loss is lent to backward_pass for the call: a wrong compute_loss costs its own check only.
    return learner.submit(probes.backward_pass, ("backward_pass",), memo=True,
                         model=recipes.ResNet18(seed), batch=recipes.Batch(seed), sample_seed=seed + 3)


@pytest.mark.points(1)
@pytest.mark.measures("backward_pass")
def test_backward_pass_returns_loss(learner, seed):
    """backward_pass() returns the loss of the forward pass"""
    pending = _run(learner, seed)
    want, _, _, terms = _truth(seed)
    got = pending.result()
    expect.close(got["loss"], want, tr("the loss backward_pass() returns"), ulps=1024, scale=terms)
    if learner.source is not None and learner.code("backward_pass") and not learner.code("backward_pass").api_calls(
            "backward"):
        raise CheckFailed(tr("backward_pass() never calls backward().") + "\n" + expect.named("forgot-backward"))
    code = learner.code("backward_pass")
    requirements.calls_own(code, "compute_loss", requirement=tr("compute the loss with compute_loss()"))
    requirements.calls(code, "backward", requirement=tr("call loss.backward(), which fills every .grad"))


@pytest.mark.points(1)
@pytest.mark.measures("backward_pass")
def test_every_parameter_has_grad(learner, seed):
    """after backward_pass(), every parameter has a .grad of its own shape"""
    pending = _run(learner, seed)
    _, want, _, _ = _truth(seed)
    got = pending.result()["grads"]
    learner.observed()
    missing = [name for name in want if got.get(name) is None]
    if len(missing) == len(want):
        raise CheckFailed(tr("no parameter has a .grad after backward_pass().") + "\n" + expect.named("forgot-backward"))
    if missing:
        raise CheckFailed(tr("{count} parameters have no .grad (first: {first}); "
                             "backward() reaches every parameter used in the forward pass.",
                             count=len(missing), first=missing[0]))
    wrong = [name for name in want if tuple(got[name]["shape"]) != tuple(want[name]["shape"])]
    if wrong:
        name = wrong[0]
        raise CheckFailed(tr("{name}.grad has shape {shape}, not its parameter's shape {want}.", name=name,
                             shape=tuple(got[name]["shape"]), want=tuple(want[name]["shape"])))


@pytest.mark.points(2)
@pytest.mark.measures("backward_pass")
def test_gradients_match_autograd(learner, seed):
    """every parameter's .grad equals d(loss)/d(parameter)"""
    pending = _run(learner, seed)
    _, want, mean_want, _ = _truth(seed)
    got = pending.result()["grads"]
    if any(got.get(name) is None for name in want):
        raise CheckFailed(tr("some parameters have no .grad, so the gradients cannot match (see the check above)."))
    differ = expect.fingerprints(got, want, tr("the gradients"))
    if not differ:
        return
    message = tr("{count} of {total} gradients differ from autograd's (first: {first}).",
                 count=len(differ), total=len(want), first=differ[0])
    if not expect.fingerprints(got, mean_want(), tr("the gradients")):
        message += " " + expect.named("gradients-1-1000-truth")
    raise CheckFailed(message)
