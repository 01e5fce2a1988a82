"""Checks for exercise 17: no in-place change of a saved tensor, and a leaf updated under no_grad.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- doubled_sigmoid_gradient: y = sigmoid(x), doubled without changing the tensor sigmoid saved, backward
  through y.sum(), return x.grad = 2 sigmoid'(x) (test_doubled_sigmoid_gradient): values.
- manual_sgd_step moves the leaf w by -lr * grad in place, under torch.no_grad(), and returns w, which
  stays a leaf that requires grad (test_manual_sgd_step): values of the returned w and of the caller's
  w after the call (a rebound w leaves the caller's unchanged); the source shows the in-place update
  inside `with torch.no_grad():`; whether the same w came back, a leaf that requires grad, is what the
  worker saw, believed only for a file that leaves torch alone.
"""

import pytest
import torch

from autograd_kit.checks import expect, probes, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


@pytest.mark.points(3)
@pytest.mark.measures("doubled_sigmoid_gradient")
def test_doubled_sigmoid_gradient(learner, rng):
    """doubling sigmoid's output out of place: x.grad = 2 sigmoid'(x)"""
    x = torch.randn(6, generator=rng).requires_grad_()
    pending = learner.submit_watching_grads("doubled_sigmoid_gradient", x)
    expect.graph_truth((torch.sigmoid(x) * 2).sum())
    truth = torch.autograd.grad((torch.sigmoid(x) * 2).sum(), x)[0]
    once = torch.autograd.grad(torch.sigmoid(x).sum(), x)[0]
    doubled = 2 * torch.sigmoid(x.detach())
    report = pending.result()
    expect.close(report["result"], truth, "x.grad", [
        Mistake(once, "sigmoid-s-gradient-alone"),
        Mistake(doubled * (1 - doubled), "sigmoid-s-saved-output"),
        Mistake(torch.autograd.grad(torch.sigmoid(2 * x).sum(), x)[0], "doubled-input"),
    ])
    expect.grad_left(report["grads"][0], truth, "x", "doubled_sigmoid_gradient(x)")


@pytest.mark.points(3)
@pytest.mark.measures("manual_sgd_step")
def test_manual_sgd_step(learner, rng):
    """w moves by -lr * grad and stays a leaf that requires grad"""
    w = torch.randn(3, 2, generator=rng).requires_grad_()
    grad = torch.randn(3, 2, generator=rng)
    lr = round(float(torch.rand(1, generator=rng)) * 0.5 + 0.05, 3)
    # The learner changes w in place: give it its own copy, whatever the sandbox.
    weights = torch.randn(3, 2, generator=rng)
    pending = learner.submit(probes.call_then_backward, ("manual_sgd_step",), label="manual_sgd_step()",
                             name="manual_sgd_step", args=(w.detach().clone().requires_grad_(), grad, lr),
                             weights=weights)
    truth = w.detach() - lr * grad
    scale = w.detach().abs() + (lr * grad).abs()
    report = pending.result()
    expect.close(report["result"], truth, tr("w after the step (lr={lr})", lr=lr),
                 [Mistake(w.detach() + lr * grad, "w-moved-up-gradient")], scale=scale)
    unchanged = Mistake(w.detach(), "caller-s-w-move")
    expect.close(report["arguments"][0], truth, tr("the caller's w after manual_sgd_step"), [unchanged], scale=scale)
    # A value, not a fact: backward through the returned w leaves `weights` in the caller's w.grad only if the
    # returned w is the caller's w and still a leaf that requires grad. The facts below only pick the words.
    got = report.get("first_grad")
    if not (isinstance(got, torch.Tensor) and got.shape == weights.shape and torch.allclose(got, weights)):
        meta = learner.last_meta.get("['result']")
        if not report["returned_argument"][0]:
            raise CheckFailed(tr("manual_sgd_step returned a new tensor, not the w it was given.") + "\n"
                              + expect.named("optimizer-keeps-references-weight"))
        raise CheckFailed(
            tr("The returned w is not a leaf that requires grad (is_leaf={leaf}, requires_grad={requires}, "
               "grad_fn={node}).", leaf=getattr(meta, "is_leaf", "?"), requires=getattr(meta, "requires_grad", "?"),
               node=getattr(meta, "grad_fn", "?")) + "\n" + expect.named("w-w-lr-grad"))
    code = learner.code("manual_sgd_step")
    requirements.in_place(code, "w", tr("change w in place (w -= ...), so the caller's tensor moves"))
    requirements.in_place(code, "w", tr("update w inside `with torch.no_grad():` (w.data is the old, unchecked way "
                                        "around autograd)"), inside=requirements.NO_GRAD)
