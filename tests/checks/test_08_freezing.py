"""Checks for exercise 08: freeze resnet18, replace fc, train only the new head.

Every point comes from values the judge computes itself; what the learner's process says about its
objects (which parameters require grad or got a .grad, an optimizer's class and settings) only picks
the feedback. Two runs of prepare_finetuning on resnet18 as the judge builds it (seeded: the judge
knows every starting value) return fc's values, the model's output on a held-out input and the
backbone's tensors as built, each read through torch's C types and the modules' own dicts:

- the graph step (finetune_graph_step): the kit's own SGD step, with weight decay, on every tensor
  autograd accumulates a gradient into, wherever the model keeps it. Only what is really frozen
  stays put; a weight decay moves even a parameter whose gradient a hook zeroes.
- the learner's steps (finetune): two steps with the optimizer prepare_finetuning returned.

Requirements, and what measures each:
- model.fc is a new nn.Linear(512, num_classes) (test_head_replaced): the held-out output right after
  the call is the judge's resnet18 features (train or eval mode) through fc's returned weight and bias.
- only fc.weight and fc.bias require grad (test_only_head_trainable): the graph step moves fc exactly
  as the judge's replay from fc's starting values, and nothing else.
- frozen parameters get no gradient (test_frozen_parameters_get_no_grad): after the graph step the
  backbone's tensors are resnet18's as built, and the held-out output is the judge's frozen features
  through fc as returned.
- a step with the learner's optimizer moves fc by -lr * grad and leaves the backbone as it was
  (test_step_moves_only_head), on a backbone the graph step found frozen.
- the optimizer is SGD with lr=1e-2 and momentum=0.9 over the new fc (test_optimizer_settings): the
  second step follows the judge's replay with momentum; the source calls SGD.

Parameters are compared, not the state_dict: BatchNorm's running statistics move in train mode even
when every weight is frozen.
"""

from functools import cache

import pytest
import torch
from torch import nn

from autograd_kit.checks import expect, fingerprint, probes, recipes, requirements
from autograd_kit.checks.expect import CheckFailed
from autograd_kit.i18n import tr


def worker_prepares(seed: int) -> tuple:
    """What this exercise's worker initialises while it boots, before the learner's clock starts."""
    return (recipes.ResNet18(seed),)

LR, MOMENTUM = 1e-2, 0.9
GRAPH_LR, WEIGHT_DECAY = 0.05, 0.5  # the graph step's own: every unfrozen tensor moves by 2.5% of itself or more
HEAD = ("fc.weight", "fc.bias")
OUTPUT_ULPS = 2048  # the same resnet18 in two processes: float32 rounding through 18 layers


def _classes(seed: int) -> int:
    """How many classes the new head has in this grade: 2 to 29, never one a file could assume."""
    return 2 + seed % 28


def _inputs(seed: int) -> dict:
    num_classes = _classes(seed)
    return {"model": recipes.ResNet18(seed), "batch": recipes.Batch(seed, classes=num_classes),
            "held_out": recipes.Batch(seed + 500, classes=num_classes), "num_classes": num_classes,
            "sample_seed": seed + 11}


def _learner_steps(learner, seed):
    return learner.submit(probes.finetune, ("prepare_finetuning",), memo=True, **_inputs(seed))


def _graph_step(learner, seed):
    return learner.submit(probes.finetune_graph_step, ("prepare_finetuning",), memo=True, lr=GRAPH_LR,
                          weight_decay=WEIGHT_DECAY, **_inputs(seed))


@cache
def _features(seed: int, training: bool) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """What the frozen backbone feeds fc (the batch, its labels, the held-out input) in one BatchNorm mode."""
    model = recipes.ResNet18(seed).build()
    model.fc = nn.Identity()
    model.train(training)
    inputs = _inputs(seed)
    data, labels = inputs["batch"].build()
    held, _ = inputs["held_out"].build()
    with torch.no_grad():
        return model(data), labels, model(held)


@cache
def _backbone(seed: int) -> dict:
    return fingerprint.of_named(((n, p) for n, p in recipes.ResNet18(seed).build().named_parameters()
                                 if not n.startswith("fc.")), seed + 11)


def _head_tensors(head: object, num_classes: int) -> tuple[torch.Tensor, torch.Tensor] | None:
    """fc's weight and bias if they are a Linear(512, num_classes)'s, else None."""
    if not isinstance(head, dict):
        return None
    weight, bias = head.get("weight"), head.get("bias")
    if not (isinstance(weight, torch.Tensor) and isinstance(bias, torch.Tensor)):
        return None
    if tuple(weight.shape) != (num_classes, 512) or tuple(bias.shape) != (num_classes,):
        return None
    return weight.detach().to(torch.float32), bias.detach().to(torch.float32)


def _fc_of(features: torch.Tensor, head: tuple[torch.Tensor, torch.Tensor], output: object) -> bool:
    """Whether OUTPUT is FEATURES through the linear layer HEAD, up to float32 rounding."""
    weight, bias = head
    want = features @ weight.T + bias
    if not isinstance(output, torch.Tensor) or output.shape != want.shape:
        return False
    scale = features.abs() @ weight.abs().T + bias.abs()
    return expect.within(output.detach().to(torch.float64), want.to(torch.float64), scale.to(torch.float64),
                         OUTPUT_ULPS * fingerprint.EPS32)


def _mode(report: dict, seed: int) -> bool | None:
    """The BatchNorm mode in which the output right after the call is resnet18's features through fc, or None."""
    head = _head_tensors(report["fc"][0], _classes(seed))
    outputs = report.get("outputs") or [None]
    if head is None:
        return None
    for training in (bool(report.get("training", True)), not report.get("training", True)):
        if _fc_of(_features(seed, training)[2], head, outputs[0]):
            return training
    return None


def _ready(learner, report: dict, seed: int) -> bool:
    """The BatchNorm mode of a model whose fc is a new Linear(512, num_classes) on resnet18's backbone."""
    learner.observed()
    training = _mode(report, seed)
    if training is not None:
        return training
    num_classes = _classes(seed)
    weight = report["fc"][0].get("weight")
    shape = tuple(weight.shape) if isinstance(weight, torch.Tensor) else None
    if shape == (num_classes, 512):
        raise CheckFailed(tr("model.fc has the right shape, but the model's output is not resnet18's features "
                             "through fc: keep the backbone as it was built and make fc a plain nn.Linear(512, "
                             "{classes}).", classes=num_classes))
    key = {(512, num_classes): "linear-swapped", (num_classes, 1000): "head-on-logits",
           (10, 512): "fixed-ten-classes"}.get(shape or (), "")
    raise CheckFailed(tr("model.fc should be a new nn.Linear(512, {classes}), but it is a {kind} "
                         "with weight shape {shape}.", classes=num_classes, kind=report.get("fc_type"),
                         shape=shape) + ("\n" + expect.named(key) if key else ""))


def _replay(report: dict, seed: int, training: bool, steps: int, lr: float, momentum: float = 0.0,
            weight_decay: float = 0.0) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """fc after each SGD step on the judge's frozen features, from the values fc started with."""
    features, labels, _ = _features(seed, training)
    weight, bias = _head_tensors(report["fc"][0], _classes(seed))
    head = nn.Linear(512, _classes(seed))
    with torch.no_grad():
        head.weight.copy_(weight)
        head.bias.copy_(bias)
    optimizer = torch.optim.SGD(head.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)
    states = []
    for _ in range(steps):
        optimizer.zero_grad()
        probes.finetune_loss(head(features), labels).backward()
        optimizer.step()
        states.append((head.weight.detach().clone(), head.bias.detach().clone()))
    return states


def _head_moved_as(report: dict, want: tuple[torch.Tensor, torch.Tensor], step: int) -> bool:
    before, got = report["fc"][step - 1], report["fc"][step]
    for name, value in zip(("weight", "bias"), want):
        if not isinstance(before.get(name), torch.Tensor) or before[name].shape != value.shape:
            return False
        # p - lr * update rounds like p itself, however small the step.
        scale = before[name].abs() + (value - before[name]).abs()
        try:
            expect.close(got.get(name) if isinstance(got, dict) else None, value, f"fc.{name}", scale=scale)
        except CheckFailed:
            return False
    return True


def _backbone_moved(report: dict, seed: int, training: bool, step: int) -> str | None:
    """Why the backbone is not resnet18's as built after STEP, or None: its tensors as built, and the
    held-out output through fc as it is then."""
    differ = [n for n, fp in _backbone(seed).items()
              if fingerprint.mismatch(fp, report["backbone"].get(n), rtol=1e-6, atol=0.0)]
    if differ:
        return tr("{count} backbone parameters changed (first: {first}); a frozen backbone must not move.",
                  count=len(differ), first=differ[0])
    head = _head_tensors(report["fc"][step], _classes(seed))
    if head is None or not _fc_of(_features(seed, training)[2], head, report["outputs"][step]):
        return tr("the model's output after the step is not resnet18's features as built through the new fc: "
                  "the backbone moved. Freeze every parameter with requires_grad = False before replacing fc.")
    return None


def _not_frozen(report: dict, seed: int, training: bool) -> str | None:
    """Why the graph step moved the backbone, or None; the names it lists are the worker's, for feedback."""
    problem = _backbone_moved(report, seed, training, 1)
    if problem is None:
        return None
    still = [n for n in report.get("in_graph", []) if n not in HEAD]
    if still:
        problem += " " + tr("Still trainable: {names}...", names=still[:3])
    if not report.get("training", True):
        problem += "\n" + expect.named("eval-is-not-freezing")
    return problem


def _head_learns(report: dict, seed: int, training: bool) -> bool:
    return _head_moved_as(report, _replay(report, seed, training, 1, GRAPH_LR, weight_decay=WEIGHT_DECAY)[0], 1)


@pytest.mark.points(1)
@pytest.mark.measures("prepare_finetuning")
def test_head_replaced(learner, seed):
    """model.fc is a new nn.Linear(512, num_classes)"""
    pending = _learner_steps(learner, seed)
    _graph_step(learner, seed)  # both runs go while the judge computes its truth
    _backbone(seed)
    _features(seed, True)
    _ready(learner, pending.result(), seed)


@pytest.mark.points(2)
@pytest.mark.measures("prepare_finetuning")
def test_only_head_trainable(learner, seed):
    """only fc.weight and fc.bias require grad: 513 * num_classes trainable numbers"""
    report = _graph_step(learner, seed).result()
    training = _ready(learner, report, seed)
    if not _head_learns(report, seed, training):
        if not any(n in HEAD for n in report.get("in_graph", [])):
            raise CheckFailed(expect.named("nothing-trainable-new-fc") + " "
                              + tr("That gives {count} trainable numbers.", count=513 * _classes(seed)))
        raise CheckFailed(tr("a plain SGD step did not move fc by -lr * grad: fc.weight and fc.bias should "
                             "be ordinary trainable parameters of a new nn.Linear(512, num_classes)."))
    problem = _not_frozen(report, seed, training)
    if problem:
        raise CheckFailed(problem)


@pytest.mark.points(1)
@pytest.mark.measures("prepare_finetuning")
def test_frozen_parameters_get_no_grad(learner, seed):
    """after backward, frozen parameters get no gradient: a step on everything that has one leaves them"""
    report = _graph_step(learner, seed).result()
    problem = _not_frozen(report, seed, _ready(learner, report, seed))
    if problem:
        raise CheckFailed(problem)


def _frozen_first(learner, seed) -> None:
    """The learner's steps are judged on a backbone the graph step found frozen."""
    report = _graph_step(learner, seed).result()
    if _not_frozen(report, seed, _ready(learner, report, seed)):
        raise CheckFailed(tr("the backbone is not frozen (see the check on frozen parameters), so a step "
                             "cannot leave it as it was. Freeze every parameter before replacing fc."))


@pytest.mark.points(2)
@pytest.mark.measures("prepare_finetuning")
def test_step_moves_only_head(learner, seed):
    """step() moves fc by -lr * grad and leaves the backbone exactly as it was"""
    report = _learner_steps(learner, seed).result()
    training = _ready(learner, report, seed)
    _frozen_first(learner, seed)
    problem = _backbone_moved(report, seed, training, 1) or _backbone_moved(report, seed, training, 2)
    if problem:
        raise CheckFailed(problem)
    if _head_moved_as(report, _replay(report, seed, training, 1, LR)[0], 1):
        return
    graph = _graph_step(learner, seed).result()
    if not _head_learns(graph, seed, _ready(learner, graph, seed)):
        raise CheckFailed(tr("fc did not learn: it is frozen, so it gets no gradient and step() skips it. "
                             "Freeze first, then replace fc."))
    if _head_moved_as(report, _head_tensors(report["fc"][0], _classes(seed)), 1):  # fc did not move at all
        raise CheckFailed(expect.named("fc-move-after-step"))
    raise CheckFailed(tr("fc did not move by -lr * grad with lr={lr:g} on the first step.", lr=LR))


@pytest.mark.points(1)
@pytest.mark.measures("prepare_finetuning")
def test_optimizer_settings(learner, seed):
    """the optimizer is SGD with lr=1e-2 and momentum=0.9 and holds the new fc"""
    report = _learner_steps(learner, seed).result()
    training = _ready(learner, report, seed)
    _frozen_first(learner, seed)
    steps = _replay(report, seed, training, 2, LR, MOMENTUM)
    if not (_head_moved_as(report, steps[0], 1) and _head_moved_as(report, steps[1], 2)
            and _backbone_moved(report, seed, training, 2) is None):
        raise CheckFailed(_optimizer_feedback(report.get("optimizer", {})))
    requirements.calls(learner.code("prepare_finetuning"), "SGD", requirement=tr("build torch.optim.SGD"))


def _optimizer_feedback(opt: dict) -> str:
    """What the worker said about the optimizer, to explain steps that are not SGD's (it decides nothing)."""
    if not opt.get("is_optimizer"):
        return tr("prepare_finetuning should return a torch.optim.Optimizer, not a {kind}.", kind=opt.get("type"))
    if opt.get("type") != "SGD" or abs(opt.get("lr", 0) - LR) > 1e-12 or abs(opt.get("momentum", 0) - MOMENTUM) > 1e-12:
        return tr("expected SGD with lr=0.01 and momentum=0.9; got {kind} with lr={lr:g}, momentum={momentum:g}.",
                  kind=opt.get("type"), lr=opt.get("lr", float("nan")), momentum=opt.get("momentum", float("nan")))
    if not set(HEAD) <= set(opt.get("held", [])):
        return expect.named("optimizer-hold-new-fc")
    return tr("fc's two training steps do not follow SGD with lr=0.01 and momentum=0.9: the second "
              "step should be -lr * (0.9 * first gradient + second gradient).")
