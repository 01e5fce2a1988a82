"""Checks for exercise 10: `@torch.no_grad()` on a function.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- doubler(x) returns x * 2, which does not require grad, for the tutorial's x = [1.] and a random x, and
  leaves x alone (test_doubler_result): the values; requires_grad of the result and of x is what the
  worker saw, believed only for a file that leaves torch alone.
- the decorator, not the body, turns tracking off: doubler is decorated with @torch.no_grad(), and its
  body is one plain line with no with-block, detach() or requires_grad change (test_doubler_is_decorated):
  the source. (Nothing the learner's process says about doubler, such as __wrapped__, is used.)
"""

import ast

import pytest
import torch

from autograd_kit.checks import expect, probes, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr

# What would turn tracking off inside the body instead of the decorator.
BODY_SWITCHES = ("no_grad", "inference_mode", "set_grad_enabled", "enable_grad", "detach", "detach_",
                 "requires_grad_")


def _run(learner, rng, tutorial=False):
    x = torch.tensor([1.0], requires_grad=True) if tutorial else torch.randn(5, generator=rng).requires_grad_()
    return x, learner.probe(probes.call_keeping_input, ("doubler",), name="doubler", x=x)


@pytest.mark.points(2)
@pytest.mark.measures("doubler")
def test_doubler_result(learner, rng):
    """doubler(x) returns x * 2, which does not require grad, for the tutorial's x = [1.] and a random x"""
    for tutorial in (True, False):
        _check_result(*_run(learner, rng, tutorial), learner)


def _check_result(x, report, learner):
    expect.close(report["result"], 2 * x.detach(), tr("doubler(x) for x = {x}", x=expect.show(x.detach())),
                 [Mistake(x.detach(), "double-is-dtype")])
    meta = learner.meta("['result']")
    if meta is None or meta.requires_grad:
        # x as the worker holds it after the call: doubled means doubler changed the caller's x and returned it.
        after = report.get("x")
        changed = isinstance(after, torch.Tensor) and after.shape == x.shape and not torch.equal(after.detach(), x.detach())
        raise CheckFailed(expect.named("doubled-in-place" if changed else "doubler-s-result-requires"))
    if meta.is_inference:
        raise CheckFailed(expect.named("doubler-s-result-inference"))
    if not learner.meta("['x']").requires_grad:
        raise CheckFailed(expect.named("x-itself-longer-requires"))


@pytest.mark.points(2)
@pytest.mark.measures("doubler")
def test_doubler_is_decorated(learner, rng):
    """the decorator, not the body, turns tracking off"""
    x, report = _run(learner, rng)
    expect.close(report["result"], 2 * x.detach(), tr("doubler(x) for x = {x}", x=expect.show(x.detach())),
                 [Mistake(x.detach(), "double-is-dtype")])
    code = learner.code("doubler")
    function = code.function
    decorators = code.decorators()
    if isinstance(function, ast.FunctionDef) and set(decorators) & set(requirements.INFERENCE):
        raise CheckFailed(expect.named("doubler-decorated-inference-mode"))
    if not isinstance(function, ast.FunctionDef) or not set(decorators) & set(requirements.NO_GRAD):
        raise CheckFailed(expect.named("doubler-decorated-decorator-goes"))
    helpers = code.nodes[1:]  # what the body uses: it must not switch tracking off either
    for statement in [*function.body, *helpers]:
        for node in ast.walk(statement):
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
            if isinstance(node, (ast.With, ast.AsyncWith)) or name in BODY_SWITCHES or name == "requires_grad":
                raise CheckFailed(expect.named("doubler-s-body-turns") + "\n" + tr("  line {line}: {code}", line=node.lineno,
                                                                        code=code.source.line(node)))
