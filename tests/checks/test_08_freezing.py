"""Checks for exercise 08: freeze resnet18, replace fc, train only the new head.

Parameters are compared, not the state_dict: BatchNorm's running statistics
move in train mode even when every weight is frozen.
"""

from functools import cache

import pytest
import torch
from torch import nn

from autograd_kit import expect, fingerprint, probes, recipes
from autograd_kit.expect import CheckFailed
from autograd_kit.i18n import tr

LR = 1e-2
HEAD = ("fc.weight", "fc.bias")


def _run(learner, seed, num_classes):
    return learner.submit(probes.finetune, ("prepare_finetuning",), memo=True, model=recipes.ResNet18(seed),
                         batch=recipes.Batch(seed, classes=num_classes), num_classes=num_classes, sample_seed=seed + 11)


def _ready(report, num_classes) -> dict:
    if report["fc_shape"] != (num_classes, 512):
        raise CheckFailed(tr("model.fc should be a new nn.Linear(512, {classes}), but it is a {kind} "
                             "with weight shape {shape}.", classes=num_classes, kind=report["fc_type"],
                             shape=report["fc_shape"]))
    return report


@cache
def _backbone(seed: int, num_classes: int) -> tuple[dict, torch.Tensor, torch.Tensor]:
    model = recipes.ResNet18(seed).build()
    model.fc = nn.Identity()
    data, labels = recipes.Batch(seed, classes=num_classes).build()
    with torch.no_grad():
        features = model(data)
    initial = fingerprint.of_named(((n, p) for n, p in recipes.ResNet18(seed).build().named_parameters()
                                    if not n.startswith("fc.")), seed + 11)
    return initial, features, labels


@pytest.mark.points(1)
def test_head_replaced(learner, seed, rng):
    """model.fc is a new nn.Linear(512, num_classes)"""
    num_classes = int(torch.randint(2, 30, (1,), generator=rng))
    pending = _run(learner, seed, num_classes)
    _backbone(seed, num_classes)  # computed while the learner's code runs; a later check needs it
    _ready(pending.result(), num_classes)


@pytest.mark.points(2)
def test_only_head_trainable(learner, seed):
    """only fc.weight and fc.bias require grad: 5,130 trainable numbers for 10 classes"""
    report = _ready(_run(learner, seed, 10).result(), 10)
    trainable = report["trainable"]
    want_count = sum(p.numel() for p in nn.Linear(512, 10).parameters())
    if sorted(trainable) == sorted(HEAD):
        return
    if not trainable:
        raise CheckFailed(expect.named("nothing is trainable, the new fc is frozen too. Freeze first, then replace fc: "
                                       "a new layer's parameters require grad.")
                          + " " + tr("That gives {count} trainable numbers.", count=want_count))
    frozen_missing = [n for n in trainable if n not in HEAD]
    raise CheckFailed(tr("{count} parameter tensors require grad, but only {head} should ({numbers} numbers). "
                         "Still trainable: {names}... Set requires_grad = False on every parameter before replacing fc.",
                         count=len(trainable), head=", ".join(HEAD), numbers=want_count, names=frozen_missing[:3]))


@pytest.mark.points(1)
def test_frozen_parameters_get_no_grad(learner, seed):
    """after backward, frozen parameters' .grad is None"""
    report = _ready(_run(learner, seed, 10).result(), 10)
    extra = [n for n in report["with_grad"] if n not in HEAD]
    if extra:
        raise CheckFailed(tr("{count} frozen parameters got a .grad (first: {first}); frozen parameters "
                             "(requires_grad=False) are left out of the graph, so their .grad stays None.",
                             count=len(extra), first=extra[0]))
    if sorted(report["with_grad"]) != sorted(HEAD):
        message = tr("fc.weight and fc.bias should get a .grad from backward(), but they did not.")
        if not set(HEAD) <= set(report["trainable"]):
            message += " " + tr("They are frozen too (requires_grad=False).")
        raise CheckFailed(message)


@pytest.mark.points(2)
def test_step_moves_only_head(learner, seed, rng):
    """step() moves fc by -lr * grad and leaves the backbone exactly as it was"""
    num_classes = int(torch.randint(2, 30, (1,), generator=rng))
    pending = _run(learner, seed, num_classes)
    initial, features, labels = _backbone(seed, num_classes)
    report = _ready(pending.result(), num_classes)
    moved = [n for n in report["changed"] if n not in HEAD]
    if moved:
        raise CheckFailed(tr("{count} backbone parameters changed (first: {first}); a frozen backbone must not move.",
                             count=len(moved), first=moved[0]))
    differ = [n for n, fp in initial.items() if fingerprint.mismatch(fp, report["backbone"].get(n), rtol=1e-4)]
    if differ:
        raise CheckFailed(tr("the backbone's parameters are not resnet18's as built (first: {first}); "
                             "freeze them, do not re-initialise or replace them.", first=differ[0]))
    head = nn.Linear(512, num_classes)
    with torch.no_grad():
        head.weight.copy_(report["fc_before"]["weight"])
        head.bias.copy_(report["fc_before"]["bias"])
    (head(features) - labels).sum().backward()
    if not set(HEAD) <= set(report["trainable"]):
        raise CheckFailed(tr("fc did not learn: it is frozen, so it gets no gradient and step() skips it. "
                             "Freeze first, then replace fc."))
    if not report["changed"]:
        raise CheckFailed(expect.named("fc did not move after step(). The optimizer must hold the new fc's parameters: "
                                       "build it after replacing fc, from model.parameters()."))
    for name, param in (("weight", head.weight), ("bias", head.bias)):
        want = param.detach() - LR * param.grad
        if not torch.allclose(report["fc_after"][name], want, rtol=1e-4, atol=1e-5):
            raise CheckFailed(tr("fc.{name} did not move by -lr * grad with lr={lr:g} on the first step.", name=name, lr=LR))


@pytest.mark.points(1)
def test_optimizer_settings(learner, seed):
    """the optimizer is SGD with lr=1e-2 and momentum=0.9 and holds the new fc"""
    report = _ready(_run(learner, seed, 10).result(), 10)
    opt = report["optimizer"]
    if not opt.get("is_optimizer"):
        raise CheckFailed(tr("prepare_finetuning should return a torch.optim.Optimizer, not a {kind}.",
                             kind=opt.get("type")))
    if opt["type"] != "SGD" or abs(opt["lr"] - LR) > 1e-12 or abs(opt["momentum"] - 0.9) > 1e-12:
        raise CheckFailed(tr("expected SGD with lr=0.01 and momentum=0.9; got {kind} with lr={lr:g}, momentum={momentum:g}.",
                             kind=opt["type"], lr=opt["lr"], momentum=opt["momentum"]))
    if not set(HEAD) <= set(opt["held"]):
        raise CheckFailed(expect.named("the optimizer does not hold the new fc's parameters. Build it after replacing fc."))
