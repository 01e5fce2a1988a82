"""Checks for exercise 03: SGD with momentum, two training steps.

The truth applies the momentum rule by hand to gradients from autograd, so it
does not depend on torch.optim being used correctly.
"""

from functools import cache

import pytest
import torch

from autograd_kit import expect, fingerprint, probes, recipes
from autograd_kit.expect import CheckFailed
from autograd_kit.i18n import tr

LR, MOMENTUM = 1e-2, 0.9


def _grads(model, data, labels) -> dict[str, torch.Tensor]:
    model.zero_grad(set_to_none=True)
    (model(data) - labels).sum().backward()
    return {n: p.grad.detach().clone() for n, p in model.named_parameters()}


@cache
def _truth(seed: int) -> dict[str, dict]:
    model = recipes.ResNet18(seed).build()
    data, labels = recipes.Batch(seed).build()
    g0 = _grads(model, data, labels)
    with torch.no_grad():
        for n, p in model.named_parameters():
            p -= LR * g0[n]
    g1 = _grads(model, data, labels)
    named = lambda values: fingerprint.of_named(values.items(), seed + 5)  # noqa: E731
    return {
        "step1": named({n: -LR * g for n, g in g0.items()}),
        "step2": named({n: -LR * (MOMENTUM * g0[n] + g1[n]) for n in g0}),
        "step2_no_zero_grad": named({n: -LR * (MOMENTUM * g0[n] + g0[n] + g1[n]) for n in g0}),
        "step2_no_momentum": named({n: -LR * g1[n] for n in g0}),
    }


def _run(learner, seed):
    return learner.submit(probes.two_train_steps, ("make_optimizer", "train_step"), memo=True,
                         model=recipes.ResNet18(seed), batch=recipes.Batch(seed), sample_seed=seed + 5)


def _differ(got, want) -> list[str]:
    if not isinstance(got, dict):
        raise CheckFailed(tr("train_step() was never reached: make_optimizer() must return an optimizer first."))
    return [n for n, fp in want.items() if fingerprint.mismatch(fp, got.get(n), rtol=2e-3, atol=1e-9)]


@pytest.mark.points(1)
def test_optimizer_settings(learner, seed):
    """make_optimizer() returns SGD over all parameters with lr=1e-2 and momentum=0.9"""
    pending = _run(learner, seed)
    _truth(seed)  # computed while the learner's code runs; the next checks need it
    model = recipes.ResNet18(seed).build()
    got = pending.result()["optimizer"]
    if not got.get("is_optimizer"):
        raise CheckFailed(tr("make_optimizer() should return a torch.optim.Optimizer, but it returned a {kind}.",
                             kind=got.get("type")))
    problems = []
    if got["type"] != "SGD":
        problems.append(tr("it is {kind}, not SGD", kind=got["type"]))
    if abs(got["lr"] - LR) > 1e-12:
        problems.append(tr("lr is {got:g}, not {want:g}", got=got["lr"], want=LR))
    if abs(got["momentum"] - MOMENTUM) > 1e-12:
        problems.append(tr("momentum is {got:g}, not {want:g}", got=got["momentum"], want=MOMENTUM))
    total = len(list(model.parameters()))
    if got["held_count"] != total:
        problems.append(tr("it holds {count} parameter tensors, not all {total} (pass model.parameters())",
                           count=got["held_count"], total=total))
    if problems:
        raise CheckFailed(tr("The optimizer is not the tutorial's: {problems}.", problems="; ".join(problems)))


@pytest.mark.points(2)
def test_first_step(learner, seed):
    """the first step moves every parameter by -lr * grad"""
    pending = _run(learner, seed)
    want = _truth(seed)["step1"]
    got = pending.result().get("step1")
    differ = _differ(got, want)
    if not differ:
        return
    message = tr("after one step, {count} of {total} parameters moved differently from -lr * grad (first: {first}).",
                 count=len(differ), total=len(want), first=differ[0])
    if all(fp is not None and fp["norm"] == 0 for fp in got.values()):
        message += " " + tr("No parameter moved: call optimizer.step() after backward().")
    raise CheckFailed(message)


@pytest.mark.points(2)
def test_second_step_uses_momentum(learner, seed):
    """the second step follows the momentum rule: buffer = 0.9 * buffer + grad"""
    pending = _run(learner, seed)
    truth = _truth(seed)
    report = pending.result()
    if _differ(report.get("step1"), _truth(seed)["step1"]):
        raise CheckFailed(tr("the first step is already wrong (see the check above), so the second cannot be right."))
    differ = _differ(report.get("step2"), truth["step2"])
    if not differ:
        return
    if not _differ(report["step2"], truth["step2_no_zero_grad"]):
        raise CheckFailed(expect.named("the second step used the first step's gradient plus the second's. backward() adds "
                                       "to .grad, so call optimizer.zero_grad() at the start of every training step."))
    if not _differ(report["step2"], truth["step2_no_momentum"]):
        raise CheckFailed(expect.named("the second step ignored momentum (it moved by -lr * grad only). Pass momentum=0.9 "
                                       "to SGD and keep the same optimizer between steps."))
    raise CheckFailed(tr("after two steps, {count} of {total} parameters moved differently from the "
                         "momentum rule (first: {first}).", count=len(differ), total=len(truth["step2"]), first=differ[0]))
