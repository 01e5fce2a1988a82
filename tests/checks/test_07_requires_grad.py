"""Checks for exercise 07: an output requires grad if any input does.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- tutorial_sums(x, y, z) returns (x + y, x + z), as in the tutorial: x + y does not require grad,
  x + z does, through the graph (test_tutorial_sums): the values; requires_grad, is_leaf and grad_fn
  are what the worker saw, believed only for a file that leaves torch alone.
- predict_requires_grad(flags) predicts, without running torch, whether a sum of tensors with those
  requires_grad flags requires grad (test_predict_requires_grad): the returned bools against torch in
  the judge; the source shows the function does not use torch.
- count_trainable(model) returns how many numbers (elements) of the parameters require grad
  (test_count_trainable): the returned ints for three models the judge built too.
"""

import ast

import pytest
import torch

from autograd_kit.checks import expect, probes, recipes, requirements
from autograd_kit.i18n import tr

RESNET_SEED = 3  # count_trainable() also counts a real network's parameters


def worker_prepares(seed: int) -> tuple:
    """What this exercise's worker initialises while it boots, before the learner's clock starts."""
    return (recipes.ResNet18(RESNET_SEED),)


@pytest.mark.points(2)
@pytest.mark.measures("tutorial_sums")
def test_tutorial_sums(learner, rng):
    """x + y does not require grad, x + z does"""
    x, y = torch.rand(5, 5, generator=rng), torch.rand(5, 5, generator=rng)
    z = torch.rand(5, 5, generator=rng).requires_grad_()
    got = expect.items(learner.call("tutorial_sums", x, y, z), 2, "tutorial_sums(x, y, z)")
    expect.close(got[0], x + y, "x + y")
    expect.close(got[1], (x + z).detach(), "x + z")
    for path, name, want in (("[0]", "x + y", False), ("[1]", "x + z", True)):
        meta = learner.meta(path)
        if meta is None or meta.requires_grad != want:
            because = (tr("z requires grad, and so does every result computed from it") if want
                       else tr("neither x nor y requires grad"))
            expect.fail(f"({name}).requires_grad", want, None if meta is None else meta.requires_grad,
                        tr("It should be {want}: {because}. Compute it with plain +, no detach() or requires_grad_().",
                           want=want, because=because))
        if want and meta.grad_fn == "AddBackward0" and path == "[1]":
            _plain_sums(learner.code("tutorial_sums"))
        if want and (meta.is_leaf or meta.grad_fn != "AddBackward0"):
            expect.fail(f"({name}).grad_fn", "AddBackward0", meta.grad_fn, expect.named(
                "x-z-requires-grad"))


def _plain_sums(code) -> None:
    """The sums are new tensors: an in-place add_() or += would change the caller's x."""
    parameters = {a.arg for a in code.function.args.args}
    for node in code.walk():
        changed = node.target if isinstance(node, ast.AugAssign) else (
            node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr.endswith("_") and not node.func.attr.startswith("_") else None)
        if isinstance(changed, ast.Name) and changed.id in parameters:
            expect.unmet("tutorial_sums()", tr("compute each sum with plain + (an in-place add_() or += changes the "
                                               "caller's {name} instead of making a new tensor)", name=changed.id),
                         node, code)


@pytest.mark.points(2)
@pytest.mark.measures("predict_requires_grad")
def test_predict_requires_grad(learner, rng):
    """predict_requires_grad(flags) agrees with what torch does"""
    cases = [[bool(f) for f in torch.randint(0, 2, (int(torch.randint(1, 6, (1,), generator=rng)),), generator=rng)]
             for _ in range(6)] + [[False, False], [False, True, False]]
    got = learner.call_many("predict_requires_grad", [(flags,) for flags in cases])
    for flags, answer in zip(cases, got, strict=True):
        total = sum(torch.ones(2).requires_grad_(f) for f in flags)
        want = bool(total.requires_grad)
        if answer is not want:
            note = ""
            if isinstance(answer, torch.Tensor):
                note = expect.named("tensor-not-bool")
            elif answer is False and all(flags):
                note = expect.named("result-never-requires")
            elif answer is True and not any(flags) and len(flags) > 0:
                note = expect.named("bool-of-list")
            elif answer is (all(flags)) and want is not answer:
                note = expect.named("input-requires-grad-enough")
            expect.fail(f"predict_requires_grad({flags})", want, answer, note)
    requirements.no_torch(learner.code("predict_requires_grad"), tr(
        "predict from the rule alone, without running torch (no tensors: the flags are plain bools)"))


@pytest.mark.points(2)
@pytest.mark.measures("count_trainable")
def test_count_trainable(learner, rng):
    """count_trainable(model) counts the elements of the parameters that require grad"""
    names = [n for n, _ in recipes.SmallMLP(0).build().named_parameters()]
    frozen = tuple(n for n in names if bool(torch.rand(1, generator=rng) < 0.5)) or (names[0],)
    models = [recipes.SmallMLP(1, frozen), recipes.SmallMLP(2), recipes.ResNet18(RESNET_SEED)]
    pending = learner.submit(probes.count_trainable, ("count_trainable",), models=models)
    built = [recipe.build() for recipe in models]
    for recipe, model, answer in zip(models, built, pending.result(), strict=True):
        want = sum(p.numel() for p in model.parameters() if p.requires_grad)
        if answer == want and type(answer) is int:
            continue
        all_params = sum(p.numel() for p in model.parameters())
        tensors = sum(1 for p in model.parameters() if p.requires_grad)
        note = ""
        if answer == all_params:
            note = expect.named("frozen-parameters-were-counted")
        elif answer == tensors:
            note = expect.named("counts-parameter-tensors-count")
        elif answer == 0 and want > 0:
            note = expect.named("grad-not-trainable")
        elif answer == sum(len(p) for p in model.parameters() if p.requires_grad):
            note = expect.named("len-not-numel")
        frozen = list(getattr(recipe, "frozen", ()))
        what = (tr("count_trainable for a {model} with frozen {names}", model=type(model).__name__, names=frozen)
                if frozen else tr("count_trainable for a {model} with nothing frozen", model=type(model).__name__))
        expect.fail(what, want, answer, note)
