"""Checks for exercise 12: a second backward() through a retained graph."""

import pytest
import torch

from autograd_kit import expect
from autograd_kit.expect import Mistake
from autograd_kit.i18n import tr


def _tutorial_or_random(rng: torch.Generator) -> list[tuple[str, torch.Tensor, torch.Tensor]]:
    return [(tr("the tutorial's a=[2, 3], b=[6, 4]"), torch.tensor([2.0, 3.0]), torch.tensor([6.0, 4.0])),
            (tr("random a and b"), torch.randn(4, generator=rng), torch.randn(4, generator=rng))]


@pytest.mark.points(3)
def test_two_backwards(learner, rng):
    """two backward passes through one retained graph leave twice the gradient"""
    for situation, a, b in _tutorial_or_random(rng):
        a, b = a.requires_grad_(), b.requires_grad_()
        pending = learner.submit_call("gradient_after_two_backwards", a, b)
        q = (3 * a**3 - b**2).sum()
        once_a, once_b = torch.autograd.grad(q, (a, b))
        got = expect.items(pending.result(), 2, "gradient_after_two_backwards(a, b)")
        for name, answer, once in (("a.grad", got[0], once_a), ("b.grad", got[1], once_b)):
            mistakes = [Mistake(once, "this is one pass's gradient: the second backward() adds the same gradient "
                                      "again, so .grad ends at twice this. Did the second backward() run?")]
            expect.close(answer, 2 * once, tr("{name} after two backward passes on {situation}", name=name,
                                              situation=situation), mistakes, scaled=True)


@pytest.mark.points(3)
def test_two_losses_share_a_graph(learner, rng):
    """w.grad is the sum of both losses' gradients, from one forward pass"""
    x = torch.randn(5, 3, generator=rng)
    w = torch.randn(3, 2, generator=rng).requires_grad_()
    pending = learner.submit_call("two_losses_one_graph", x, w)
    h = torch.tanh(x @ w)
    grad_a = torch.autograd.grad((h**2).sum(), w, retain_graph=True)[0]
    grad_b = torch.autograd.grad(h.sum(), w)[0]
    mistakes = [
        Mistake(grad_a, "this is loss_a's gradient alone: call backward() on loss_b too (keep the graph with "
                        "retain_graph=True in the first call)."),
        Mistake(grad_b, "this is loss_b's gradient alone: backward() on loss_a must run too, before it, "
                        "with retain_graph=True."),
    ]
    expect.close(pending.result(), grad_a + grad_b, tr("w.grad after both losses"), mistakes, rtol=1e-4)
