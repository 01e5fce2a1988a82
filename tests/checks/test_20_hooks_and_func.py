"""Checks for exercise 20: a clipping hook, and torch.func against autograd."""

import pytest
import torch

from autograd_kit import expect
from autograd_kit.expect import Mistake
from autograd_kit.i18n import tr


@pytest.mark.points(3)
def test_clipped_gradient(learner, rng):
    """the hook clips h's gradient, so x.grad = 3 * clamp(2h, -limit, limit)"""
    x = (torch.randn(6, generator=rng) * 2).requires_grad_()
    limit = round(float(torch.rand(1, generator=rng)) * 2 + 0.5, 2)
    pending = learner.submit_call("clipped_gradient", x, limit)
    h = x * 3
    h.register_hook(lambda grad: grad.clamp(-limit, limit))
    truth = torch.autograd.grad((h**2).sum(), x)[0]
    plain = torch.autograd.grad(((x * 3) ** 2).sum(), x)[0]
    expect.close(pending.result(), truth, tr("x.grad with limit={limit}", limit=limit), [
        Mistake(plain, "nothing was clipped: register the hook on h before backward(), and return the clipped "
                       "gradient from it (a hook that returns None changes nothing)."),
        Mistake(plain.clamp(-limit, limit), "x's gradient was clipped, not h's: put the hook on h = x * 3, so "
                                            "the clipping happens before the factor 3."),
    ], rtol=1e-4)


def _f(t: torch.Tensor) -> torch.Tensor:
    return 3 * t**3 - t.sin()


@pytest.mark.points(3)
def test_func_derivatives(learner, rng):
    """torch.func.grad, vjp and jacrev agree with backward(v) and autograd.functional.jacobian"""
    a = torch.randn(4, generator=rng)
    v = torch.randn(4, generator=rng)
    pending = learner.submit_call("func_derivatives", a, v)
    leaf = a.clone().requires_grad_()
    _f(leaf).backward(gradient=v)
    vjp = leaf.grad
    jacobian = torch.autograd.functional.jacobian(_f, a)
    grad = torch.diagonal(jacobian).clone()
    got = expect.mapping(pending.result(), "func_derivatives")
    expect.close(got.get("grad"), grad, 'func_derivatives(a, v)["grad"]', rtol=1e-4, scaled=True)
    expect.close(got.get("vjp"), vjp, 'func_derivatives(a, v)["vjp"]', [
        Mistake(grad, "this is the gradient with v = 1: pass v to the function torch.func.vjp returns.")],
        rtol=1e-4, scaled=True)
    expect.close(got.get("jacobian"), jacobian, 'func_derivatives(a, v)["jacobian"]', [
        Mistake(torch.diag(vjp), "this holds v^T J on the diagonal: jacrev gives the whole Jacobian, with no v.")],
        rtol=1e-4)
