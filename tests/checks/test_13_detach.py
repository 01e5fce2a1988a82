"""Checks for exercise 13: a detached factor is a constant, and shares storage."""

import pytest
import torch

from autograd_kit import expect
from autograd_kit.expect import Mistake
from autograd_kit.i18n import tr


@pytest.mark.points(3)
def test_gradient_through_detached(learner, rng):
    """the detached factor y counts as a constant: dz/dx = y, not 3x^2"""
    for situation, x in (("x=[2, 3]", torch.tensor([2.0, 3.0])), (tr("random x"), torch.randn(5, generator=rng))):
        x = x.requires_grad_()
        pending = learner.submit_call("gradient_through_detached", x)
        y = x**2
        truth = torch.autograd.grad((y.detach() * x).sum(), x)[0]
        full = torch.autograd.grad((x**3).sum(), x)[0]
        mistakes = [Mistake(full, "this is d(x^3)/dx = 3x^2: y was not detached, so autograd differentiated "
                                  "through it too. Multiply by y.detach().")]
        expect.close(pending.result(), truth, tr("x.grad on {situation}", situation=situation), mistakes)


@pytest.mark.points(3)
def test_detached_facts(learner, rng):
    """the detached tensor does not require grad and shares storage with y"""
    x = torch.randn(4, generator=rng).requires_grad_()
    got = learner.call("detached_facts", x)
    expect.mapping(got, "detached_facts")
    y = x.detach() * 3
    expect.close(got.get("d"), y + 1, 'detached_facts(x)["d"]')
    expect.equal(got.get("d_requires_grad"), False, 'detached_facts(x)["d_requires_grad"]',
                 tr("A detached tensor never requires grad: it has left the graph."))
    copied = Mistake(y, "d is a copy (clone()?), so changing it left y alone. detach() by itself shares y's storage.")
    expect.equal(got.get("shares_storage"), True, 'detached_facts(x)["shares_storage"]',
                 expect.named(copied.explanation))
    expect.close(got.get("y_after"), y + 1, tr("y after adding 1 to d in place"), [copied])
