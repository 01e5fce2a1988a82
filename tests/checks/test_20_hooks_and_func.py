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

from autograd_kit.checks import expect, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


@pytest.mark.points(3)
@pytest.mark.measures("clipped_gradient")
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
    h_grad = 2 * (x * 3)
    by_norm = h_grad * (limit / h_grad.norm()) if h_grad.norm() > limit else h_grad
    (by_norm_truth,) = torch.autograd.grad((x * 3), x, grad_outputs=by_norm.detach())
    expect.close(report["result"], truth, tr("x.grad with limit={limit}", limit=limit), [
        Mistake(plain, "nothing-clipped-register-hook"),
        Mistake(plain.clamp(-limit, limit), "x-s-gradient-clipped"),
        Mistake(3 * h_grad.clamp(min=limit), "clamp-min-only"),
        Mistake(by_norm_truth, "clip-by-norm"),
    ])
    expect.grad_left(report["grads"][0], truth, "x", "clipped_gradient(x, limit)")
    code = learner.code("clipped_gradient")
    requirements.calls(code, "register_hook", requirement=tr("clip with a hook on h (h.register_hook), not with a "
                                                             "formula worked out by hand"))
    requirements.calls(code, "backward", requirement=tr("get x.grad from backward()"))


def _f(t: torch.Tensor) -> torch.Tensor:
    return 3 * t**3 - t.sin()


@pytest.mark.points(3)
@pytest.mark.measures("func_derivatives")
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
    expect.close(got.get("grad"), grad, 'func_derivatives(a, v)["grad"]',
                 [Mistake(torch.zeros_like(grad), "closure-uses-outer")], scaled=True)
    if isinstance(got.get("vjp"), (tuple, list)) and len(got["vjp"]) == 1:
        raise CheckFailed(tr('func_derivatives(a, v)["vjp"] is a tuple holding one tensor.') + "\n" + expect.named(
            "function-torch-func-vjp"))
    expect.close(got.get("vjp"), vjp, 'func_derivatives(a, v)["vjp"]', [
        Mistake(grad, "gradient-v-1-pass")],
        scaled=True)
    if isinstance(got.get("jacobian"), torch.Tensor) and got["jacobian"].shape == grad.shape:
        raise CheckFailed(tr("{what} should have shape {shape}, but it has shape {got}.",
                             what='func_derivatives(a, v)["jacobian"]', shape=tuple(jacobian.shape),
                             got=tuple(got["jacobian"].shape)) + "\n" + expect.named("jacrev-of-sum"))
    expect.close(got.get("jacobian"), jacobian, 'func_derivatives(a, v)["jacobian"]', [
        Mistake(torch.diag(vjp), "holds-v-t-j")])
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
