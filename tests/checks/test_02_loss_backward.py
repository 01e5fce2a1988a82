"""Checks for exercise 02: the tutorial's loss, and backward() filling .grad."""

from functools import cache

import pytest
import torch

from autograd_kit import expect, fingerprint, probes, recipes
from autograd_kit.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


@pytest.mark.points(1)
def test_compute_loss(learner, rng):
    """compute_loss(prediction, labels) is (prediction - labels).sum()"""
    prediction, labels = torch.randn(1, 1000, generator=rng), torch.rand(1, 1000, generator=rng)
    got = learner.call("compute_loss", prediction, labels)
    want = (prediction - labels).sum()
    mistakes = [
        Mistake((prediction - labels).mean(), "this is the mean; the tutorial's loss is the sum."),
        Mistake((labels - prediction).sum(), "the sign is flipped: subtract the labels from the prediction."),
        Mistake((prediction - labels).abs().sum(), "no abs(): the tutorial's loss is the plain sum of differences."),
    ]
    expect.close(got, want, "compute_loss(prediction, labels)", mistakes, rtol=1e-5, atol=1e-3)


@cache
def _truth(seed: int) -> tuple[torch.Tensor, dict, dict]:
    model = recipes.ResNet18(seed).build()
    data, labels = recipes.Batch(seed).build()
    loss = (model(data) - labels).sum()
    loss.backward()
    grads = fingerprint.of_named(((n, p.grad) for n, p in model.named_parameters()), seed + 3)
    mean_grads = fingerprint.of_named(((n, p.grad / 1000) for n, p in model.named_parameters()), seed + 3)
    return loss.detach(), grads, mean_grads


def _run(learner, seed):
    return learner.submit(probes.backward_pass, ("backward_pass", "compute_loss"), memo=True,
                         model=recipes.ResNet18(seed), batch=recipes.Batch(seed), sample_seed=seed + 3)


@pytest.mark.points(1)
def test_backward_pass_returns_loss(learner, seed):
    """backward_pass() returns the loss of the forward pass"""
    pending = _run(learner, seed)
    want, _, _ = _truth(seed)
    got = pending.result()
    expect.close(got["loss"], want, tr("the loss backward_pass() returns"), rtol=1e-4, atol=1e-2)


@pytest.mark.points(1)
def test_every_parameter_has_grad(learner, seed):
    """after backward_pass(), every parameter has a .grad of its own shape"""
    pending = _run(learner, seed)
    _, want, _ = _truth(seed)
    got = pending.result()["grads"]
    missing = [name for name in want if got.get(name) is None]
    if len(missing) == len(want):
        raise CheckFailed(tr("no parameter has a .grad after backward_pass(): "
                             "call loss.backward() after computing the loss."))
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
def test_gradients_match_autograd(learner, seed):
    """every parameter's .grad equals d(loss)/d(parameter)"""
    pending = _run(learner, seed)
    _, want, mean_want = _truth(seed)
    got = pending.result()["grads"]
    if any(got.get(name) is None for name in want):
        raise CheckFailed(tr("some parameters have no .grad, so the gradients cannot match (see the check above)."))
    differ = expect.fingerprints(got, want, tr("the gradients"))
    if not differ:
        return
    message = tr("{count} of {total} gradients differ from autograd's (first: {first}).",
                 count=len(differ), total=len(want), first=differ[0])
    if not expect.fingerprints(got, mean_want, tr("the gradients")):
        message += " " + expect.named("the gradients are 1/1000 of the truth: the loss used mean() instead of sum().")
    raise CheckFailed(message)
