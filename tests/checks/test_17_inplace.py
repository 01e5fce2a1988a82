"""Checks for exercise 17: no in-place change of a saved tensor, and a leaf updated under no_grad."""

import pytest
import torch

from autograd_kit import expect
from autograd_kit.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


@pytest.mark.points(3)
def test_doubled_sigmoid_gradient(learner, rng):
    """doubling sigmoid's output out of place: x.grad = 2 sigmoid'(x)"""
    x = torch.randn(6, generator=rng).requires_grad_()
    pending = learner.submit_call("doubled_sigmoid_gradient", x)
    truth = torch.autograd.grad((torch.sigmoid(x) * 2).sum(), x)[0]
    once = torch.autograd.grad(torch.sigmoid(x).sum(), x)[0]
    expect.close(pending.result(), truth, "x.grad", [
        Mistake(once, "this is sigmoid's gradient alone: y must still be doubled (y = y * 2)."),
    ], rtol=1e-4)


@pytest.mark.points(3)
def test_manual_sgd_step(learner, rng):
    """w moves by -lr * grad and stays a leaf that requires grad"""
    w = torch.randn(3, 2, generator=rng).requires_grad_()
    grad = torch.randn(3, 2, generator=rng)
    lr = round(float(torch.rand(1, generator=rng)) * 0.5 + 0.05, 3)
    # The learner changes w in place: give it its own copy, whatever the sandbox.
    pending = learner.submit_call("manual_sgd_step", w.detach().clone().requires_grad_(), grad, lr)
    truth = w.detach() - lr * grad
    expect.close(pending.result(), truth, tr("w after the step (lr={lr})", lr=lr),
                 [Mistake(w.detach() + lr * grad, "w moved up the gradient: subtract lr * grad.")], rtol=1e-5)
    meta = learner.meta()
    if meta is not None and not (meta.is_leaf and meta.requires_grad):
        raise CheckFailed(
            tr("The returned w is not a leaf that requires grad (is_leaf={leaf}, requires_grad={requires}, "
               "grad_fn={node}).", leaf=meta.is_leaf, requires=meta.requires_grad, node=meta.grad_fn) + "\n"
            + expect.named("`w = w - lr * grad` makes a new tensor in the graph, and an optimizer would lose the "
                           "weight. Change w in place under torch.no_grad()."))
