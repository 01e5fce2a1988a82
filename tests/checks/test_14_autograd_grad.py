"""Checks for exercise 14: torch.autograd.grad, unused inputs, untouched .grad."""

import pytest
import torch

from autograd_kit import expect, probes
from autograd_kit.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def _q(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (3 * a**3 - b**2).sum()


@pytest.mark.points(3)
def test_q_gradients(learner, rng):
    """autograd.grad returns 9a^2 and -2b and leaves .grad untouched"""
    a = torch.randn(4, generator=rng).requires_grad_()
    b = torch.randn(4, generator=rng).requires_grad_()
    pending = learner.submit(probes.call_leaving_grads, ("q_gradients",), label="q_gradients()",
                             name="q_gradients", args=(a, b))
    da, db = torch.autograd.grad(_q(a, b), (a, b))
    got = pending.result()
    answer = expect.items(got["result"], 2, "q_gradients(a, b)")
    expect.close(answer[0], da, tr("dq/da on random a, b"), scaled=True)
    expect.close(answer[1], db, tr("dq/db on random a, b"), scaled=True)
    if any(g is not None for g in got["grads"]):
        raise CheckFailed(tr("After q_gradients(a, b), a.grad or b.grad is set: the function called backward().") + "\n"
                          + expect.named("torch.autograd.grad returns the gradients and leaves .grad alone; "
                                         "use it instead of backward()."))


@pytest.mark.points(3)
def test_gradients_with_unused(learner, rng):
    """the unused input c gets a gradient of zeros, not None and not an error"""
    a, b, c = (torch.randn(3, generator=rng).requires_grad_() for _ in range(3))
    pending = learner.submit_call("gradients_with_unused", a, b, c)
    da, db, dc = torch.autograd.grad(_q(a, b), (a, b, c), allow_unused=True, materialize_grads=True)
    got = expect.items(pending.result(), 3, "gradients_with_unused(a, b, c)")
    expect.close(got[0], da, "dq/da", scaled=True)
    expect.close(got[1], db, "dq/db", scaled=True)
    if got[2] is None:
        raise CheckFailed(tr("The gradient for c is None.") + "\n"
                          + expect.named("allow_unused=True alone gives None for an unused input; "
                                         "materialize_grads=True gives zeros shaped like it."))
    expect.close(got[2], dc, tr("dq/dc (q does not use c)"), [
        Mistake(torch.ones_like(dc), "q does not depend on c, so its gradient is zero everywhere.")])
