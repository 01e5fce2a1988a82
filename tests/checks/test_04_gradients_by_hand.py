"""Checks for exercise 04: dQ/da and dQ/db of Q = 3a^3 - b^2, by hand.

The learner's functions run with autograd switched off; the truth comes from
autograd in the judge.
"""

import pytest
import torch

from autograd_kit import expect
from autograd_kit.expect import Mistake
from autograd_kit.i18n import tr

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
        Mistake(3 * a**2, "this is 3a^2, the derivative of a^3 alone: the factor 3 in front of a^3 stays in the derivative."),
        Mistake(9 * a, "the power went down by two: the power rule lowers an exponent by one, n * a^(n-1)."),
        Mistake(9 * a**3, "the exponent did not go down: the power rule gives n * a^(n-1)."),
        Mistake(3 * a**3 - b**2, "this is Q itself, not its derivative."),
        Mistake(a**3, "this is a^3; differentiate 3a^3 with the power rule."),
    ]


def _db_mistakes(a, b):
    return [
        Mistake(2 * b, "the sign was dropped: Q subtracts b^2, so its derivative keeps the minus sign."),
        Mistake(-b, "the factor 2 is missing: the power rule brings the exponent 2 down as a factor."),
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


def _check(learner, rng, function, index, mistakes):
    # The tutorial's numbers first, then random ones: a hard-coded answer fails.
    for inputs, where in ((_inputs(None), tr("on the tutorial's a=[2, 3], b=[6, 4]")), (_inputs(rng), tr("on random inputs"))):
        got = learner.call(function, *inputs, forbid_autograd=True)
        what = tr("{call} {situation}", call=f"{function}(a, b)", situation=where)
        expect.close(got, _truth(*inputs)[index], what, mistakes(*inputs), rtol=1e-5, atol=1e-5)


@pytest.mark.points(3)
def test_dq_da(learner, rng):
    """dq_da(a, b) is 9a^2, on the tutorial's numbers and on random ones"""
    _check(learner, rng, "dq_da", 0, _da_mistakes)


@pytest.mark.points(3)
def test_dq_db(learner, rng):
    """dq_db(a, b) is -2b, on the tutorial's numbers and on random ones"""
    _check(learner, rng, "dq_db", 1, _db_mistakes)
