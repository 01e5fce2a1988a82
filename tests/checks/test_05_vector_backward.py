"""Checks for exercise 05: backward(gradient=...) and the vector-Jacobian product.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- tutorial_gradients builds Q = 3a^3 - b^2, calls Q.backward with the right external gradient and
  returns (a.grad, b.grad) = (9a^2, -2b), on the tutorial's numbers and on random ones
  (test_tutorial_gradients): values returned, and a.grad after the call; the source shows backward()
  called with a gradient argument.
- vector_jacobian_product computes y = f(a, b), backpropagates v through it (one backward call with
  gradient=v) and returns (a.grad, b.grad) = J^T v, for functions whose Jacobian is not diagonal
  (test_vector_jacobian_product): values returned, and a.grad after the call, against
  autograd.functional.jacobian; the source shows backward() called with a gradient argument.
"""

import pytest
import torch
from torch.autograd.functional import jacobian

from autograd_kit.checks import expect, recipes, requirements
from autograd_kit.checks.expect import Mistake
from autograd_kit.i18n import tr


def _leaves(*values: torch.Tensor) -> tuple[torch.Tensor, ...]:
    return tuple(v.clone().requires_grad_() for v in values)


def _check_tutorial(learner, a, b, what):
    report = learner.submit_watching_grads("tutorial_gradients", *_leaves(a, b)).result()
    got = expect.items(report["result"], 2, "tutorial_gradients(a, b)")
    a64, b64 = a.double(), b.double()
    ones = Mistake(torch.ones_like(a64), "grad-all-ones-external")
    q = 3 * a64**3 - b64**2
    expect.close(got[0], 9 * a64**2, tr("{call} {situation}", call="a.grad", situation=what),
                 [Mistake(q, "q-gradient-return-grad"), ones, Mistake(9 * a64**2 * q, "q-as-gradient"),
                  Mistake(torch.zeros_like(a64), "zeros-gradient")],
                 scaled=True)
    expect.close(got[1], -2 * b64, tr("{call} {situation}", call="b.grad", situation=what), scaled=True)
    expect.grad_left(report["grads"][0], 9 * a64**2, "a", "tutorial_gradients(a, b)", scaled=True)


@pytest.mark.points(3)
@pytest.mark.measures("tutorial_gradients")
def test_tutorial_gradients(learner, rng):
    """Q.backward(gradient=...) gives a.grad = 9a^2 and b.grad = -2b, on the tutorial's numbers and random ones"""
    _check_tutorial(learner, torch.tensor([2.0, 3.0]), torch.tensor([6.0, 4.0]), tr("on the tutorial's numbers"))
    n = int(torch.randint(3, 8, (1,), generator=rng))
    _check_tutorial(learner, torch.randn(n, generator=rng), torch.randn(n, generator=rng), tr("on random inputs"))
    requirements.backward_with_gradient(learner.code("tutorial_gradients"), tr(
        "call Q.backward() with the external gradient, a tensor shaped like Q (Q is a vector, not a scalar)"))


@pytest.mark.points(3)
@pytest.mark.measures("vector_jacobian_product")
def test_vector_jacobian_product(learner, rng):
    """y.backward(gradient=v) gives J^T v, for functions whose Jacobian is not diagonal"""
    for index in torch.randperm(len(recipes.EXPRESSIONS), generator=rng)[:2].tolist():
        f = recipes.EXPRESSIONS[index]
        n = int(torch.randint(3, 7, (1,), generator=rng))
        a, b, v = (torch.randn(n, generator=rng, dtype=torch.float64) for _ in range(3))
        ja, jb = jacobian(f, (a, b))
        report = learner.submit_watching_grads("vector_jacobian_product", f, *_leaves(a, b), v).result()
        got = expect.items(report["result"], 2, "vector_jacobian_product(f, a, b, v)")
        ones = torch.ones_like(v)
        for grad, j, name in ((got[0], ja, "a.grad"), (got[1], jb, "b.grad")):
            mistakes = [
                Mistake(j.T @ ones, "j-t-times-ones"),
                Mistake((j.T @ ones) * v, "gradient-y-sum-multiplied"),
                Mistake(j @ v, "j-v-j-t"),
            ]
            expect.close(grad, j.T @ v, tr("{name} for f = {f}", name=name, f=f.__name__), mistakes,
                         scaled=True, scale=j.abs().T @ v.abs())
        expect.grad_left(report["grads"][1], ja.T @ v, "a", "vector_jacobian_product(f, a, b, v)",
                         scale=ja.abs().T @ v.abs())
    requirements.backward_with_gradient(learner.code("vector_jacobian_product"), tr(
        "call y.backward(gradient=v): backward() on y itself, with v as its gradient"))
