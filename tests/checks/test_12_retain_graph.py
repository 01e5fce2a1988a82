"""Checks for exercise 12: a second backward() through a retained graph.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- gradient_after_two_backwards builds q = (3a^3 - b^2).sum() once and calls backward() on it twice,
  through one retained graph, returning (a.grad, b.grad) = twice the gradient (test_two_backwards):
  values on the tutorial's and random inputs; the source shows two backward passes and
  retain_graph=True (running the forward pass again instead keeps no graph).
- two_losses_one_graph computes h = tanh(x @ w) once, calls backward() on loss_a and on loss_b
  separately and returns w.grad, the sum of both gradients (test_two_losses_share_a_graph): values;
  the source shows tanh computed once, two backward calls and retain_graph=True.
"""

import pytest
import torch

from autograd_kit.checks import diagnosis, expect, mistake_patterns, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def _tutorial_or_random(rng: torch.Generator) -> list[tuple[str, torch.Tensor, torch.Tensor]]:
    return [(tr("the tutorial's a=[2, 3], b=[6, 4]"), torch.tensor([2.0, 3.0]), torch.tensor([6.0, 4.0])),
            (tr("random a and b"), torch.randn(4, generator=rng), torch.randn(4, generator=rng))]


@pytest.mark.points(3)
@pytest.mark.measures("gradient_after_two_backwards")
def test_two_backwards(learner, rng):
    """two backward passes through one retained graph leave twice the gradient"""
    for situation, a, b in _tutorial_or_random(rng):
        a, b = a.requires_grad_(), b.requires_grad_()
        pending = learner.submit_watching_grads("gradient_after_two_backwards", a, b)
        q = (3 * a**3 - b**2).sum()
        once_a, once_b = torch.autograd.grad(q, (a, b))
        report = pending.result()
        got = expect.items(report["result"], 2, "gradient_after_two_backwards(a, b)")
        for name, answer, once in (("a.grad", got[0], once_a), ("b.grad", got[1], once_b)):
            mistakes = [Mistake(once, "pass-s-gradient-second")]
            expect.close(answer, 2 * once, tr("{name} after two backward passes on {situation}", name=name,
                                              situation=situation), mistakes, scaled=True)
        expect.grad_left(report["grads"][0], 2 * once_a, "a", "gradient_after_two_backwards(a, b)", scaled=True)
    _two_passes_one_graph(learner.code("gradient_after_two_backwards"), tr("call backward() on q twice"), tr(
        "build q once and keep its graph for the second backward() with retain_graph=True (a second forward "
        "pass builds a second graph instead)"))


def _two_passes_one_graph(code, twice: str, retained: str) -> None:
    backwards = code.api_calls("backward")
    if len(backwards) < 2 and not code.in_loop(backwards):
        expect.unmet(f"{code.name}()", twice)
    create_graph = mistake_patterns.create_graph_only(code)
    if create_graph:
        raise CheckFailed(tr("{function}() keeps the graph, but with create_graph=True:", function=code.name)
                          + "\n" + tr("  line {line}: {code}", line=create_graph[0].lineno,
                                       code=code.source.line(create_graph[0]))
                          + "\n" + expect.named("create-graph-for-retain"))
    requirements.keyword_true(code, ("backward",), "retain_graph", retained)


@pytest.mark.points(3)
@pytest.mark.measures("two_losses_one_graph")
def test_two_losses_share_a_graph(learner, rng):
    """w.grad is the sum of both losses' gradients, from one forward pass"""
    x = torch.randn(5, 3, generator=rng)
    w = torch.randn(3, 2, generator=rng).requires_grad_()
    pending = learner.submit_watching_grads("two_losses_one_graph", x, w)
    h = torch.tanh(x @ w)
    grad_a = torch.autograd.grad((h**2).sum(), w, retain_graph=True)[0]
    grad_b = torch.autograd.grad(h.sum(), w)[0]
    report = pending.result()
    # loss_b's gradient alone: either loss_a's backward never ran, or its gradient was thrown away before loss_b's.
    cleared = diagnosis.written(("gradient-cleared-between-losses",), learner.source, "two_losses_one_graph")
    mistakes = [
        Mistake(grad_a, "loss-s-gradient-alone"),
        Mistake(grad_b, "gradient-cleared-between-losses" if cleared else "loss-b-s-gradient"),
        Mistake(2 * grad_a + grad_b, "loss-s-gradient-counted"),
        Mistake(torch.autograd.grad(torch.tanh(x @ w).sum() ** 2 + torch.tanh(x @ w).sum(), w)[0], "square-of-sum"),
    ]
    expect.close(report["result"], grad_a + grad_b, tr("w.grad after both losses"), mistakes,
                 scale=grad_a.abs() + grad_b.abs(), scaled=True)
    expect.grad_left(report["grads"][1], grad_a + grad_b, "w", "two_losses_one_graph(x, w)",
                     scale=grad_a.abs() + grad_b.abs())
    code = learner.code("two_losses_one_graph")
    requirements.once(code, "tanh", tr("compute h = tanh(x @ w) once, and let both losses share it"))
    _two_passes_one_graph(code, tr("call backward() on each loss separately (one backward() on their sum is "
                                   "the same numbers by another route)"),
                          tr("call backward() on each loss, with retain_graph=True on the first, so the "
                             "shared part of the graph is still there for the second"))
