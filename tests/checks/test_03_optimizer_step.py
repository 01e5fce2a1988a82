"""Checks for exercise 03: SGD with momentum, two training steps.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- make_optimizer returns SGD over all of the model's parameters, lr=1e-2, momentum=0.9
  (test_optimizer_settings): the source calls torch.optim.SGD; the optimizer's class, lr, momentum and
  the parameters it holds are what the worker saw (believed only for a file that leaves torch alone),
  and they must agree with the steps it takes: lr and "all parameters" in the first step, momentum
  in the second.
- train_step clears old gradients, runs forward, loss = (prediction - labels).sum(), backward, step
  (test_first_step, test_second_step_uses_momentum): values: how far every parameter moved in each
  of two steps, against the rule applied by hand to gradients from autograd; the source shows
  optimizer.step() does the update.
- train_step returns the loss computed before the step (test_train_step_returns_loss): values of both
  returned losses, a check of its own, so a loss returned as a number costs that point only.

Each function is measured alone (references.py): make_optimizer's optimizer takes two of the judge's own
train steps (probes.optimizer_steps), and train_step is given the judge's own SGD (probes.train_steps), so
a mistake in one never costs the other's points.

The truth is torch.optim.SGD itself, run by the judge on its own copy of the model and measured the way
the probe measures the learner's steps. A step measured as p_after - p_before in float32 carries the
rounding of p_after however small the step: each sampled element may differ by a few ulps of |p|
(fingerprint.rounding_floors).
"""

from functools import cache

import pytest
import torch

from autograd_kit.checks import expect, fingerprint, probes, recipes, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def worker_prepares(seed: int) -> tuple:
    """What this exercise's worker initialises while it boots, before the learner's clock starts."""
    return (recipes.ResNet18(seed),)

LR, MOMENTUM = 1e-2, 0.9


@cache
def _truth(seed: int) -> dict:
    """Two steps of torch.optim.SGD on the judge's own copy of the model, each measured the way the probe
    measures the learner's (p_after - p_before in float32): the same operations give the same numbers,
    so only the learner's own mistakes show. (A step by hand rounds differently, and one ulp of
    difference in a weight can tip a ReLU and change the next gradient.)"""
    model = recipes.ResNet18(seed).build()
    data, labels = recipes.Batch(seed).build()
    floors = fingerprint.rounding_floors(model.named_parameters(), seed + 5)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    steps, grads, losses, terms = [], [], [], []
    for _ in range(2):
        before = {n: p.detach().clone() for n, p in model.named_parameters()}
        optimizer.zero_grad()
        prediction = model(data)
        loss = (prediction - labels).sum()
        loss.backward()
        grads.append({n: p.grad.detach().clone() for n, p in model.named_parameters()})
        losses.append(loss.detach())
        terms.append((prediction.detach().abs() + labels.abs()).sum().double())
        optimizer.step()
        steps.append({n: p.detach() - before[n] for n, p in model.named_parameters()})
    with torch.no_grad():
        losses.append((model(data) - labels).sum())
    g0, g1 = grads
    named = lambda values: fingerprint.of_named(values.items(), seed + 5)  # noqa: E731
    return {
        "step1": named(steps[0]),
        "step2": named(steps[1]),
        # The truths of two typical mistakes, by the rule by hand, computed only when the second step is wrong.
        "step2_no_zero_grad": lambda: named({n: -LR * (MOMENTUM * g0[n] + g0[n] + g1[n]) for n in g0}),
        "step2_no_momentum": lambda: named({n: -LR * g1[n] for n in g0}),
        "floors": floors,
        "losses": tuple(losses),
        "terms": tuple(terms),
    }


def _optimizer_steps(learner, seed):
    """The learner's optimizer, stepped by the judge's own train_step."""
    return learner.submit(probes.optimizer_steps, ("make_optimizer",), memo=True,
                          model=recipes.ResNet18(seed), batch=recipes.Batch(seed), sample_seed=seed + 5)


def _train_steps(learner, seed):
    """The learner's train_step, given the judge's own SGD."""
    return learner.submit(probes.train_steps, ("train_step",), memo=True,
                          model=recipes.ResNet18(seed), batch=recipes.Batch(seed), sample_seed=seed + 5)


def _differ(got, want, floors) -> list[str]:
    if not isinstance(got, dict):
        return list(want)
    return [n for n, fp in want.items() if fingerprint.mismatch(fp, got.get(n), rtol=2e-3, atol=0.0, floor=floors[n])]


def _check_loss(report: dict, truth: dict, index: int) -> None:
    losses, terms = truth["losses"], truth["terms"]
    mistakes = [Mistake(losses[index], "loss-after-step-return")]
    expect.close(report.get(f"loss{index}"), losses[index - 1], tr("the loss train_step() returns on step {step}",
                                                                    step=index),
                 mistakes, ulps=1024, scale=terms[index - 1])


@pytest.mark.points(1)
@pytest.mark.measures("make_optimizer")
def test_optimizer_settings(learner, seed):
    """make_optimizer() returns SGD over all parameters with lr=1e-2 and momentum=0.9"""
    pending = _optimizer_steps(learner, seed)
    _truth(seed)  # computed while the learner's code runs; the next checks need it
    model = recipes.ResNet18(seed).build()
    got = pending.result()["optimizer"]
    learner.observed()
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
        note = ""
        if got["type"] == "Adam":
            note = "\n" + expect.named("adam-not-sgd")
        elif abs(got["lr"] - MOMENTUM) < 1e-12 and abs(got["momentum"] - LR) < 1e-12:
            note = "\n" + expect.named("lr-momentum-swapped")
        elif abs(got["lr"] - 0.1) < 1e-12:
            note = "\n" + expect.named("ten-e-minus-two")
        elif abs(got["momentum"]) < 1e-12:
            note = "\n" + expect.named("second-step-ignored-momentum")
        raise CheckFailed(tr("The optimizer is not the tutorial's: {problems}.", problems="; ".join(problems)) + note)
    requirements.calls(learner.code("make_optimizer"), "SGD", requirement=tr("build torch.optim.SGD"))
    # What the optimizer says about itself, measured: lr and "every parameter" in the first of the judge's
    # own train steps, momentum 0.9 in the second.
    truth, report = _truth(seed), pending.result()
    if got.get("nesterov"):
        raise CheckFailed(tr("The optimizer is not the tutorial's: {problems}.", problems="nesterov=True")
                          + "\n" + expect.named("nesterov"))
    for index in (1, 2):
        differ = _differ(report.get(f"step{index}"), truth[f"step{index}"], truth["floors"])
        if differ:
            raise CheckFailed(tr("The optimizer describes itself as SGD with lr=0.01 and momentum=0.9, but in the "
                                 "grader's own training step {step} it moved {count} of {total} parameters "
                                 "differently from that SGD (first: {first}).", step=index, count=len(differ),
                                 total=len(truth[f"step{index}"]), first=differ[0]))


@pytest.mark.points(1)
@pytest.mark.measures("train_step")
def test_first_step(learner, seed):
    """with the tutorial's SGD, the first step moves every parameter by -lr * grad"""
    pending = _train_steps(learner, seed)
    truth = _truth(seed)
    report = pending.result()
    got = report.get("step1")
    differ = _differ(got, truth["step1"], truth["floors"])
    if differ:
        message = tr("after one step, {count} of {total} parameters moved differently from -lr * grad (first: "
                     "{first}).", count=len(differ), total=len(truth["step1"]), first=differ[0])
        if all(fp is not None and fp["norm"] == 0 for fp in got.values()):
            message += " " + _why_nothing_moved(learner)
        raise CheckFailed(message)
    requirements.calls(learner.code("train_step"), "step", requirement=tr("update the parameters with "
                                                                          "optimizer.step()"))


def _why_nothing_moved(learner) -> str:
    code = learner.code("train_step")
    lines = {name: [c.lineno for c in code.calls(name)] for name in ("zero_grad", "backward", "step")}
    if lines["zero_grad"] and lines["backward"] and lines["step"] and \
            max(lines["backward"]) < max(lines["zero_grad"]) < max(lines["step"]):
        return expect.named("zero-grad-runs-after")
    return expect.named("no-parameter-moved")


@pytest.mark.points(2)
@pytest.mark.measures("train_step")
def test_second_step_uses_momentum(learner, seed):
    """with the tutorial's SGD, the second step follows the momentum rule (buffer = 0.9 * buffer + grad)"""
    pending = _train_steps(learner, seed)
    truth = _truth(seed)
    report = pending.result()
    floors = truth["floors"]
    if _differ(report.get("step1"), truth["step1"], floors):
        # The second step starts where the first ended: measured from a wrong start, it cannot be compared.
        raise CheckFailed(tr("the second step starts from the first, and the first already moved the parameters "
                             "differently from -lr * grad (see the check above)."))
    differ = _differ(report.get("step2"), truth["step2"], floors)
    if differ:
        if not _differ(report["step2"], truth["step2_no_zero_grad"](), floors):
            raise CheckFailed(expect.named("second-step-used-first"))
        if not _differ(report["step2"], truth["step2_no_momentum"](), floors):
            raise CheckFailed(expect.named("second-step-ignored-momentum"))
        raise CheckFailed(tr("after two steps, {count} of {total} parameters moved differently from the "
                             "momentum rule (first: {first}).", count=len(differ), total=len(truth["step2"]),
                             first=differ[0]))


@pytest.mark.points(1)
@pytest.mark.measures("train_step")
def test_train_step_returns_loss(learner, seed):
    """train_step returns the loss computed before its step, as a tensor, on both steps"""
    pending = _train_steps(learner, seed)
    truth = _truth(seed)
    report = pending.result()
    _check_loss(report, truth, 1)
    # The second loss is the judge's only where the first step moved the parameters as SGD does: a wrong step
    # is the step checks' business, not the return value's.
    if not _differ(report.get("step1"), truth["step1"], truth["floors"]):
        _check_loss(report, truth, 2)
