"""Checks for exercise 06: grad_fn and is_leaf, the DAG, accumulation, a rebuilt graph."""

import pytest
import torch

from autograd_kit import expect, recipes
from autograd_kit.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


def _describe_truth(a, b) -> dict:
    q = 3 * a**3 - b**2
    return {"a.is_leaf": a.is_leaf, "b.is_leaf": b.is_leaf, "Q.is_leaf": q.is_leaf,
            "Q.grad_fn": q.grad_fn.name() if q.grad_fn is not None else None}


@pytest.mark.points(2)
def test_describe_q(learner, rng):
    """describe_q reports is_leaf and grad_fn, whichever inputs require grad"""
    flags = [(True, True), (True, False), (False, True), (False, False)]
    order = torch.randperm(4, generator=rng).tolist()
    arg_sets = [(torch.rand(3, generator=rng).requires_grad_(flags[i][0]),
                 torch.rand(3, generator=rng).requires_grad_(flags[i][1])) for i in order]
    got = learner.call_many("describe_q", arg_sets)
    for (a, b), answer in zip(arg_sets, got, strict=True):
        want = _describe_truth(a, b)
        situation = f"with a.requires_grad={a.requires_grad} and b.requires_grad={b.requires_grad}"
        expect.mapping(answer, "describe_q")
        for key, value in want.items():
            if answer.get(key) != value or type(answer.get(key)) is not type(value):
                note = ""
                if key.startswith("Q") and not (a.requires_grad or b.requires_grad):
                    note = tr("When no input requires grad, nothing is recorded: Q is then a leaf with grad_fn None.")
                elif key == "Q.grad_fn":
                    note = tr("Q's last operation is the subtraction; report Q.grad_fn.name().")
                expect.fail(f'describe_q(a, b)["{key}"] {situation}', value, answer.get(key), note)


def _graph_names(f, a, b) -> list[str]:
    names, seen, todo = [], set(), [f(a, b).grad_fn]
    while todo:
        node = todo.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        names.append(node.name())
        todo.extend(child for child, _ in node.next_functions)
    return sorted(names)


@pytest.mark.points(2)
def test_graph_nodes(learner, rng):
    """graph_nodes(f, a, b) lists every node of the graph once"""
    for index in torch.randperm(len(recipes.EXPRESSIONS), generator=rng)[:2].tolist():
        f = recipes.EXPRESSIONS[index]
        a, b = torch.rand(4, generator=rng).requires_grad_(), torch.rand(4, generator=rng).requires_grad_()
        want = _graph_names(f, a, b)
        got = learner.call("graph_nodes", f, a, b)
        if not isinstance(got, (list, tuple)) or not all(isinstance(n, str) for n in got):
            raise CheckFailed(tr("graph_nodes should return a list of names (str), but it returned {got}.",
                                 got=expect.describe(got)))
        if sorted(got) == want:
            continue
        note = ""
        if len(got) > len(want) and set(got) == set(want):
            note = expect.named("some nodes are listed twice: a node reached along two paths must be visited once "
                                "(keep a set of seen nodes).")
        elif "AccumulateGrad" in want and "AccumulateGrad" not in got:
            note = expect.named("the AccumulateGrad nodes of the leaves are missing: follow next_functions "
                                "all the way down.")
        expect.fail(tr("graph_nodes for f = {f} (sorted)", f=f.__name__), want, sorted(got), note)


@pytest.mark.points(2)
def test_accumulated_grad(learner, rng):
    """k backward passes leave k times the gradient in .grad"""
    tutorial = (torch.tensor([2.0, 3.0]), torch.tensor([6.0, 4.0]))
    for a, b in (tutorial, (torch.randn(3, generator=rng), torch.randn(3, generator=rng))):
        k = int(torch.randint(2, 6, (1,), generator=rng))
        a, b = a.clone().requires_grad_(), b.clone().requires_grad_()
        got = expect.items(learner.call("accumulated_grad", a, b, k), 2, f"accumulated_grad(a, b, k={k})")
        single_a, single_b = _single_pass(a, b)
        for grad, single, name in ((got[0], single_a, "a.grad"), (got[1], single_b, "b.grad")):
            once = Mistake(single, "this is one pass's gradient: .grad accumulates over passes, "
                                   "so do not clear it in between.")
            expect.close(grad, k * single, tr("{name} after {k} passes", name=name, k=k), [once], scaled=True, atol=1e-4)


def _single_pass(a, b) -> tuple[torch.Tensor, torch.Tensor]:
    a, b = a.detach().clone().requires_grad_(), b.detach().clone().requires_grad_()
    return torch.autograd.grad((3 * a**3 - b**2).sum(), (a, b))


def _doubling_truth(x: torch.Tensor) -> torch.Tensor:
    x = x.clone().requires_grad_()
    y = x
    while y.norm() < 1000:
        y = y * 2
    y.sum().backward()
    return x.grad


@pytest.mark.points(2)
def test_doubling_gradient(learner, rng):
    """a loop whose length depends on the data still gets the right gradient"""
    scales = [0.01, 1.0, 37.0]
    xs = [(torch.randn(4, generator=rng) * s).requires_grad_() for s in scales]
    got = learner.call_many("doubling_gradient", [(x,) for x in xs])
    for x, answer in zip(xs, got, strict=True):
        want = _doubling_truth(x.detach())
        expect.close(answer, want, tr("doubling_gradient(x) for x with norm {norm:.3g}", norm=float(x.norm())),
                     [Mistake(torch.ones_like(x), "this is the gradient with no doublings: the loop must run until y.norm() >= 1000.")])
