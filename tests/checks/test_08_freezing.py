"""Checks for exercise 08: freeze resnet18, replace fc, train only the new head.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- prepare_finetuning changes `model` in place, so that model.fc is a new nn.Linear(512, num_classes)
  (test_head_replaced): fc's class and shape, as the worker saw them.
- every parameter is frozen before fc is replaced, so only fc.weight and fc.bias require grad
  (test_only_head_trainable): what the worker saw; model.eval() mistaken for freezing is named.
- frozen parameters get no .grad from backward (test_frozen_parameters_get_no_grad): what the worker saw.
- a training step moves fc by -lr * grad and leaves the backbone exactly as it was
  (test_step_moves_only_head): values: the judge replays the step on fc from the values fc started
  with, through its own frozen resnet18; the backbone's fingerprint against resnet18 as built.
- the optimizer is SGD over model.parameters() with lr=1e-2 and momentum=0.9, built after fc is
  replaced, so it holds the new fc (test_optimizer_settings): values: the judge replays a second
  step with momentum; the source calls SGD; the class and settings are what the worker saw.

What the worker saw (names, classes, flags) counts only for a file that leaves the kit and torch
alone (Learner.observed). Parameters are compared, not the state_dict: BatchNorm's running
statistics move in train mode even when every weight is frozen.
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
HEAD = ("fc.weight", "fc.bias")


def _classes(seed: int) -> int:
    """How many classes the new head has in this grade: 2 to 29, never one a file could assume."""
    return 2 + seed % 28


def _run(learner, seed, num_classes):
    return learner.submit(probes.finetune, ("prepare_finetuning",), memo=True, model=recipes.ResNet18(seed),
                          batch=recipes.Batch(seed, classes=num_classes), num_classes=num_classes,
                          sample_seed=seed + 11)


def _ready(learner, report, num_classes) -> dict:
    learner.observed()
    if report["fc_shape"] != (num_classes, 512):
        shape = tuple(report["fc_shape"] or ())
        key = {(512, num_classes): "linear-swapped", (num_classes, 1000): "head-on-logits",
               (10, 512): "fixed-ten-classes"}.get(shape, "")
        raise CheckFailed(tr("model.fc should be a new nn.Linear(512, {classes}), but it is a {kind} "
                             "with weight shape {shape}.", classes=num_classes, kind=report["fc_type"],
                             shape=report["fc_shape"]) + ("\n" + expect.named(key) if key else ""))
    return report


@cache
def _features(seed: int, num_classes: int, training: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """What the frozen backbone feeds fc, in the mode the learner's model was left in."""
    model = recipes.ResNet18(seed).build()
    model.fc = nn.Identity()
    model.train(training)
    data, labels = recipes.Batch(seed, classes=num_classes).build()
    with torch.no_grad():
        features = model(data)
    return features, labels


@cache
def _backbone(seed: int) -> dict:
    return fingerprint.of_named(((n, p) for n, p in recipes.ResNet18(seed).build().named_parameters()
                                 if not n.startswith("fc.")), seed + 11)


def _replay(report: dict, seed: int, num_classes: int) -> list[dict[str, torch.Tensor]]:
    """fc after each of two SGD steps with momentum, from the values fc started with."""
    features, labels = _features(seed, num_classes, bool(report.get("training", True)))
    head = nn.Linear(512, num_classes)
    with torch.no_grad():
        head.weight.copy_(report["fc"][0]["weight"])
        head.bias.copy_(report["fc"][0]["bias"])
    optimizer = torch.optim.SGD(head.parameters(), lr=LR, momentum=MOMENTUM)
    states = []
    for _ in range(2):
        optimizer.zero_grad()
        (head(features) - labels).sum().backward()
        optimizer.step()
        states.append({"weight": head.weight.detach().clone(), "bias": head.bias.detach().clone()})
    return states


@pytest.mark.points(1)
def test_head_replaced(learner, seed):
    """model.fc is a new nn.Linear(512, num_classes)"""
    num_classes = _classes(seed)
    pending = _run(learner, seed, num_classes)
    _backbone(seed)  # computed while the learner's code runs; a later check needs it
    _ready(learner, pending.result(), num_classes)


@pytest.mark.points(2)
def test_only_head_trainable(learner, seed):
    """only fc.weight and fc.bias require grad: 513 * num_classes trainable numbers"""
    num_classes = _classes(seed)
    report = _ready(learner, _run(learner, seed, num_classes).result(), num_classes)
    trainable = report["trainable"]
    want_count = 513 * num_classes
    if sorted(trainable) == sorted(HEAD):
        return
    if not trainable:
        raise CheckFailed(expect.named("nothing-trainable-new-fc")
                          + " " + tr("That gives {count} trainable numbers.", count=want_count))
    frozen_missing = [n for n in trainable if n not in HEAD]
    message = tr("{count} parameter tensors require grad, but only {head} should ({numbers} numbers). "
                 "Still trainable: {names}... Set requires_grad = False on every parameter before replacing fc.",
                 count=len(trainable), head=", ".join(HEAD), numbers=want_count, names=frozen_missing[:3])
    if not report.get("training", True):
        message += "\n" + expect.named("eval-is-not-freezing")
    raise CheckFailed(message)


@pytest.mark.points(1)
def test_frozen_parameters_get_no_grad(learner, seed):
    """after backward, frozen parameters' .grad is None"""
    report = _ready(learner, _run(learner, seed, _classes(seed)).result(), _classes(seed))
    extra = [n for n in report.get("with_grad", []) if n not in HEAD]
    if extra:
        raise CheckFailed(tr("{count} frozen parameters got a .grad (first: {first}); frozen parameters "
                             "(requires_grad=False) are left out of the graph, so their .grad stays None.",
                             count=len(extra), first=extra[0]))
    if sorted(report.get("with_grad", [])) != sorted(HEAD):
        message = tr("fc.weight and fc.bias should get a .grad from backward(), but they did not.")
        if not set(HEAD) <= set(report["trainable"]):
            message += " " + tr("They are frozen too (requires_grad=False).")
        raise CheckFailed(message)


def _check_fc(report: dict, want: dict, step: int) -> bool:
    before = report["fc"][step - 1]
    for name in ("weight", "bias"):
        # fc - lr * buffer rounds like fc itself, however small the step.
        scale = before[name].abs() + (want[name] - before[name]).abs()
        try:
            expect.close(report["fc"][step][name], want[name], f"fc.{name}", scale=scale)
        except CheckFailed:
            return False
    return True


@pytest.mark.points(2)
def test_step_moves_only_head(learner, seed):
    """step() moves fc by -lr * grad and leaves the backbone exactly as it was"""
    num_classes = _classes(seed)
    pending = _run(learner, seed, num_classes)
    initial = _backbone(seed)
    report = _ready(learner, pending.result(), num_classes)
    moved = [n for n in report.get("changed", []) if n not in HEAD]
    if moved:
        raise CheckFailed(tr("{count} backbone parameters changed (first: {first}); a frozen backbone must not move.",
                             count=len(moved), first=moved[0]))
    differ = [n for n, fp in initial.items() if fingerprint.mismatch(fp, report["backbone"].get(n), rtol=1e-4)]
    if differ:
        raise CheckFailed(tr("the backbone's parameters are not resnet18's as built (first: {first}); "
                             "freeze them, do not re-initialise or replace them.", first=differ[0]))
    if not set(HEAD) <= set(report["trainable"]):
        raise CheckFailed(tr("fc did not learn: it is frozen, so it gets no gradient and step() skips it. "
                             "Freeze first, then replace fc."))
    if not report.get("changed"):
        raise CheckFailed(expect.named("fc-move-after-step"))
    if not _check_fc(report, _replay(report, seed, num_classes)[0], 1):
        raise CheckFailed(tr("fc did not move by -lr * grad with lr={lr:g} on the first step.", lr=LR))


@pytest.mark.points(1)
def test_optimizer_settings(learner, seed):
    """the optimizer is SGD with lr=1e-2 and momentum=0.9 and holds the new fc"""
    num_classes = _classes(seed)
    report = _ready(learner, _run(learner, seed, num_classes).result(), num_classes)
    opt = report["optimizer"]
    if not opt.get("is_optimizer"):
        raise CheckFailed(tr("prepare_finetuning should return a torch.optim.Optimizer, not a {kind}.",
                             kind=opt.get("type")))
    if opt["type"] != "SGD" or abs(opt["lr"] - LR) > 1e-12 or abs(opt["momentum"] - MOMENTUM) > 1e-12:
        raise CheckFailed(tr("expected SGD with lr=0.01 and momentum=0.9; got {kind} with lr={lr:g}, momentum={momentum:g}.",
                             kind=opt["type"], lr=opt["lr"], momentum=opt["momentum"]))
    if not set(HEAD) <= set(opt["held"]):
        raise CheckFailed(expect.named("optimizer-hold-new-fc"))
    steps = _replay(report, seed, num_classes)
    if not (_check_fc(report, steps[0], 1) and _check_fc(report, steps[1], 2)):
        raise CheckFailed(tr("fc's two training steps do not follow SGD with lr=0.01 and momentum=0.9: the second "
                             "step should be -lr * (0.9 * first gradient + second gradient)."))
    requirements.calls(learner.code("prepare_finetuning"), "SGD", requirement=tr("build torch.optim.SGD"))
