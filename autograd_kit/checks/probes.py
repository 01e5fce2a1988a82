"""Kit code that runs inside the learner's child process.

A probe receives the learner's module and plain arguments from the judge,
builds any seeded inputs, calls the learner's functions, and reduces what they
leave behind (a model, an optimizer) to plain data. The judge then compares
that data with the truth it computes itself.

Two kinds of data come back. Values that depend on the judge's random inputs
(a model's output, a parameter's step, a gradient's fingerprint) are checked
against the judge's own computation: a process can only produce them by doing
the work. Facts about the learner's objects (requires_grad, which parameters
are trainable, an optimizer's class) have answers known in advance, so a check
believes them only for a file that leaves the kit and torch alone
(Learner.observed in checks_plugin, source.py). Probes must be module-level
functions listed in PROBES: the worker runs them by name.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import torch

from autograd_kit.checks import fingerprint, recipes
from autograd_kit.i18n import tr
from autograd_kit.sandbox.wire import grad_of, requires_grad


class MissingFunction(AttributeError):
    pass


def function(module: ModuleType, name: str) -> Any:
    found = getattr(module, name, None)
    if not callable(found):
        raise MissingFunction(tr("the file has no function called {name}(); keep the name the exercise gives", name=name))
    return found


def call(module: ModuleType, name: str, args: tuple = (), kwargs: dict | None = None) -> Any:
    return function(module, name)(*args, **(kwargs or {}))


def call_leaving_grads(module: ModuleType, name: str, args: tuple = (), grads: tuple = ()) -> dict:
    """Call, then report what the call left in the .grad of each tensor argument.

    GRADS, when given, are put in the arguments' .grad first: a call that must leave .grad alone leaves them.
    """
    for argument, grad in zip(args, grads):
        if grad is not None:
            argument.grad = grad.clone()
    result = function(module, name)(*args)
    return {"result": result, "grads": [grad_of(a) if isinstance(a, torch.Tensor) else None for a in args]}


def call_changing_arguments(module: ModuleType, name: str, args: tuple = ()) -> dict:
    """Call, then report the arguments as they are afterwards (the caller's view), and which one came back."""
    result = function(module, name)(*args)
    return {"result": result, "arguments": list(args), "returned_argument": [result is a for a in args]}


def call_many(module: ModuleType, name: str, arg_sets: list[tuple]) -> list[Any]:
    target = function(module, name)
    return [target(*args) for args in arg_sets]


def built_model(module: ModuleType, name: str, seed: int, sample_seed: int, batch: recipes.Batch) -> dict:
    """Call a model-building function under a fixed seed; describe the model, and run it with reference weights.

    The output comes from the learner's model with resnet18's weights loaded
    into it: it matches the judge's resnet18 only if the architecture is resnet18.
    """
    torch.manual_seed(seed)
    model = function(module, name)()
    if not isinstance(model, torch.nn.Module):
        return {"type": type(model).__name__, "is_module": False}
    fc = getattr(model, "fc", None)
    report: dict[str, Any] = {
        "type": type(model).__name__,
        "is_module": True,
        "parameters": sum(p.numel() for p in model.parameters()),
        "fc_out": getattr(fc, "out_features", None),
        "weights": fingerprint.of_named(model.named_parameters(), sample_seed),
    }
    try:
        model.load_state_dict(recipes.ResNet18(seed).build().state_dict())
    except (RuntimeError, KeyError, TypeError, ValueError) as problem:
        report["load_error"] = str(problem).splitlines()[0][:300]
        return report
    model.train()
    data, _ = batch.build()
    with torch.no_grad():
        report["output"] = model(data)
    return report


def forward(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch) -> Any:
    data, _ = batch.build()
    return function(module, "forward")(model.build(), data)


def backward_pass(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, sample_seed: int) -> dict:
    net = model.build()
    data, labels = batch.build()
    loss = function(module, "backward_pass")(net, data, labels)
    return {
        "loss": loss,
        "grads": fingerprint.of_named(((n, grad_of(p)) for n, p in net.named_parameters()), sample_seed),
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
        "nesterov": bool(group.get("nesterov", False)),
        "held": [name for name, p in model.named_parameters() if id(p) in held],
        "held_count": len(held),
    }


def finetune(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, num_classes: int, sample_seed: int) -> dict:
    """Let the learner prepare fine-tuning, then train two steps with their optimizer.

    fc's values before and after each step are values the judge can check
    (it replays the steps from fc's starting values); the lists of names are
    what this process saw.
    """
    net = model.build()
    data, labels = batch.build()
    optimizer = function(module, "prepare_finetuning")(net, num_classes)
    fc = getattr(net, "fc", None)
    report: dict[str, Any] = {
        "fc_type": type(fc).__name__,
        "fc_shape": tuple(fc.weight.shape) if isinstance(getattr(fc, "weight", None), torch.Tensor) else None,
        "trainable": [name for name, p in net.named_parameters() if requires_grad(p)],
        "training": net.training,
        "optimizer": describe_optimizer(optimizer, net),
    }
    if report["fc_shape"] != (num_classes, 512) or not isinstance(getattr(fc, "bias", None), torch.Tensor):
        return report
    before = {name: p.detach().clone() for name, p in net.named_parameters()}
    report["fc"] = [{"weight": fc.weight.detach().clone(), "bias": fc.bias.detach().clone()}]
    for step in (1, 2):
        if isinstance(optimizer, torch.optim.Optimizer):
            optimizer.zero_grad()
        loss = (net(data) - labels).sum()
        if loss.requires_grad:  # with everything frozen there is no graph; the checks name that mistake
            loss.backward()
        if step == 1:
            report["with_grad"] = [name for name, p in net.named_parameters() if grad_of(p) is not None]
        if isinstance(optimizer, torch.optim.Optimizer):
            optimizer.step()
        report["fc"].append({"weight": fc.weight.detach().clone(), "bias": fc.bias.detach().clone()})
        if step == 1:
            report["changed"] = [name for name, p in net.named_parameters()
                                 if not torch.equal(p.detach(), before[name])]
    report["backbone"] = fingerprint.of_named(
        ((n, p) for n, p in net.named_parameters() if not n.startswith("fc.")), sample_seed)
    return report


def count_trainable(module: ModuleType, models: list[Any]) -> list[Any]:
    counter = function(module, "count_trainable")
    return [counter(recipe.build()) for recipe in models]


def evaluate(module: ModuleType, model: recipes.SmallMLP, data: torch.Tensor) -> dict:
    net = model.build()
    result = function(module, "evaluate")(net, data)
    return {"result": result, "grads": [n for n, p in net.named_parameters() if grad_of(p) is not None]}


def call_keeping_input(module: ModuleType, name: str, x: torch.Tensor) -> dict:
    """Call NAME(x) and send x back too: its metadata shows whether the call changed it."""
    result = function(module, name)(x)
    return {"result": result, "x": x}


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


# The probes a worker may run, by name. The worker copies this table before it
# imports the learner's file, so a file that rebinds a probe changes nothing.
PROBES = {probe.__name__: probe for probe in (
    call, call_leaving_grads, call_changing_arguments, call_many, built_model, forward, backward_pass,
    two_train_steps, finetune, count_trainable, evaluate, call_keeping_input, custom_function,
)}
