"""Checks for exercise 20: a clipping hook, and torch.func against autograd.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- clipped_gradient: h = x * 3, y = (h ** 2).sum(); a hook registered on h before backward() clips h's
  gradient to [-limit, limit]; return x.grad = 3 * clamp(2h) (test_clipped_gradient): values; the source
  registers a hook and calls backward().
- func_derivatives returns {"grad": torch.func.grad(s)(a), "vjp": v^T J from torch.func.vjp(f, a),
  "jacobian": torch.func.jacrev(f)(a)}, agreeing with backward(v) and autograd.functional.jacobian
  (test_func_derivatives): values; the source uses torch.func's grad, vjp and jacrev.
"""

import ast

import pytest
import torch

from autograd_kit import expect, requirements
from autograd_kit.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


@pytest.mark.points(3)
def test_clipped_gradient(learner, rng):
    """the hook clips h's gradient, so x.grad = 3 * clamp(2h, -limit, limit)"""
    x = (torch.randn(6, generator=rng) * 2).requires_grad_()
    limit = round(float(torch.rand(1, generator=rng)) * 2 + 0.5, 2)
    pending = learner.submit_watching_grads("clipped_gradient", x, limit)
    h = x * 3
    h.register_hook(lambda grad: grad.clamp(-limit, limit))
    truth = torch.autograd.grad((h**2).sum(), x)[0]
    plain = torch.autograd.grad(((x * 3) ** 2).sum(), x)[0]
    report = pending.result()
    expect.close(report["result"], truth, tr("x.grad with limit={limit}", limit=limit), [
        Mistake(plain, "nothing was clipped: register the hook on h before backward(), and return the clipped "
                       "gradient from it (a hook that returns None changes nothing)."),
        Mistake(plain.clamp(-limit, limit), "x's gradient was clipped, not h's: put the hook on h = x * 3, so "
                                            "the clipping happens before the factor 3."),
    ])
    expect.grad_left(report["grads"][0], truth, "x", "clipped_gradient(x, limit)")
    code = learner.code("clipped_gradient")
    requirements.calls(code, "register_hook", requirement=tr("clip with a hook on h (h.register_hook), not with a "
                                                             "formula worked out by hand"))
    requirements.calls(code, "backward", requirement=tr("get x.grad from backward()"))


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
    expect.close(got.get("grad"), grad, 'func_derivatives(a, v)["grad"]', scaled=True)
    if isinstance(got.get("vjp"), (tuple, list)) and len(got["vjp"]) == 1:
        raise CheckFailed(tr('func_derivatives(a, v)["vjp"] is a tuple holding one tensor.') + "\n" + expect.named(
            "the function torch.func.vjp returns gives a tuple, one gradient per input of f: take its first item."))
    expect.close(got.get("vjp"), vjp, 'func_derivatives(a, v)["vjp"]', [
        Mistake(grad, "this is the gradient with v = 1: pass v to the function torch.func.vjp returns.")],
        scaled=True)
    expect.close(got.get("jacobian"), jacobian, 'func_derivatives(a, v)["jacobian"]', [
        Mistake(torch.diag(vjp), "this holds v^T J on the diagonal: jacrev gives the whole Jacobian, with no v.")])
    code = learner.code("func_derivatives")
    for name in ("grad", "vjp", "jacrev"):
        if not _from_torch_func(learner.source, code, name):
            expect.unmet("func_derivatives()", tr("get each entry from torch.func: {name} is not used (autograd's "
                                                  "own functions give the same numbers, but this exercise is about "
                                                  "torch.func)", name=f"torch.func.{name}"))


def _from_torch_func(source, code, name: str) -> bool:
    """torch.func.NAME used in the code, however the file imported it (from torch.func import NAME, import
    torch.func as tf, functorch)."""
    wanted = (f"torch.func.{name}", f"functorch.{name}")
    return any(source.resolve(node) in wanted for node in code.walk() if isinstance(node, (ast.Name, ast.Attribute)))
