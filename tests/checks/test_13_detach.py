"""Checks for exercise 13: a detached factor is a constant, and shares storage."""

import pytest
import torch

from autograd_kit import expect
from autograd_kit.expect import CheckFailed, Mistake


@pytest.mark.points(3)
def test_gradient_through_detached(learner, rng):
    """the detached factor y counts as a constant: dz/dx = y, not 3x^2"""
    for situation, x in (("x=[2, 3]", torch.tensor([2.0, 3.0])), ("random x", torch.randn(5, generator=rng))):
        x = x.requires_grad_()
        pending = learner.submit_call("gradient_through_detached", x)
        y = x**2
        truth = torch.autograd.grad((y.detach() * x).sum(), x)[0]
        full = torch.autograd.grad((x**3).sum(), x)[0]
        mistakes = [Mistake(full, "this is d(x^3)/dx = 3x^2: y was not detached, so autograd differentiated "
                                  "through it too. Multiply by y.detach().")]
        expect.close(pending.result(), truth, f"x.grad on {situation}", mistakes)


@pytest.mark.points(3)
def test_detached_facts(learner, rng):
    """the detached tensor does not require grad and shares storage with y"""
    x = torch.randn(4, generator=rng).requires_grad_()
    got = learner.call("detached_facts", x)
    if not isinstance(got, dict):
        raise CheckFailed(f"detached_facts should return a dict, but it returned {expect.describe(got)}.")
    y = x.detach() * 3
    expect.close(got.get("d"), y + 1, 'detached_facts(x)["d"]')
    expect.equal(got.get("d_requires_grad"), False, 'detached_facts(x)["d_requires_grad"]',
                 "A detached tensor never requires grad: it has left the graph.")
    copied = "Mistake: d is a copy (clone()?), so changing it left y alone. detach() by itself shares y's storage."
    expect.equal(got.get("shares_storage"), True, 'detached_facts(x)["shares_storage"]', copied)
    expect.close(got.get("y_after"), y + 1, 'y after adding 1 to d in place',
                 [Mistake(y, copied.removeprefix("Mistake: "))])
