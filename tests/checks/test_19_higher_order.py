"""Checks for exercise 19: second derivatives with create_graph=True.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- second_derivatives returns (d2q/da2, d2q/db2) = (18a, -2) element-wise for q = (3a^3 - b^2).sum(), as
  torch.autograd.functional.hessian says, with torch.autograd.grad twice, the first with
  create_graph=True (test_second_derivatives): values on the tutorial's and random inputs; the source
  shows torch.autograd.grad called more than once and create_graph=True.
- gradient_penalty returns d(penalty)/dw for penalty = (d(out)/dx)^2 summed, out = tanh(x @ w).sum(),
  with g = d(out)/dx computed with create_graph=True (test_gradient_penalty): values; the source shows
  create_graph=True.
"""

import pytest
import torch

from autograd_kit.checks import expect, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def _q(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (3 * a**3 - b**2).sum()


@pytest.mark.points(3)
@pytest.mark.measures("second_derivatives")
def test_second_derivatives(learner, rng):
    """d2q/da2 = 18a and d2q/db2 = -2, as torch.autograd.functional.hessian says"""
    for situation, a, b in ((tr("the tutorial's a=[2, 3], b=[6, 4]"), torch.tensor([2.0, 3.0]), torch.tensor([6.0, 4.0])),
                            (tr("random a and b"), torch.randn(4, generator=rng), torch.randn(4, generator=rng))):
        a, b = a.requires_grad_(), b.requires_grad_()
        pending = learner.submit_call("second_derivatives", a, b)
        hessian = torch.autograd.functional.hessian(_q, (a.detach(), b.detach()))
        hess_a, hess_b = torch.diagonal(hessian[0][0]), torch.diagonal(hessian[1][1])
        first_a, first_b = torch.autograd.grad(_q(a, b), (a, b))
        got = expect.items(pending.result(), 2, "second_derivatives(a, b)")
        for answer, name in ((got[0], "d2q/da2"), (got[1], "d2q/db2")):
            if isinstance(answer, torch.Tensor) and answer.shape == (len(a), len(a)) and len(a) > 1:
                raise CheckFailed(tr("{what} should have shape {shape}, but it has shape {got}.", what=name,
                                     shape=tuple(a.shape), got=tuple(answer.shape)) + "\n"
                                  + expect.named("full-hessian"))
        expect.close(got[0], hess_a, tr("d2q/da2 on {situation}", situation=situation), [
            Mistake(first_a, "first-derivative-9a-2"),
            Mistake(first_a + hess_a, "9a-2-18a-backward")], scaled=True)
        expect.close(got[1], hess_b, tr("d2q/db2 on {situation}", situation=situation), [
            Mistake(first_b, "first-derivative-2b-differentiate")], scaled=True)
    code = learner.code("second_derivatives")
    grads = requirements.calls(code, "grad", requirement=tr("differentiate with torch.autograd.grad, twice (18a "
                                                            "worked out by hand skips what the exercise is about)"))
    if len(grads) < 2 and not code.in_loop(grads):
        expect.unmet("second_derivatives()", tr("call torch.autograd.grad a second time, on the first gradients"))
    requirements.keyword_true(code, ("grad",), "create_graph", tr(
        "compute the first gradients with create_graph=True, so they can be differentiated again"))


@pytest.mark.points(3)
@pytest.mark.measures("gradient_penalty")
def test_gradient_penalty(learner, rng):
    """the gradient of a gradient penalty with respect to the weights"""
    w = torch.randn(3, 2, generator=rng).requires_grad_()
    x = torch.randn(4, 3, generator=rng).requires_grad_()
    pending = learner.submit_call("gradient_penalty", w, x)
    (g,) = torch.autograd.grad(torch.tanh(x @ w).sum(), x, create_graph=True)
    wgan = torch.autograd.grad((g.norm() - 1) ** 2, w, retain_graph=True)[0]
    norm = torch.autograd.grad(g.norm(), w, retain_graph=True)[0]
    truth = torch.autograd.grad((g**2).sum(), w)[0]
    (g_w,) = torch.autograd.grad(torch.tanh(x @ w).sum(), w, create_graph=True)
    on_weights = torch.autograd.grad((g_w**2).sum(), w)[0]
    expect.close(pending.result(), truth, "d(penalty)/dw", [
        Mistake(on_weights, "penalty-built-d-out"), Mistake(wgan, "norm-penalty"), Mistake(norm, "norm-not-squared")],
        scaled=True)
    requirements.keyword_true(learner.code("gradient_penalty"), ("grad", "backward"), "create_graph", tr(
        "compute g = d(out)/dx with create_graph=True"))
