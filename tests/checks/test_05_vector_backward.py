"""Checks for exercise 05: backward(gradient=...) and the vector-Jacobian product."""

import pytest
import torch
from torch.autograd.functional import jacobian

from autograd_kit import expect, recipes
from autograd_kit.expect import Mistake
from autograd_kit.i18n import tr


def _leaves(*values: torch.Tensor) -> tuple[torch.Tensor, ...]:
    return tuple(v.clone().requires_grad_() for v in values)


def _check_tutorial(learner, a, b, what):
    got = expect.items(learner.call("tutorial_gradients", *_leaves(a, b)), 2, "tutorial_gradients(a, b)")
    expect.close(got[0], 9 * a**2, tr("{call} {situation}", call="a.grad", situation=what),
                 [Mistake(3 * a**3 - b**2, "this is Q, not a gradient: return a.grad after backward.")],
                 scaled=True, atol=1e-4)
    expect.close(got[1], -2 * b, tr("{call} {situation}", call="b.grad", situation=what), scaled=True, atol=1e-4)


@pytest.mark.points(3)
def test_tutorial_gradients(learner, rng):
    """Q.backward(gradient=...) gives a.grad = 9a^2 and b.grad = -2b, on the tutorial's numbers and random ones"""
    _check_tutorial(learner, torch.tensor([2.0, 3.0]), torch.tensor([6.0, 4.0]), tr("on the tutorial's numbers"))
    n = int(torch.randint(3, 8, (1,), generator=rng))
    _check_tutorial(learner, torch.randn(n, generator=rng), torch.randn(n, generator=rng), tr("on random inputs"))


@pytest.mark.points(3)
def test_vector_jacobian_product(learner, rng):
    """y.backward(gradient=v) gives J^T v, for functions whose Jacobian is not diagonal"""
    for index in torch.randperm(len(recipes.EXPRESSIONS), generator=rng)[:2].tolist():
        f = recipes.EXPRESSIONS[index]
        n = int(torch.randint(3, 7, (1,), generator=rng))
        a, b, v = (torch.randn(n, generator=rng, dtype=torch.float64) for _ in range(3))
        ja, jb = jacobian(f, (a, b))
        got = expect.items(learner.call("vector_jacobian_product", f, *_leaves(a, b), v), 2,
                           "vector_jacobian_product(f, a, b, v)")
        ones = torch.ones_like(v)
        for grad, j, name in ((got[0], ja, "a.grad"), (got[1], jb, "b.grad")):
            mistakes = [Mistake(j.T @ ones, "this is J^T times ones, the gradient of y.sum(): pass gradient=v to backward.")]
            expect.close(grad, j.T @ v, tr("{name} for f = {f}", name=name, f=f.__name__), mistakes,
                         rtol=1e-6, atol=1e-8, scaled=True)
