"""Checks for exercise 04: dQ/da and dQ/db of Q = 3a^3 - b^2, by hand.

The learner's functions run with autograd switched off; the truth comes from
autograd in the judge.
"""

import pytest
import torch

from autograd_kit import expect
from autograd_kit.expect import Mistake

SEED_A, SEED_B = [2.0, 3.0], [6.0, 4.0]  # the tutorial's numbers


def _inputs(rng: torch.Generator | None) -> tuple[torch.Tensor, torch.Tensor]:
    if rng is None:
        return torch.tensor(SEED_A), torch.tensor(SEED_B)
    n = int(torch.randint(3, 8, (1,), generator=rng))
    return torch.randn(n, generator=rng) * 2, torch.randn(n, generator=rng) * 2


def _truth(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    a, b = a.clone().requires_grad_(), b.clone().requires_grad_()
    q = 3 * a**3 - b**2
    return torch.autograd.grad(q.sum(), (a, b))


def _da_mistakes(a, b):
    return [
        Mistake(3 * a**2, "this is 3a^2, the derivative of a^3 alone: keep the factor 3 in front, so d(3a^3)/da = 3 * 3a^2 = 9a^2."),
        Mistake(9 * a, "the power went down by two: by the power rule d(a^3)/da = 3a^2, so the answer is 9a^2, not 9a."),
        Mistake(9 * a**3, "the exponent did not go down: the power rule gives d(a^3)/da = 3a^2 (n * a^(n-1))."),
        Mistake(3 * a**3 - b**2, "this is Q itself, not its derivative."),
        Mistake(a**3, "this is a^3; differentiate 3a^3 with the power rule."),
    ]


def _db_mistakes(a, b):
    return [
        Mistake(2 * b, "the sign was dropped: Q has -b^2, so dQ/db = -2b."),
        Mistake(-b, "the factor 2 is missing: d(b^2)/db = 2b, so dQ/db = -2b."),
        Mistake(-(b**2), "this is the term -b^2 itself, not its derivative."),
        Mistake(3 * a**3 - b**2, "this is Q itself, not its derivative."),
    ]


@pytest.mark.points(1)
def test_q_function(learner, rng):
    """q_function(a, b) computes Q = 3a^3 - b^2"""
    a, b = _inputs(rng)
    got = learner.call("q_function", a, b)
    expect.close(got, 3 * a**3 - b**2, "q_function(a, b)",
                 [Mistake(3 * a**2 - b**2, "this is 3a^2 - b^2: a should be cubed (a**3).")], rtol=1e-5, atol=1e-5)


@pytest.mark.points(1)
def test_dq_da_on_tutorial_numbers(learner):
    """dq_da on the tutorial's a=[2, 3], b=[6, 4]"""
    a, b = _inputs(None)
    got = learner.call("dq_da", a, b, forbid_autograd=True)
    expect.close(got, _truth(a, b)[0], "dq_da(a, b)", _da_mistakes(a, b))


@pytest.mark.points(2)
def test_dq_da_on_random_inputs(learner, rng):
    """dq_da on random a and b"""
    a, b = _inputs(rng)
    got = learner.call("dq_da", a, b, forbid_autograd=True)
    expect.close(got, _truth(a, b)[0], "dq_da(a, b) on random inputs", _da_mistakes(a, b), rtol=1e-5, atol=1e-5)


@pytest.mark.points(1)
def test_dq_db_on_tutorial_numbers(learner):
    """dq_db on the tutorial's a=[2, 3], b=[6, 4]"""
    a, b = _inputs(None)
    got = learner.call("dq_db", a, b, forbid_autograd=True)
    expect.close(got, _truth(a, b)[1], "dq_db(a, b)", _db_mistakes(a, b))


@pytest.mark.points(2)
def test_dq_db_on_random_inputs(learner, rng):
    """dq_db on random a and b"""
    a, b = _inputs(rng)
    got = learner.call("dq_db", a, b, forbid_autograd=True)
    expect.close(got, _truth(a, b)[1], "dq_db(a, b) on random inputs", _db_mistakes(a, b), rtol=1e-5, atol=1e-5)
