"""Checks for exercise 10: `@torch.no_grad()` on a function."""

import pytest
import torch

from autograd_kit import expect, probes
from autograd_kit.expect import CheckFailed
from autograd_kit.i18n import tr


def _run(learner, rng, tutorial=False):
    x = torch.tensor([1.0], requires_grad=True) if tutorial else torch.randn(5, generator=rng).requires_grad_()
    return x, learner.probe(probes.doubler, ("doubler",), x=x)


@pytest.mark.points(2)
def test_doubler_result(learner, rng):
    """doubler(x) returns x * 2, which does not require grad, for the tutorial's x = [1.] and a random x"""
    for tutorial in (True, False):
        _check_result(*_run(learner, rng, tutorial), learner)


def _check_result(x, report, learner):
    expect.close(report["result"], 2 * x.detach(), tr("doubler(x) for x = {x}", x=expect.show(x.detach())))
    meta = learner.meta("['result']")
    if meta is None or meta.requires_grad:
        raise CheckFailed(expect.named("doubler's result requires grad, so its multiplication was recorded. "
                                       "A decorator on the line above `def doubler` can turn tracking off for "
                                       "every call."))
    if not report["x_requires_grad"]:
        raise CheckFailed(expect.named("x itself no longer requires grad; the decorator leaves inputs alone."))


@pytest.mark.points(2)
def test_doubler_is_decorated(learner, rng):
    """the decorator, not the body, turns tracking off"""
    x, report = _run(learner, rng)
    if not report["wrapped"]:
        raise CheckFailed(expect.named("doubler is not decorated: the decorator goes on the line above "
                                       "`def doubler`, and the body needs no no_grad of its own."))
    expect.close(report["body_result"], 2 * x.detach(), tr("doubler's body without the decorator"))
    meta = learner.meta("['body_result']")
    if meta is None or not meta.requires_grad:
        raise CheckFailed(expect.named("doubler's body turns tracking off itself (a with-block or detach()); leave "
                                       "that to the decorator and keep the body free of no_grad and detach()."))
