"""Checks for exercise 18: a custom autograd.Function, checked the way gradcheck does."""

import pytest
import torch

from autograd_kit import expect, probes
from autograd_kit.expect import CheckFailed
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
    expect.close(report.get("value"), x**3, tr("cube(x) on random x"), rtol=1e-4)
    node = report.get("grad_fn")
    if node is None:
        raise CheckFailed(tr("cube(x) of a tensor that requires grad should require grad too, but it has no grad_fn.\n"
                             "Return Cube.apply(x), and compute the result in forward()."))
    if node != "CubeBackward":
        raise CheckFailed(tr("cube(x).grad_fn is {node}, not CubeBackward.", node=node) + "\n" + expect.named(
            "the result did not come from Cube.apply(x); autograd used the built-in operation instead of your Function."))


@pytest.mark.points(3)
def test_backward_matches_gradcheck(learner, rng):
    """backward agrees with finite differences in float64 (gradcheck) and with autograd on x ** 3"""
    x, v, report = _report(learner, rng)
    analytical, numerical = report.get("analytical"), report.get("numerical")
    if not isinstance(analytical, torch.Tensor) or not isinstance(numerical, torch.Tensor):
        raise CheckFailed(tr("cube(x) did not give Jacobians to compare: does it return a tensor that requires grad?"))
    x64 = x.to(torch.float64)
    want = torch.autograd.functional.jacobian(lambda t: t**3, x64)
    expect.close(numerical, want, tr("the numerical Jacobian (finite differences of your forward)"), rtol=RTOL, atol=ATOL)
    if not torch.allclose(analytical, numerical, rtol=RTOL, atol=ATOL):
        note = ""
        diagonal = torch.diagonal(analytical)
        if torch.allclose(analytical, (3 * x64**2).expand_as(analytical), rtol=RTOL, atol=ATOL):
            # every row is the local derivative: backward returned it whatever grad_output was
            note = expect.named("backward ignores grad_output: multiply the local derivative by it.")
        elif torch.allclose(diagonal, torch.ones_like(diagonal), rtol=RTOL, atol=ATOL):
            note = expect.named("backward returns grad_output unchanged: multiply it by d(x^3)/dx = 3x^2.")
        elif torch.allclose(diagonal, x64**2, rtol=RTOL, atol=ATOL):
            note = expect.named("backward returns x^2 times grad_output: the derivative of x^3 is 3x^2.")
        elif torch.allclose(diagonal, 3 * x64, rtol=RTOL, atol=ATOL):
            note = expect.named("backward uses 3x: the power rule gives 3x^2.")
        raise CheckFailed(tr(
            "gradcheck fails: your backward (the analytical Jacobian) disagrees with finite differences of your "
            "forward (the numerical Jacobian), at x = {x}.\n"
            "  numerical Jacobian:\n{numerical}\n  analytical Jacobian:\n{analytical}",
            x=expect.show(x), numerical=_matrix(numerical), analytical=_matrix(analytical)) + (f"\n{note}" if note else ""))
    truth = v * 3 * x**2
    expect.close(report.get("vjp"), truth, tr("the gradient through cube(x) for a random upstream gradient v"),
                 rtol=1e-4)


def _matrix(m: torch.Tensor) -> str:
    return "\n".join("    [" + ", ".join(f"{float(v):9.4f}" for v in row) + "]" for row in m)
