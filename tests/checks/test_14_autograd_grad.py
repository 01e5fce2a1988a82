"""Checks for exercise 14: torch.autograd.grad, unused inputs, untouched .grad.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- q_gradients returns (dq/da, dq/db) = (9a^2, -2b) with torch.autograd.grad and leaves a.grad and b.grad
  untouched (test_q_gradients): values; a and b arrive holding random earlier gradients, which must be
  the same after the call (believed only for a file that leaves torch alone); the source calls
  torch.autograd.grad and not backward().
- gradients_with_unused returns the gradients of q with respect to (a, b, c), where q does not use c:
  c's is a tensor of zeros, not None and not an error, from materialize_grads=True
  (test_gradients_with_unused): values; the source passes materialize_grads=True.
"""

import pytest
import torch

from autograd_kit.checks import expect, probes, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def _q(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (3 * a**3 - b**2).sum()


@pytest.mark.points(3)
@pytest.mark.measures("q_gradients")
def test_q_gradients(learner, rng):
    """autograd.grad returns 9a^2 and -2b and leaves .grad untouched"""
    a = torch.randn(4, generator=rng).requires_grad_()
    b = torch.randn(4, generator=rng).requires_grad_()
    # a and b arrive holding earlier gradients, which the call must leave exactly as they are.
    earlier = (torch.randn(4, generator=rng), torch.randn(4, generator=rng))
    pending = learner.submit_watching_grads("q_gradients", a, b, grads=earlier)
    da, db = torch.autograd.grad(_q(a, b), (a, b))
    got = pending.result()
    answer = expect.items(got["result"], 2, "q_gradients(a, b)")
    accumulated = [Mistake(earlier[0] + da, "gradient-added-grad-already")]
    expect.close(answer[0], da, tr("dq/da on random a, b"), accumulated, scaled=True)
    expect.close(answer[1], db, tr("dq/db on random a, b"), scaled=True)
    learner.observed()
    if not all(isinstance(g, torch.Tensor) and torch.equal(g, e) for g, e in zip(got["grads"], earlier)):
        raise CheckFailed(tr("After q_gradients(a, b), a.grad or b.grad is not what it was before the call: the "
                             "function called backward(), or changed .grad itself.") + "\n"
                          + expect.named("torch-autograd-grad-returns"))
    code = learner.code("q_gradients")
    requirements.calls(code, "grad", requirement=tr("get the gradients from torch.autograd.grad"))
    requirements.avoids(code, "backward", requirement=tr(
        "leave .grad alone: backward() writes into it, even when the .grad is reset afterwards"))


@pytest.mark.points(3)
@pytest.mark.measures("gradients_with_unused")
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
                          + expect.named("allow-unused-true-alone"))
    if isinstance(got[2], torch.Tensor) and got[2].dim() == 0 and dc.dim() > 0 and float(got[2]) == 0:
        raise CheckFailed(tr("dq/dc (q does not use c) should have shape {shape}, but it has shape ().",
                             shape=tuple(dc.shape)) + "\n" + expect.named("scalar-zero"))
    expect.close(got[2], dc, tr("dq/dc (q does not use c)"), [
        Mistake(torch.ones_like(dc), "q-depend-c-gradient")])
    requirements.keyword_true(learner.code("gradients_with_unused"), ("grad",), "materialize_grads", tr(
        "pass materialize_grads=True to torch.autograd.grad, which gives zeros for c (q itself must not change)"))
