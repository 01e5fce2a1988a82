"""Checks for exercise 13: a detached factor is a constant, and shares storage.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- gradient_through_detached: y = x ** 2, z = y.detach() * x, backward through z.sum(), return x.grad,
  which is y, not 3x^2 (test_gradient_through_detached): values on x = [2, 3] and random x; the source
  shows detach() and backward().
- detached_facts: d = y.detach() (no copy), add 1 to d in place, report d, y afterwards, whether d
  requires grad and whether it shares y's storage (test_detached_facts): the returned values (y after
  the change proves the sharing); the source shows detach() (y.data is a different tool).
"""

import pytest
import torch

from autograd_kit.checks import expect, requirements
from autograd_kit.checks.expect import Mistake
from autograd_kit.i18n import tr


@pytest.mark.points(3)
@pytest.mark.measures("gradient_through_detached")
def test_gradient_through_detached(learner, rng):
    """the detached factor y counts as a constant: dz/dx = y, not 3x^2"""
    for situation, x in (("x=[2, 3]", torch.tensor([2.0, 3.0])), (tr("random x"), torch.randn(5, generator=rng))):
        x = x.requires_grad_()
        pending = learner.submit_watching_grads("gradient_through_detached", x)
        y = x**2
        expect.graph_truth((y.detach() * x).sum())
        truth = torch.autograd.grad((y.detach() * x).sum(), x)[0]
        full = torch.autograd.grad((x**3).sum(), x)[0]
        mistakes = [Mistake(full, "d-x-3-dx"),
                    Mistake(2 * x.detach() ** 2, "2x-2-factor-x")]
        report = pending.result()
        expect.close(report["result"], truth, tr("x.grad on {situation}", situation=situation), mistakes)
        expect.grad_left(report["grads"][0], truth, "x", "gradient_through_detached(x)")
    code = learner.code("gradient_through_detached")
    requirements.calls(code, "detach", requirement=tr("make y a constant with y.detach()"))
    requirements.calls(code, "backward", requirement=tr("get x.grad from backward() through z.sum()"))


@pytest.mark.points(3)
@pytest.mark.measures("detached_facts")
def test_detached_facts(learner, rng):
    """the detached tensor does not require grad and shares storage with y"""
    x = torch.randn(4, generator=rng).requires_grad_()
    got = learner.call("detached_facts", x)
    expect.mapping(got, "detached_facts")
    y = x.detach() * 3
    expect.close(got.get("d"), y + 1, 'detached_facts(x)["d"]', [Mistake(y, "add-not-in-place")])
    expect.equal(got.get("d_requires_grad"), False, 'detached_facts(x)["d_requires_grad"]',
                 tr("A detached tensor never requires grad: it has left the graph."))
    y_after = got.get("y_after")
    y_changed = isinstance(y_after, torch.Tensor) and y_after.shape == y.shape and \
        expect.within(y_after.double(), (y + 1).double(), (y + 1).double().abs(), 64 * 1.2e-7)
    if got.get("shares_storage") is not True:
        expect.equal(got.get("shares_storage"), True, 'detached_facts(x)["shares_storage"]',
                     expect.named("identity-not-storage" if y_changed else "d-copy-clone-changing"))
    expect.close(y_after, y + 1, tr("y after adding 1 to d in place"), [Mistake(y, "d-copy-clone-changing")])
    code = learner.code("detached_facts")
    requirement = tr("make d with y.detach() (y.data shares storage too, but skips autograd's checks)")
    requirements.avoids_attribute(code, "data", requirement)
    requirements.calls(code, "detach", requirement=requirement)
