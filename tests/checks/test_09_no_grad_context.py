"""Checks for exercise 09: `with torch.no_grad():`.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- double_without_tracking(x) returns x * 2 computed inside a torch.no_grad() block: the result does not
  require grad and x is left alone (test_double_without_tracking): the values; the source shows the
  returned value computed inside a `with torch.no_grad():` block; requires_grad of the result and of x is what the worker
  saw, believed only for a file that leaves torch alone.
- evaluate(model, data) returns model(data) without recording a graph: the forward pass inside
  torch.no_grad(), no backward (test_evaluate): the values against the judge's model; the source shows
  every call of the model inside no_grad; requires_grad and the parameters' .grad are what the worker saw.
"""

import pytest
import torch

from autograd_kit.checks import expect, probes, recipes, requirements
from autograd_kit.checks.expect import CheckFailed
from autograd_kit.i18n import tr


@pytest.mark.points(2)
@pytest.mark.measures("double_without_tracking")
def test_double_without_tracking(learner, rng):
    """the result has the right value and does not require grad; x is left alone"""
    for x in (torch.tensor([1.0], requires_grad=True), torch.randn(4, generator=rng).requires_grad_()):
        _check_double(learner, x)
    code = learner.code("double_without_tracking")
    requirements.computed_inside(code, requirements.NO_GRAD, tr(
        "compute x * 2 inside a `with torch.no_grad():` block (detach() or requires_grad_(False) afterwards is a "
        "different tool: the multiplication was recorded first)"))


def _check_double(learner, x):
    report = learner.probe(probes.call_keeping_input, ("double_without_tracking",), name="double_without_tracking",
                           x=x)
    expect.close(report["result"], 2 * x.detach(), tr("double_without_tracking(x) for x = {x}", x=expect.show(x.detach())))
    meta = learner.meta("['result']")
    if meta is None or meta.requires_grad:
        raise CheckFailed(expect.named("result-still-requires-grad"))
    if not learner.meta("['x']").requires_grad:
        raise CheckFailed(expect.named("x-itself-longer-requires"))


@pytest.mark.points(2)
@pytest.mark.measures("evaluate")
def test_evaluate(learner, rng):
    """evaluate(model, data) returns model(data) without recording a graph"""
    recipe = recipes.SmallMLP(int(torch.randint(0, 10_000, (1,), generator=rng)))
    data = torch.randn(5, 8, generator=rng)
    report = learner.probe(probes.evaluate, ("evaluate",), model=recipe, data=data)
    with torch.no_grad():
        want = recipe.build()(data)
    expect.close(report["result"], want, "evaluate(model, data)")
    meta = learner.meta("['result']")
    if meta is None or meta.requires_grad:
        raise CheckFailed(expect.named("evaluate-s-result-requires"))
    if report["grads"]:
        raise CheckFailed(expect.named("evaluate-should-only-run"))
    code = learner.code("evaluate")
    requirements.calls_inside(code, requirements.first_parameter(code), requirements.NO_GRAD, tr(
        "run the forward pass inside torch.no_grad()"))
