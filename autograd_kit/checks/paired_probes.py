"""Probes that measure one learner function alone, lending it the judge's others (kit code in the worker).

Where a function needs another's result, the judge supplies a correct one
(references.py): train_step gets the judge's SGD, make_optimizer's optimizer is
stepped by the judge's train step, backward_pass calls the judge's
compute_loss, Cube.forward is paired with the judge's backward and the other
way round, and cube(x) applies the judge's Cube. So a mistake costs only the
points of the function that contains it. The judge recomputes every value it
decides from; what is lent only lets the function under test run.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import torch

from autograd_kit.checks import fingerprint, recipes, references
from autograd_kit.checks.learner_module import function
from autograd_kit.sandbox.wire import grad_of, requires_grad

_TENSOR = torch._C.TensorBase
_FUNCTION_SETUP = torch.autograd.Function.setup_context


def backward_pass(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, sample_seed: int) -> dict:
    """backward_pass with the judge's compute_loss lent to it: its gradients are its own work alone."""
    net = model.build()
    data, labels = batch.build()
    target = function(module, "backward_pass")
    with references.lend(module, {"compute_loss": references.compute_loss}):
        loss = target(net, data, labels)
    return {
        "loss": loss,
        "grads": fingerprint.of_named(((n, grad_of(p)) for n, p in net.named_parameters()), sample_seed),
    }


def _two_steps(report: dict, net: torch.nn.Module, step: Any, sample_seed: int) -> None:
    """Call STEP twice; report each returned loss and how far every parameter moved."""
    for index in (1, 2):
        before = {name: p.detach().clone() for name, p in net.named_parameters()}
        report[f"loss{index}"] = step()
        # The move of each parameter, not its value: a step is tiny next to the weights.
        moves = ((name, p.detach() - before[name]) for name, p in net.named_parameters())
        report[f"step{index}"] = fingerprint.of_named(moves, sample_seed)


def optimizer_steps(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, sample_seed: int) -> dict:
    """The learner's make_optimizer, then two of the judge's own train steps with it: the steps measure the
    optimizer alone."""
    net = model.build()
    data, labels = batch.build()
    optimizer = function(module, "make_optimizer")(net)
    report: dict[str, Any] = {"optimizer": describe_optimizer(optimizer, net)}
    if isinstance(optimizer, torch.optim.Optimizer):
        _two_steps(report, net, lambda: references.train_step(net, optimizer, data, labels), sample_seed)
    return report


def train_steps(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, sample_seed: int) -> dict:
    """Two calls of the learner's train_step with the judge's own SGD (and make_optimizer lent, should
    train_step call it): the steps measure train_step alone."""
    net = model.build()
    data, labels = batch.build()
    optimizer = references.make_optimizer(net)
    step = function(module, "train_step")
    report: dict[str, Any] = {}
    with references.lend(module, {"make_optimizer": references.make_optimizer}):
        _two_steps(report, net, lambda: step(net, optimizer, data, labels), sample_seed)
    return report


def describe_optimizer(optimizer: Any, model: torch.nn.Module) -> dict:
    if not isinstance(optimizer, torch.optim.Optimizer):
        return {"type": type(optimizer).__name__, "is_optimizer": False}
    group = optimizer.param_groups[0]
    held = {id(p) for g in optimizer.param_groups for p in g["params"]}
    return {
        "type": type(optimizer).__name__,
        "is_optimizer": True,
        "lr": float(group.get("lr", float("nan"))),
        "momentum": float(group.get("momentum", 0.0)),
        "nesterov": bool(group.get("nesterov", False)),
        "held": [name for name, p in model.named_parameters() if id(p) in held],
        "held_count": len(held),
    }


def _learner_method(module: ModuleType, name: str) -> Any:
    """Cube.NAME as the learner's class holds it (a staticmethod's function)."""
    return getattr(function(module, "Cube"), name)


def _own_setup_context(module: ModuleType) -> Any:
    found = getattr(function(module, "Cube"), "setup_context", None)
    return None if found is None or found is _FUNCTION_SETUP else found


def cube_forward(module: ModuleType, x: torch.Tensor) -> dict:
    """The learner's Cube.forward with the judge's backward: its value, and the tensors it saved for backward
    (read back through ctx.saved_tensors, as a backward reads them)."""
    saved: list[torch.Tensor] = []

    def backward(ctx: Any, grad_output: torch.Tensor) -> torch.Tensor:
        saved.extend(t.detach().clone() for t in ctx.saved_tensors if isinstance(t, _TENSOR))
        return torch.zeros_like(grad_output)

    pair = references.paired_function(_learner_method(module, "forward"), backward, _own_setup_context(module))
    leaf = x.detach().clone().requires_grad_()
    value = pair.apply(leaf)
    report: dict[str, Any] = {"value": value, "saved": None}
    if isinstance(value, _TENSOR) and requires_grad(value):
        torch.autograd.grad(value, leaf, torch.ones_like(value), allow_unused=True)
        report["saved"] = saved
    return report


def cube_backward(module: ModuleType, x: torch.Tensor, v: torch.Tensor) -> dict:
    """The judge's Cube.forward with the learner's Cube.backward: the Jacobian backward gives (row by row, in
    float64, as gradcheck builds it) and its vector-Jacobian product for V."""
    pair = references.paired_function(references.cube_forward, _learner_method(module, "backward"))
    leaf = x.detach().clone().requires_grad_()
    vjp = torch.autograd.grad(pair.apply(leaf), leaf, v, allow_unused=True)[0]
    x64 = x.detach().to(torch.float64)
    rows = []
    for index in range(x64.numel()):
        point = x64.clone().requires_grad_()
        out = pair.apply(point)
        basis = torch.zeros_like(out)
        basis.view(-1)[index] = 1
        row = torch.autograd.grad(out, point, basis, allow_unused=True)[0]
        rows.append(torch.zeros_like(x64) if row is None else row.reshape(-1))
    return {"vjp": vjp, "analytical": torch.stack(rows)}


def cube_through_lent(module: ModuleType, x: torch.Tensor, v: torch.Tensor, scale: float) -> dict:
    """cube(x) with the judge's Cube lent (its backward scaled by SCALE): the value, and the gradient for V that
    shows whether the result came from Cube.apply."""
    target = function(module, "cube")
    live = [True]
    leaf = x.detach().clone().requires_grad_()
    with references.lend(module, {"Cube": references.cube_function(scale, live)}, live):
        value = target(leaf)
        report: dict[str, Any] = {"value": value, "vjp": None}
        if isinstance(value, _TENSOR) and requires_grad(value):
            report["vjp"] = torch.autograd.grad(value, leaf, v, allow_unused=True)[0]
    return report
