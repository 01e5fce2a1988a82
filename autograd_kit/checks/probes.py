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
from autograd_kit.checks.learner_module import MissingFunction, function  # noqa: F401 - probes.function for checks
from autograd_kit.checks.paired_probes import (backward_pass, cube_backward, cube_forward, cube_through_lent,
                                               describe_optimizer, optimizer_steps, train_steps)
from autograd_kit.sandbox.wire import grad_of, requires_grad


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


def call_then_backward(module: ModuleType, name: str, args: tuple, weights: torch.Tensor) -> dict:
    """Call; then backward through (result * WEIGHTS).sum() and send what that left in the first argument's .grad.

    That gradient is WEIGHTS only if the first argument is still a leaf that requires grad and the result is
    it: a value the judge checks, where is_leaf or `result is w` would be what this process says.
    """
    result = function(module, name)(*args)
    report = {"result": result, "arguments": list(args), "returned_argument": [result is a for a in args]}
    if isinstance(result, _TENSOR) and requires_grad(result):
        try:
            torch.autograd.backward([(result * weights).sum()])
        except RuntimeError:
            pass
    report["first_grad"] = grad_of(args[0])
    return report


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


# Exercise 08 reads the learner's model through torch's C types and plain dicts, captured here before the
# learner's file is imported: a class that overrides named_parameters(), requires_grad or .grad (however its
# body hides it) changes nothing below. The values decide; the names are for feedback.
_TENSOR = torch._C.TensorBase
_DETACH, _CLONE, _SUB_, _ADD_, _MUL_ = _TENSOR.detach, _TENSOR.clone, _TENSOR.sub_, _TENSOR.add_, _TENSOR.mul_
_GRAD_FN = _TENSOR.__dict__["grad_fn"].__get__
_NEXT = {torch._C._FunctionBase: torch._C._FunctionBase.__dict__["next_functions"].__get__}
_STATE = object.__getattribute__
_ITEMS, _GET = dict.items, dict.get


def _slot(module: Any, name: str) -> dict:
    """module._parameters or module._modules as stored, or {} for anything that is not a module's dict."""
    try:
        found = _GET(_STATE(module, "__dict__"), name)
        return dict(_ITEMS(found)) if type(found) is dict or isinstance(found, dict) else {}
    except (AttributeError, TypeError):
        return {}


def _walk(module: Any, prefix: str = "", seen: set | None = None) -> list[tuple[str, torch.Tensor]]:
    """Every parameter the model stores, by name, read from its modules' own dicts."""
    seen = set() if seen is None else seen
    if id(module) in seen:
        return []
    seen.add(id(module))
    found = [(prefix + n, p) for n, p in _slot(module, "_parameters").items() if isinstance(p, _TENSOR)]
    for name, child in _slot(module, "_modules").items():
        found += _walk(child, f"{prefix}{name}.", seen)
    return found


def _value(tensor: Any) -> torch.Tensor | None:
    return _CLONE(_DETACH(tensor)) if isinstance(tensor, _TENSOR) else None


def _head(net: Any) -> dict[str, torch.Tensor | None]:
    """fc's weight and bias as stored in the module that model.fc holds."""
    parameters = _slot(_GET(_slot(net, "_modules"), "fc"), "_parameters")
    return {"weight": _value(parameters.get("weight")), "bias": _value(parameters.get("bias"))}


def _graph_leaves(root: Any) -> list[torch.Tensor]:
    """Every tensor autograd accumulates a gradient into from ROOT's graph (its AccumulateGrad nodes)."""
    stack, seen, leaves = [root], set(), []
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        kind = type(node)
        next_functions = _NEXT.get(torch._C._FunctionBase) if issubclass(kind, torch._C._FunctionBase) \
            else kind.__dict__["next_functions"].__get__
        if kind.__name__ == "AccumulateGrad" and isinstance(kind.__dict__["variable"].__get__(node), _TENSOR):
            leaves.append(kind.__dict__["variable"].__get__(node))
        stack.extend(fn for fn, _ in next_functions(node))
    return leaves


def finetune_loss(output: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """The loss both 08 probes train on; the judge replays it."""
    return ((output - labels) ** 2).mean()


def _prepared(module: ModuleType, model: recipes.ResNet18, num_classes: int, sample_seed: int) -> tuple:
    """The model as built, its backbone's tensors as built, and what prepare_finetuning made of the model."""
    net = model.build()
    backbone = [(n, p) for n, p in _walk(net) if not n.startswith("fc.")]
    result = function(module, "prepare_finetuning")(net, num_classes)
    parameters = _walk(net)
    report: dict[str, Any] = {  # facts, for feedback only
        "fc_type": type(_GET(_slot(net, "_modules"), "fc")).__name__,
        "trainable": [n for n, p in parameters if requires_grad(p)],
        "training": bool(_GET(_STATE(net, "__dict__"), "training", True)),
        "fc": [_head(net)],
    }
    return net, backbone, result, report


def _fits(report: dict, num_classes: int) -> bool:
    """Whether fc holds a (num_classes, 512) weight and a bias: else the model cannot run, and the judge says why."""
    weight, bias = report["fc"][0]["weight"], report["fc"][0]["bias"]
    return weight is not None and bias is not None and tuple(weight.shape) == (num_classes, 512)


def _outputs_and_backbone(net: Any, report: dict, held_out: torch.Tensor, backbone: list, sample_seed: int) -> None:
    """The model's output on the held-out input, and the backbone's tensors (as built) now."""
    output = net(held_out)
    report.setdefault("outputs", []).append(_value(output))
    report["backbone"] = fingerprint.of_named(((n, _DETACH(p)) for n, p in backbone), sample_seed)


def finetune(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, held_out: recipes.Batch,
             num_classes: int, sample_seed: int) -> dict:
    """prepare_finetuning, then two training steps with the learner's optimizer.

    Values for the judge: fc and the model's output on a held-out input after the
    call and after each step, and the backbone's tensors (as built) at the end.
    """
    net, backbone, optimizer, report = _prepared(module, model, num_classes, sample_seed)
    data, labels = batch.build()
    held, _ = held_out.build()
    report["optimizer"] = describe_optimizer(optimizer, net)
    if not _fits(report, num_classes):
        return report
    _outputs_and_backbone(net, report, held, backbone, sample_seed)
    before = {n: _value(p) for n, p in _walk(net)}
    for step in (1, 2):
        if isinstance(optimizer, torch.optim.Optimizer):
            optimizer.zero_grad()
        loss = finetune_loss(net(data), labels)
        if requires_grad(loss):  # with everything frozen there is no graph; the checks name that mistake
            loss.backward()
        if step == 1:
            report["with_grad"] = [n for n, p in _walk(net) if grad_of(p) is not None]
        if isinstance(optimizer, torch.optim.Optimizer):
            optimizer.step()
        report["fc"].append(_head(net))
        _outputs_and_backbone(net, report, held, backbone, sample_seed)
        if step == 1:
            report["changed"] = [n for n, p in _walk(net) if n in before and not torch.equal(_value(p), before[n])]
    return report


def finetune_graph_step(module: ModuleType, model: recipes.ResNet18, batch: recipes.Batch, held_out: recipes.Batch,
                        num_classes: int, sample_seed: int, lr: float, weight_decay: float) -> dict:
    """prepare_finetuning, then one SGD step (with weight decay) of the kit's own on every tensor autograd
    accumulates a gradient into, wherever the model keeps it: only what is really frozen stays put.

    The learner's optimizer is not used. Values for the judge: fc and the held-out
    output before and after the step, and the backbone's tensors (as built) after it.
    """
    net, backbone, _, report = _prepared(module, model, num_classes, sample_seed)
    if not _fits(report, num_classes):
        return report
    data, labels = batch.build()
    held, _ = held_out.build()
    _outputs_and_backbone(net, report, held, backbone, sample_seed)
    loss = finetune_loss(net(data), labels)
    leaves = _graph_leaves(_GRAD_FN(loss)) if isinstance(loss, _TENSOR) and requires_grad(loss) else []
    names = {id(p): n for n, p in _walk(net)}
    report["in_graph"] = [names.get(id(leaf), "?") for leaf in leaves]
    if leaves:
        grads = torch.autograd.grad(loss, leaves, allow_unused=True)
        for leaf, grad in zip(leaves, grads):
            stored = _DETACH(leaf)
            step = _MUL_(_CLONE(stored), weight_decay)
            if grad is not None:
                _ADD_(step, _DETACH(grad))
            _SUB_(stored, step, alpha=lr)
    report["fc"].append(_head(net))
    _outputs_and_backbone(net, report, held, backbone, sample_seed)
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


# The probes a worker may run, by name. The worker copies this table before it
# imports the learner's file, so a file that rebinds a probe changes nothing.
PROBES = {probe.__name__: probe for probe in (
    call, call_leaving_grads, call_changing_arguments, call_then_backward, call_many, built_model, forward, backward_pass,
    optimizer_steps, train_steps, finetune, finetune_graph_step, count_trainable, evaluate, call_keeping_input,
    cube_forward, cube_backward, cube_through_lent,
)}
