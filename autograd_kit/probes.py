"""Kit code that runs inside the learner's child process.

A probe receives the learner's module and plain arguments from the judge,
builds any seeded inputs, calls the learner's functions, and reduces what they
leave behind (a model, an optimizer) to plain data. The judge then compares
that data with the truth it computes itself. Probes must be module-level
functions so that they pickle by name.
"""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import torch

from autograd_kit import fingerprint, recipes
from autograd_kit.i18n import tr


class MissingFunction(AttributeError):
    pass


def function(module: ModuleType, name: str) -> Any:
    found = getattr(module, name, None)
    if not callable(found):
        raise MissingFunction(tr("the file has no function called {name}(); keep the name the exercise gives", name=name))
    return found


def call(module: ModuleType, name: str, args: tuple = (), kwargs: dict | None = None) -> Any:
    return function(module, name)(*args, **(kwargs or {}))


def call_leaving_grads(module: ModuleType, name: str, args: tuple = ()) -> dict:
    """Call, then report what the call left in the .grad of each tensor argument."""
    result = function(module, name)(*args)
    return {"result": result, "grads": [a.grad if isinstance(a, torch.Tensor) else None for a in args]}


def call_many(module: ModuleType, name: str, arg_sets: list[tuple]) -> list[Any]:
    target = function(module, name)
    return [target(*args) for args in arg_sets]


def built_model(module: ModuleType, name: str, seed: int, sample_seed: int) -> dict:
    """Call a model-building function under a fixed seed and describe the model."""
    torch.manual_seed(seed)
    model = function(module, name)()
    if not isinstance(model, torch.nn.Module):
        return {"type": type(model).__name__, "is_module": False}
    fc = getattr(model, "fc", None)
    return {
        "type": type(model).__name__,
        "is_module": True,
        "parameters": sum(p.numel() for p in model.parameters()),
        "fc_out": getattr(fc, "out_features", None),
        "weights": fingerprint.of_named(model.named_parameters(), sample_seed),
    }


def forward(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch) -> Any:
    data, _ = batch.build()
    return function(module, "forward")(model.build(), data)


def backward_pass(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, sample_seed: int) -> dict:
    net = model.build()
    data, labels = batch.build()
    loss = function(module, "backward_pass")(net, data, labels)
    return {
        "loss": loss,
        "grads": fingerprint.of_named(((n, p.grad) for n, p in net.named_parameters()), sample_seed),
    }


def two_train_steps(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, sample_seed: int) -> dict:
    net = model.build()
    data, labels = batch.build()
    optimizer = function(module, "make_optimizer")(net)
    report: dict[str, Any] = {"optimizer": describe_optimizer(optimizer, net)}
    if not isinstance(optimizer, torch.optim.Optimizer):
        return report
    step = function(module, "train_step")
    for index in (1, 2):
        before = {name: p.detach().clone() for name, p in net.named_parameters()}
        report[f"loss{index}"] = step(net, optimizer, data, labels)
        # The move of each parameter, not its value: a step is tiny next to the weights.
        moves = ((name, p.detach() - before[name]) for name, p in net.named_parameters())
        report[f"step{index}"] = fingerprint.of_named(moves, sample_seed)
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
        "held": [name for name, p in model.named_parameters() if id(p) in held],
        "held_count": len(held),
    }


def finetune(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, num_classes: int, sample_seed: int) -> dict:
    """Let the learner prepare fine-tuning, then train one step with their optimizer."""
    net = model.build()
    data, labels = batch.build()
    optimizer = function(module, "prepare_finetuning")(net, num_classes)
    fc = getattr(net, "fc", None)
    report: dict[str, Any] = {
        "fc_type": type(fc).__name__,
        "fc_shape": tuple(fc.weight.shape) if isinstance(getattr(fc, "weight", None), torch.Tensor) else None,
        "trainable": [name for name, p in net.named_parameters() if p.requires_grad],
        "optimizer": describe_optimizer(optimizer, net),
    }
    if report["fc_shape"] != (num_classes, 512):
        return report
    report["fc_before"] = {"weight": fc.weight.detach().clone(), "bias": fc.bias.detach().clone()}
    before = {name: p.detach().clone() for name, p in net.named_parameters()}
    loss = (net(data) - labels).sum()
    if loss.requires_grad:  # with everything frozen there is no graph; the checks name that mistake
        loss.backward()
    report["with_grad"] = [name for name, p in net.named_parameters() if p.grad is not None]
    if isinstance(optimizer, torch.optim.Optimizer):
        optimizer.step()
    report["changed"] = [name for name, p in net.named_parameters() if not torch.equal(p.detach(), before[name])]
    report["fc_after"] = {"weight": fc.weight.detach().clone(), "bias": fc.bias.detach().clone()}
    report["backbone"] = fingerprint.of_named(
        ((n, p) for n, p in net.named_parameters() if not n.startswith("fc.")), sample_seed)
    return report


def count_trainable(module: ModuleType, models: list[Any]) -> list[Any]:
    counter = function(module, "count_trainable")
    return [counter(recipe.build()) for recipe in models]


def evaluate(module: ModuleType, model: recipes.SmallMLP, data: torch.Tensor) -> dict:
    net = model.build()
    result = function(module, "evaluate")(net, data)
    return {"result": result, "grads": [n for n, p in net.named_parameters() if p.grad is not None]}


def double_without_tracking(module: ModuleType, x: torch.Tensor) -> dict:
    result = function(module, "double_without_tracking")(x)
    return {"result": result, "x_requires_grad": x.requires_grad}


def doubler(module: ModuleType, x: torch.Tensor) -> dict:
    decorated = function(module, "doubler")
    result = decorated(x)
    body = inspect.unwrap(decorated)
    report: dict[str, Any] = {"result": result, "x_requires_grad": x.requires_grad, "wrapped": body is not decorated}
    if body is not decorated:
        # Called without the decorator the body must track, so the decorator did the work.
        report["body_result"] = body(x)
    return report


def custom_function(module: ModuleType, name: str, x: torch.Tensor, v: torch.Tensor, eps: float = 1e-6) -> dict:
    """Forward and backward through the learner's autograd.Function, with the Jacobians gradcheck compares.

    Both Jacobians are returned raw, in float64; the judge compares them itself.
    """
    target = function(module, name)
    leaf = x.detach().clone().requires_grad_()
    y = target(leaf)
    if not isinstance(y, torch.Tensor):
        return {"value": y}
    node = type(y.grad_fn).__name__ if y.grad_fn is not None else None
    vjp = torch.autograd.grad(y, leaf, v)[0] if y.requires_grad else None
    x64 = x.detach().to(torch.float64)
    analytical, numerical = [], []
    for i in range(x64.numel()):
        point = x64.clone().requires_grad_()
        out = target(point)
        basis = torch.zeros_like(out)
        basis.view(-1)[i] = 1
        row = torch.autograd.grad(out, point, basis, allow_unused=True)[0] if out.requires_grad else None
        analytical.append(torch.zeros_like(x64) if row is None else row.reshape(-1))
        step = torch.zeros_like(x64)
        step.view(-1)[i] = eps
        numerical.append(((target(x64 + step) - target(x64 - step)) / (2 * eps)).detach().reshape(-1))
    return {"value": y, "grad_fn": node, "vjp": vjp,
            "analytical": torch.stack(analytical), "numerical": torch.stack(numerical, dim=1)}
