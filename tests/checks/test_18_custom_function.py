"""Checks for exercise 18: a custom autograd.Function, checked the way gradcheck does.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- Cube is a torch.autograd.Function whose forward saves x with ctx.save_for_backward and returns x ** 3,
  and cube(x) returns Cube.apply(x), so its result comes from the Function (test_forward): values of
  cube(x) on random x; the source shows the class, its static forward and backward, save_for_backward
  and cube returning Cube.apply(...). (The grad_fn's name the worker saw only explains a mismatch.)
- backward returns grad_output times d(x^3)/dx = 3x^2, agreeing with finite differences of forward in
  float64 and with autograd on x ** 3 (test_backward_matches_gradcheck): values: the analytical and
  numerical Jacobians, compared by the judge with gradcheck's tolerances, and a vector-Jacobian
  product for a random upstream gradient; the source shows cube(x) goes through Cube's backward
  (without it, the Jacobians measure torch's built-in x ** 3).
"""

import ast

import pytest
import torch

from autograd_kit.checks import expect, probes
from autograd_kit.checks.expect import CheckFailed
from autograd_kit.checks.syntax import last_name
from autograd_kit.i18n import tr

# gradcheck's own default tolerances, for float64
ATOL, RTOL = 1e-5, 1e-3


def _report(learner, rng) -> tuple[torch.Tensor, torch.Tensor, dict]:
    x = torch.randn(4, generator=rng)
    v = torch.randn(4, generator=rng)
    report = learner.probe(probes.custom_function, ("cube",), label="cube()", name="cube", x=x, v=v)
    if not isinstance(report, dict):
        raise CheckFailed(tr("cube(x) should return a tensor, but it returned {got}.", got=expect.describe(report)))
    return x, v, report


@pytest.mark.points(2)
def test_forward(learner, rng):
    """cube(x) equals x ** 3 and comes from your Function (its grad_fn is CubeBackward)"""
    x, _, report = _report(learner, rng)
    expect.close(report.get("value"), x.double() ** 3, tr("cube(x) on random x"))
    _written_as_a_function(learner, forward_saves=True)


def _written_as_a_function(learner, forward_saves: bool) -> None:
    """The source: class Cube(torch.autograd.Function) with static forward/backward, and cube returns Cube.apply(x)."""
    source = learner.source
    cube = source.defs.get("Cube")
    if not isinstance(cube, ast.ClassDef) or not any(
            source.resolve(base) in ("torch.autograd.Function", "torch.autograd.function.Function") for base in cube.bases):
        raise CheckFailed(expect.named("class-cube-torch-autograd"))
    methods = {node.name: node for node in cube.body if isinstance(node, ast.FunctionDef)}
    for name in ("forward", "backward"):
        method = methods.get(name)
        if method is None or "staticmethod" not in [last_name(d) for d in method.decorator_list]:
            expect.unmet("Cube", tr("define {name}(ctx, ...) in Cube as a @staticmethod", name=name))
    saves = [n for n in ast.walk(methods["forward"]) if isinstance(n, ast.Call) and last_name(n) == "save_for_backward"]
    if forward_saves and not saves:
        expect.unmet("Cube.forward", tr("keep x for backward with ctx.save_for_backward(x), and read it back from "
                                        "ctx.saved_tensors (autograd then checks it was not changed in place)"))
    code = learner.code("cube")
    returns = [n for n in ast.walk(code.function) if isinstance(n, ast.Return) and n.value is not None]
    applied = [r for r in returns if isinstance(r.value, ast.Call) and isinstance(r.value.func, ast.Attribute)
               and r.value.func.attr == "apply" and isinstance(r.value.func.value, ast.Name)
               and r.value.func.value.id == "Cube"]
    if not returns or len(applied) != len(returns):
        node = next((r for r in returns if r not in applied), None)
        raise CheckFailed(expect.named("result-come-cube-apply") + (
            "\n" + tr("  line {line}: {code}", line=node.lineno, code=source.line(node)) if node else ""))


@pytest.mark.points(3)
def test_backward_matches_gradcheck(learner, rng):
    """backward agrees with finite differences in float64 (gradcheck) and with autograd on x ** 3"""
    x, v, report = _report(learner, rng)
    analytical, numerical = report.get("analytical"), report.get("numerical")
    if not isinstance(analytical, torch.Tensor) or not isinstance(numerical, torch.Tensor):
        raise CheckFailed(tr("cube(x) did not give Jacobians to compare: does it return a tensor that requires grad?"))
    x64 = x.to(torch.float64)
    want = torch.autograd.functional.jacobian(lambda t: t**3, x64)
    expect.tensor(numerical, want, tr("the numerical Jacobian (finite differences of your forward)"))
    if not torch.allclose(numerical, want, rtol=RTOL, atol=ATOL):
        expect.fail(tr("the numerical Jacobian (finite differences of your forward)"), want, numerical)
    expect.tensor(analytical, want, tr("the analytical Jacobian (your backward)"))
    if not torch.allclose(analytical, numerical, rtol=RTOL, atol=ATOL):
        note = ""
        diagonal = torch.diagonal(analytical)
        if torch.allclose(analytical, (3 * x64**2).expand_as(analytical), rtol=RTOL, atol=ATOL):
            # every row is the local derivative: backward returned it whatever grad_output was
            note = expect.named("backward-ignores-grad-output")
        elif torch.allclose(diagonal, torch.ones_like(diagonal), rtol=RTOL, atol=ATOL):
            note = expect.named("backward-returns-grad-output")
        elif torch.allclose(diagonal, x64**2, rtol=RTOL, atol=ATOL):
            note = expect.named("backward-returns-x-2")
        elif torch.allclose(diagonal, 3 * x64, rtol=RTOL, atol=ATOL):
            note = expect.named("backward-uses-3x-power")
        elif torch.allclose(diagonal, 2 * x64, rtol=RTOL, atol=ATOL):
            note = expect.named("backward-returns-2x-times")
        elif torch.allclose(diagonal, 3 * x64**6, rtol=RTOL, atol=ATOL):
            note = expect.named("saved-output")
        elif torch.allclose(diagonal, 3 * x64**4, rtol=RTOL, atol=ATOL):
            note = expect.named("saved-square")
        raise CheckFailed(tr(
            "gradcheck fails: your backward (the analytical Jacobian) disagrees with finite differences of your "
            "forward (the numerical Jacobian), at x = {x}.\n"
            "  numerical Jacobian:\n{numerical}\n  analytical Jacobian:\n{analytical}",
            x=expect.show(x), numerical=_matrix(numerical), analytical=_matrix(analytical)) + (f"\n{note}" if note else ""))
    truth = v.double() * 3 * x.double() ** 2
    expect.close(report.get("vjp"), truth, tr("the gradient through cube(x) for a random upstream gradient v"),
                 ulps=256)
    # The Jacobians measure your backward only if cube(x) runs through it.
    _written_as_a_function(learner, forward_saves=False)


def _matrix(m: torch.Tensor) -> str:
    return "\n".join("    [" + ", ".join(f"{float(v):9.4f}" for v in row) + "]" for row in m)
