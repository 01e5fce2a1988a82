"""Checks for exercise 09: `with torch.no_grad():`."""

import pytest
import torch

from autograd_kit import expect, probes, recipes
from autograd_kit.expect import CheckFailed
from autograd_kit.i18n import tr


@pytest.mark.points(2)
def test_double_without_tracking(learner, rng):
    """the result has the right value and does not require grad; x is left alone"""
    for x in (torch.tensor([1.0], requires_grad=True), torch.randn(4, generator=rng).requires_grad_()):
        _check_double(learner, x)


def _check_double(learner, x):
    report = learner.probe(probes.double_without_tracking, ("double_without_tracking",), x=x)
    expect.close(report["result"], 2 * x.detach(), tr("double_without_tracking(x) for x = {x}", x=expect.show(x.detach())))
    meta = learner.meta("['result']")
    if meta is None or meta.requires_grad:
        raise CheckFailed(expect.named("the result still requires grad, so the multiplication was recorded. Do it "
                                       "inside the `with torch.no_grad():` block (the block may have ended too early)."))
    if not report["x_requires_grad"]:
        raise CheckFailed(expect.named("x itself no longer requires grad. no_grad() leaves inputs alone; do not call "
                                       "x.requires_grad_(False) or change x."))


@pytest.mark.points(2)
def test_evaluate(learner, rng):
    """evaluate(model, data) returns model(data) without recording a graph"""
    recipe = recipes.SmallMLP(int(torch.randint(0, 10_000, (1,), generator=rng)))
    data = torch.randn(5, 8, generator=rng)
    report = learner.probe(probes.evaluate, ("evaluate",), model=recipe, data=data)
    with torch.no_grad():
        want = recipe.build()(data)
    expect.close(report["result"], want, "evaluate(model, data)", rtol=1e-5, atol=1e-6)
    meta = learner.meta("['result']")
    if meta is None or meta.requires_grad:
        raise CheckFailed(expect.named("evaluate's result requires grad: the forward pass ran outside torch.no_grad()."))
    if report["grads"]:
        raise CheckFailed(expect.named("evaluate should only run the model; it filled .grad, so it called backward()."))
