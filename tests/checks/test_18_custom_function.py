"""Checks for exercise 18: a custom autograd.Function, checked the way gradcheck does.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each. Each check
measures one of Cube.forward, Cube.backward and cube alone: the worker pairs the learner's method with the
judge's other one in a Function of its own (references.paired_function), and cube(x) runs with the judge's
Cube lent to the module for the call (references.lend), so a mistake costs only its own function's points.
- Cube.forward returns x ** 3 and saves x with ctx.save_for_backward (test_forward): values of the learner's
  forward on random x, and of what it saved, read back through ctx.saved_tensors by the judge's backward;
  the source shows a static forward that calls save_for_backward.
- Cube.backward returns grad_output times d(x^3)/dx = 3x^2 (test_backward_matches_gradcheck): values: the
  analytical Jacobian of the learner's backward (after the judge's forward), compared by the judge with
  gradcheck's tolerances against the Jacobian of x ** 3, and a vector-Jacobian product for a random
  upstream gradient; the source shows a static backward.
- cube(x) returns Cube.apply(x), a torch.autograd.Function (test_cube_applies_the_function): with the
  judge's Cube lent, whose backward scales the gradient by a factor the judge picks, cube(x)'s value and
  its gradient (only Cube.apply gives that factor); the source shows `class Cube(torch.autograd.Function)`
  and cube returning Cube.apply(...).
"""

import ast

import pytest
import torch

from autograd_kit.checks import expect, probes
from autograd_kit.checks.expect import CheckFailed
from autograd_kit.checks.plugin import LearnerCallFailed
from autograd_kit.checks.syntax import last_name
from autograd_kit.i18n import tr

# gradcheck's own default tolerances, for float64
ATOL, RTOL = 1e-5, 1e-3


def _function_class(learner) -> ast.ClassDef | None:
    """The learner's class Cube, whose methods the worker pairs with the judge's (it must exist to be measured);
    None when there is no file to read (the call then says why)."""
    if learner.source is None:
        return None
    cube = learner.source.defs.get("Cube")
    if not isinstance(cube, ast.ClassDef):
        raise CheckFailed(expect.named("class-cube-torch-autograd"))
    return cube


def _static(learner, name: str) -> ast.FunctionDef:
    """Cube.NAME in the source, a @staticmethod."""
    cube = _function_class(learner)
    methods = {node.name: node for node in cube.body if isinstance(node, ast.FunctionDef)} if cube else {}
    method = methods.get(name)
    if method is None or "staticmethod" not in [last_name(d) for d in method.decorator_list]:
        expect.unmet("Cube", tr("define {name}(ctx, ...) in Cube as a @staticmethod", name=name))
    return method


@pytest.mark.points(2)
@pytest.mark.measures("Cube.forward")
def test_forward(learner, rng):
    """Cube.forward returns x ** 3 and saves x for backward"""
    _function_class(learner)
    x = torch.randn(4, generator=rng)
    report = learner.probe(probes.cube_forward, ("Cube",), label="Cube.forward()", x=x)
    x64 = x.double()
    expect.close(report.get("value"), x64**3, tr("Cube.forward on random x"))
    saved = report.get("saved")
    if not saved:
        raise CheckFailed(tr("Cube.forward saved nothing for backward: ctx.saved_tensors is empty, where backward "
                             "needs x (ctx.save_for_backward(x))."))
    first = saved[0]
    if isinstance(first, torch.Tensor) and first.shape == x.shape:
        for power, key in ((3, "saved-output"), (2, "saved-square")):
            if expect.within(first.double(), x64**power, x64.abs() ** power, 1e-4) and not expect.within(
                    first.double(), x64, x64.abs(), 1e-4):
                raise CheckFailed(tr("Cube.forward saved {got} for backward, where backward needs x = {want}.",
                                     got=expect.show(first), want=expect.show(x)) + "\n" + expect.named(key))
    expect.close(first, x64, tr("the tensor Cube.forward saved for backward (ctx.saved_tensors[0])"))
    method = _static(learner, "forward")
    if not [n for n in ast.walk(method) if isinstance(n, ast.Call) and last_name(n) == "save_for_backward"]:
        expect.unmet("Cube.forward", tr("keep x for backward with ctx.save_for_backward(x), and read it back from "
                                        "ctx.saved_tensors (autograd then checks it was not changed in place)"))


@pytest.mark.points(2)
@pytest.mark.measures("Cube.backward")
def test_backward_matches_gradcheck(learner, rng):
    """Cube.backward agrees with gradcheck: its Jacobian is that of x ** 3, in float64"""
    _function_class(learner)
    x, v = torch.randn(4, generator=rng), torch.randn(4, generator=rng)
    try:
        report = learner.probe(probes.cube_backward, ("Cube",), label="Cube.backward()", x=x, v=v)
    except LearnerCallFailed as failed:
        raise _reads_own_ctx_attribute(failed) from None
    analytical = report.get("analytical")
    x64 = x.to(torch.float64)
    # gradcheck's numerical Jacobian of the right forward: the judge's own, from autograd on x ** 3
    want = torch.autograd.functional.jacobian(lambda t: t**3, x64)
    expect.tensor(analytical, want, tr("the analytical Jacobian (your backward)"))
    if not torch.allclose(analytical, want, rtol=RTOL, atol=ATOL):
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
        raise CheckFailed(tr(
            "gradcheck fails: your backward (the analytical Jacobian) disagrees with the Jacobian of x ** 3 (the "
            "numerical one, 3x^2 on the diagonal), at x = {x}.\n"
            "  expected Jacobian:\n{numerical}\n  your backward's Jacobian:\n{analytical}",
            x=expect.show(x), numerical=_matrix(want), analytical=_matrix(analytical)) + (f"\n{note}" if note else ""))
    truth = v.double() * 3 * x.double() ** 2
    expect.close(report.get("vjp"), truth, tr("the gradient through Cube for a random upstream gradient v"),
                 ulps=256)
    _static(learner, "backward")


@pytest.mark.points(1)
@pytest.mark.measures("cube")
def test_cube_applies_the_function(learner, rng):
    """cube(x) returns Cube.apply(x), so its gradient comes from Cube's backward"""
    x, v = torch.randn(4, generator=rng), torch.randn(4, generator=rng)
    scale = 1.5 + float(torch.rand(1, generator=rng))  # the lent Cube's backward: only Cube.apply gives it
    report = learner.probe(probes.cube_through_lent, ("cube",), label="cube()", x=x, v=v, scale=scale)
    x64, v64 = x.double(), v.double()
    expect.close(report.get("value"), x64**3, tr("cube(x) on random x"))
    gradient = report.get("vjp")
    through = v64 * 3 * x64**2 * scale
    if not isinstance(gradient, torch.Tensor) or not expect.within(gradient.double(), through, through.abs(), 1e-4):
        raise CheckFailed(tr("the grader lent cube a Cube whose backward multiplies the gradient by {scale:.4f}; "
                             "the gradient through cube(x) should be that Cube's, {want}, but it is {got}.",
                             scale=scale, want=expect.show(through), got=expect.show(gradient))
                          + "\n" + expect.named("result-come-cube-apply" if _subclasses_function(learner)
                                                 else "class-cube-torch-autograd"))
    _applies_a_function(learner)


def _subclasses_function(learner) -> bool:
    """The source: class Cube(torch.autograd.Function). Without it, no Cube.apply can be the answer's gradient, so
    that is the first thing to say (a file without source to read is not blamed for it)."""
    source = learner.source
    if source is None:
        return True
    cube = source.defs.get("Cube")
    return isinstance(cube, ast.ClassDef) and any(
        source.resolve(base) in ("torch.autograd.Function", "torch.autograd.function.Function") for base in cube.bases)


def _applies_a_function(learner) -> None:
    """The source: class Cube(torch.autograd.Function), and cube returns Cube.apply(...)."""
    source = learner.source
    if not _subclasses_function(learner):
        raise CheckFailed(expect.named("class-cube-torch-autograd"))
    if source is None:
        return
    code = learner.code("cube")
    returns = [n for n in ast.walk(code.function) if isinstance(n, ast.Return) and n.value is not None]
    applied = [r for r in returns if isinstance(r.value, ast.Call) and isinstance(r.value.func, ast.Attribute)
               and r.value.func.attr == "apply" and isinstance(r.value.func.value, ast.Name)
               and r.value.func.value.id == "Cube"]
    if not returns or len(applied) != len(returns):
        node = next((r for r in returns if r not in applied), None)
        raise CheckFailed(expect.named("result-come-cube-apply") + (
            "\n" + tr("  line {line}: {code}", line=node.lineno, code=source.line(node)) if node else ""))


def _reads_own_ctx_attribute(failed: LearnerCallFailed) -> LearnerCallFailed:
    """backward paired with the judge's forward finds on ctx only what save_for_backward keeps: a backward that
    reads an attribute its own forward set (ctx.x = x) is told where to read x instead."""
    error = failed.outcome.error or {}
    frames = [frame.get("function") for frame in error.get("frames") or []]
    if error.get("type") != "AttributeError" or "backward" not in frames:
        return failed
    note = tr("The grader runs your backward after a forward that keeps x as the exercise asks, with "
              "ctx.save_for_backward(x): read it back with (x,) = ctx.saved_tensors, not from an attribute of ctx.")
    return LearnerCallFailed(failed.outcome, f"{failed}\n{note}", failed.function)


def _matrix(m: torch.Tensor) -> str:
    return "\n".join("    [" + ", ".join(f"{float(v):9.4f}" for v in row) + "]" for row in m)
