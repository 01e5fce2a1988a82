"""Checks for exercise 11: zero_grad between steps, and what it leaves behind.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- gradients_per_step runs one backward pass per batch, loss ((model(data) - labels) ** 2).mean(),
  without updating the parameters, clearing the old gradients before each backward() and recording a
  copy of model.weight.grad after each (test_same_batch_three_times, test_different_batches): values:
  each recorded gradient against that batch's gradient alone (an update, a missing clear or a
  recorded reference all change them).
- gradients_after_zero_grad clears with an SGD optimizer's zero_grad(set_to_none=...): None everywhere
  for True, tensors of zeros for False (test_zero_grad_leaves): the returned list; the source shows
  zero_grad() doing the clearing.
"""

import ast

import pytest
import torch

from autograd_kit.checks import expect, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def _linear(rng: torch.Generator, inputs: int = 4, outputs: int = 2) -> torch.nn.Linear:
    model = torch.nn.Linear(inputs, outputs)
    with torch.no_grad():
        model.weight.copy_(torch.randn(outputs, inputs, generator=rng))
        model.bias.copy_(torch.randn(outputs, generator=rng))
    return model


def _step_gradient(model: torch.nn.Linear, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    loss = ((model(data) - labels) ** 2).mean()
    return torch.autograd.grad(loss, model.weight)[0]


def _check_steps(learner, model, batches, situation: str) -> None:
    pending = learner.submit_call("gradients_per_step", model, batches)
    truths = [_step_gradient(model, data, labels) for data, labels in batches]
    stepped = _with_steps(model, batches)
    got = expect.items(pending.result(), len(batches), tr("gradients_per_step on {situation}", situation=situation))
    running = torch.zeros_like(truths[0])
    for step, (answer, truth) in enumerate(zip(got, truths, strict=True), start=1):
        running = running + truth
        mistakes = []
        if step > 1:
            mistakes.append(Mistake(running, "sum-gradients-every-step"))
        if step < len(batches):
            mistakes.append(Mistake(truths[-1], "last-step-s-gradient"))
        if step > 1:
            mistakes.append(Mistake(stepped[step - 1], "stepped-between"))
        expect.close(answer, truth, tr("the gradient recorded after step {step} on {situation}",
                                       step=step, situation=situation), mistakes, scaled=True)


def _with_steps(model: torch.nn.Linear, batches) -> list[torch.Tensor]:
    """The gradients a loop records when it also takes an SGD step (lr=0.1, as the exercise's optimizer) after each."""
    model = _copy(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    recorded = []
    for data, labels in batches:
        optimizer.zero_grad()
        ((model(data) - labels) ** 2).mean().backward()
        recorded.append(model.weight.grad.clone())
        optimizer.step()
    return recorded


@pytest.mark.points(3)
@pytest.mark.measures("gradients_per_step")
def test_same_batch_three_times(learner, rng):
    """three backward passes on one batch record g, g, g (not g, 2g, 3g)"""
    model = _linear(rng)
    batch = (torch.randn(5, 4, generator=rng), torch.randn(5, 2, generator=rng))
    _check_steps(learner, model, [batch] * 3, tr("the same batch three times"))


@pytest.mark.points(2)
@pytest.mark.measures("gradients_per_step")
def test_different_batches(learner, rng):
    """each step's gradient is that batch's gradient alone, on random batches"""
    model = _linear(rng, inputs=3, outputs=3)
    steps = int(torch.randint(3, 6, (1,), generator=rng))
    batches = [(torch.randn(4, 3, generator=rng), torch.randn(4, 3, generator=rng)) for _ in range(steps)]
    _check_steps(learner, model, batches, tr("{count} different random batches", count=steps))
    code = learner.code("gradients_per_step")
    live = [call for call in code.calls("append") if call.args and isinstance(call.args[0], ast.Attribute)
            and call.args[0].attr == "grad"]
    if live:
        raise CheckFailed(tr("gradients_per_step records .grad itself, not a copy:") + "\n"
                          + tr("  line {line}: {code}", line=live[0].lineno, code=code.source.line(live[0])) + "\n"
                          + expect.named("records-live-grad"))


def _after_zero_grad(model: torch.nn.Module, data: torch.Tensor, set_to_none: bool) -> list:
    model = _copy(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model(data).sum().backward()
    optimizer.zero_grad(set_to_none=set_to_none)
    return [p.grad for p in model.parameters()]


def _copy(model: torch.nn.Module) -> torch.nn.Module:
    clone = type(model)(model.in_features, model.out_features)
    clone.load_state_dict(model.state_dict())
    return clone


@pytest.mark.points(2)
@pytest.mark.parametrize("set_to_none", [True, False], ids=["set_to_none", "zeros"])
@pytest.mark.measures("gradients_after_zero_grad")
def test_zero_grad_leaves(learner, rng, set_to_none):
    """optimizer.zero_grad() leaves None by default, and zeros with set_to_none=False"""
    model = _linear(rng, inputs=3, outputs=2)
    data = torch.randn(4, 3, generator=rng)
    pending = learner.submit_call("gradients_after_zero_grad", model, data, set_to_none)
    truth = _after_zero_grad(model, data, set_to_none)
    got = expect.items(pending.result(), len(truth), f"gradients_after_zero_grad(..., set_to_none={set_to_none})")
    what = tr("the gradients after zero_grad(set_to_none={flag})", flag=set_to_none)
    if set_to_none and not all(g is None for g in got):
        if all(isinstance(g, torch.Tensor) for g in got) and all(bool((g == 0).all()) for g in got):
            raise CheckFailed(tr("{what} should all be None, but they are tensors of zeros.", what=what) + "\n"
                              + expect.named("zero-grad-sets-grad"))
        _not_cleared(got, what)
        expect.fail(what, [None] * len(truth), got)
    for answer, want in zip(got, truth, strict=True):
        if set_to_none:
            break
        if answer is None:
            raise CheckFailed(tr("{what} should be tensors of zeros, but an entry is None.", what=what) + "\n"
                              + expect.named("set-none-false-zero"))
        answer = expect.tensor(answer, want, what)
        if not bool((answer == 0).all()):
            _not_cleared(got, what)
            expect.fail(what, want, answer)
    requirements.calls(learner.code("gradients_after_zero_grad"), "zero_grad", requirement=tr(
        "clear the gradients with the optimizer's zero_grad(set_to_none=...), not by hand"))


def _not_cleared(got: list, what: str) -> None:
    if got and all(isinstance(g, torch.Tensor) and bool((g != 0).any()) for g in got):
        raise CheckFailed(tr("{what} still hold the gradients of the backward pass.", what=what) + "\n"
                          + expect.named("zero-grad-called-after"))
