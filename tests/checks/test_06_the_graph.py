"""Checks for exercise 06: grad_fn and is_leaf, the DAG, accumulation, a rebuilt graph.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- describe_q builds Q = 3a^3 - b^2 and returns "a.is_leaf", "b.is_leaf", "Q.is_leaf" (bools) and
  "Q.grad_fn" (Q.grad_fn.name() or None), whichever inputs require grad (test_describe_q): the returned
  values against what the judge's own tensors say, for all four combinations of requires_grad.
- graph_nodes(f, a, b) returns the name of every node of y = f(a, b)'s graph, each node once, by
  following next_functions from y.grad_fn (test_graph_nodes): values against the judge's own walk,
  always on one graph that reaches a node along two paths.
- accumulated_grad runs k backward passes, building Q afresh in each and not clearing .grad, and
  returns k times one pass's gradient (test_accumulated_grad): values; the source shows backward()
  inside a loop and no retain_graph (the graph is built again in every pass).
- doubling_gradient doubles y while y.norm() < 1000 and returns d(y.sum())/dx (test_doubling_gradient):
  values for inputs that need different numbers of doublings.
"""

import pytest
import torch

from autograd_kit.checks import expect, recipes, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.checks.syntax import keyword
from autograd_kit.i18n import tr


def _describe_truth(a, b) -> dict:
    q = 3 * a**3 - b**2
    return {"a.is_leaf": a.is_leaf, "b.is_leaf": b.is_leaf, "Q.is_leaf": q.is_leaf,
            "Q.grad_fn": q.grad_fn.name() if q.grad_fn is not None else None}


@pytest.mark.points(2)
@pytest.mark.measures("describe_q")
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
                got_value = answer.get(key)
                tensor = {"a": a, "b": b}.get(key[0], a if key[0] != "Q" else None)
                if key == "Q.grad_fn" and isinstance(got_value, str) and got_value.startswith("<") \
                        and value is not None and value in got_value:
                    note = expect.named("grad-fn-repr")
                elif key in ("a.is_leaf", "b.is_leaf") and got_value == tensor.requires_grad:
                    note = expect.named("leaf-is-not-requires-grad")
                elif key.startswith("Q") and not (a.requires_grad or b.requires_grad):
                    note = expect.named("untracked-result-is-leaf")
                elif key == "Q.grad_fn":
                    note = tr("Q's last operation is the subtraction; report Q.grad_fn.name().")
                expect.fail(f'describe_q(a, b)["{key}"] {situation}', value, answer.get(key), note)


def _near_root(f, a, b) -> set[str]:
    """The names of y.grad_fn and of the nodes right next to it: all that a walk of one step finds."""
    root = f(a, b).grad_fn
    return {root.name()} | {child.name() for child, _ in root.next_functions if child is not None}


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


# Expressions whose graph reaches a node along two paths (a is used twice): a walk without a set of
# seen nodes lists that node twice. Every grade uses one of them, and one of the others.
SHARED = (recipes.tanh_mix, recipes.cumulative)


@pytest.mark.points(2)
@pytest.mark.measures("graph_nodes")
def test_graph_nodes(learner, rng):
    """graph_nodes(f, a, b) lists every node of the graph once"""
    others = [f for f in recipes.EXPRESSIONS if f not in SHARED]
    chosen = [SHARED[int(torch.randint(0, len(SHARED), (1,), generator=rng))],
              others[int(torch.randint(0, len(others), (1,), generator=rng))]]
    # The last case leaves b out of the graph: next_functions then holds (None, 0) for it.
    for f, b_requires_grad in ((chosen[0], True), (chosen[1], True), (chosen[1], False)):
        a = torch.rand(4, generator=rng).requires_grad_()
        b = torch.rand(4, generator=rng).requires_grad_(b_requires_grad)
        want = _graph_names(f, a, b)
        got = learner.call("graph_nodes", f, a, b)
        if not isinstance(got, (list, tuple)) or not all(isinstance(n, str) for n in got):
            raise CheckFailed(tr("graph_nodes should return a list of names (str), but it returned {got}.",
                                 got=expect.describe(got)))
        if sorted(got) == want:
            continue
        note = ""
        if len(got) > len(want) and set(got) == set(want):
            note = expect.named("some-nodes-listed-twice")
        elif len(got) < len(want) and set(got) == set(want):
            note = expect.named("dedupe-by-name")
        elif any("AccumulateGrad" in n for n in want) and not any("AccumulateGrad" in n for n in got):
            one_step = set(got) <= _near_root(f, a, b) and len(set(got)) < len(set(want))
            note = expect.named("direct-children-only" if one_step else "accumulategrad-nodes-leaves-missing")
        expect.fail(tr("graph_nodes for f = {f} (sorted)", f=f.__name__), want, sorted(got), note)


@pytest.mark.points(2)
@pytest.mark.measures("accumulated_grad")
def test_accumulated_grad(learner, rng):
    """k backward passes leave k times the gradient in .grad"""
    tutorial = (torch.tensor([2.0, 3.0]), torch.tensor([6.0, 4.0]))
    for a, b in (tutorial, (torch.randn(3, generator=rng), torch.randn(3, generator=rng))):
        k = int(torch.randint(2, 6, (1,), generator=rng))
        a, b = a.clone().requires_grad_(), b.clone().requires_grad_()
        report = learner.submit_watching_grads("accumulated_grad", a, b, k).result()
        got = expect.items(report["result"], 2, f"accumulated_grad(a, b, k={k})")
        single_a, single_b = _single_pass(a, b)
        for grad, single, name in ((got[0], single_a, "a.grad"), (got[1], single_b, "b.grad")):
            once = Mistake(single, "pass-s-gradient-grad")
            expect.close(grad, k * single, tr("{name} after {k} passes", name=name, k=k), [once], scaled=True)
        expect.grad_left(report["grads"][0], k * single_a, "a", f"accumulated_grad(a, b, k={k})", scaled=True,
                         mistakes=[Mistake(single_a, "one-backward-only")])
    _k_passes(learner.code("accumulated_grad"))


def _k_passes(code) -> None:
    """k real passes: backward() inside a loop, and a graph built afresh each time (no retain_graph)."""
    backwards = code.api_calls("backward")
    if not code.in_loop(backwards):
        expect.unmet("accumulated_grad()", tr("run k backward passes, one per pass of a loop (the check measures "
                                              ".grad adding up, not a gradient multiplied by k)"))
    kept = [call for call in backwards if keyword(call, "retain_graph") is not None]
    if kept:
        expect.unmet("accumulated_grad()", tr("build Q afresh in every pass: backward() frees the graph, and the "
                                              "next pass records a new one, so retain_graph is not needed"),
                     kept[0], code)


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
@pytest.mark.measures("doubling_gradient")
def test_doubling_gradient(learner, rng):
    """a loop whose length depends on the data still gets the right gradient"""
    scales = [0.01, 1.0, 37.0]
    xs = [(torch.randn(4, generator=rng) * s).requires_grad_() for s in scales]
    got = learner.call_many("doubling_gradient", [(x,) for x in xs])
    for x, answer in zip(xs, got, strict=True):
        want = _doubling_truth(x.detach())
        expect.close(answer, want, tr("doubling_gradient(x) for x with norm {norm:.3g}", norm=float(x.norm())),
                     [Mistake(torch.ones_like(x), "gradient-doublings-loop-must"),
                      Mistake(2 * torch.ones_like(x), "one-doubling-only")])
    requirements.calls(learner.code("doubling_gradient"), "backward", requirement=tr(
        "get the gradient from backward() through the recorded loop (2 to the number of doublings, worked out by "
        "hand, skips what the exercise is about)"))
