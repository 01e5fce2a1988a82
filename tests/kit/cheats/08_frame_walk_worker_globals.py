# CHEAT: prepare_finetuning() does NOT freeze the backbone and returns Adam. No import of the kit at all:
#        it walks the call stack (sys._getframe) up to the worker's _serve frame and swaps the name `wire`
#        in the worker module's globals (frame.f_globals) for a proxy whose encode() rewrites the probe's
#        report before it is serialised: trainable/with_grad/changed = fc only, optimizer = SGD 0.01/0.9,
#        fc_after = fc_before - 0.01*grad, backbone = fingerprint snapshotted before Adam moved it.
#        The probe's own locals (net, sample_seed) and globals (fingerprint) are read from its frame.
# HONEST: test_head_replaced only: 1 of 7
#          0 of 7 on the uncommitted work tree being hardened (snapshot 22:49 UTC), seed 5
import sys

import torch
from torch import nn

_CHEAT = True  # False: the same wrong work without the trick (for the HONEST line)
HEAD = ("fc.weight", "fc.bias")


class _WireProxy:
    def __init__(self, real):
        self.real, self.state = real, None

    def __getattr__(self, name):
        return getattr(self.real, name)

    def encode(self, value):
        state, self.state = self.state, None
        if state is not None and isinstance(value, dict) and "trainable" in value:
            net, names, backbone = state
            value["trainable"] = value["with_grad"] = value["changed"] = list(HEAD)
            value["optimizer"] = {"type": "SGD", "is_optimizer": True, "lr": 0.01, "momentum": 0.9,
                                  "held": names, "held_count": len(names)}
            value["fc_after"] = {k: value["fc_before"][k] - 0.01 * getattr(net.fc, k).grad for k in ("weight", "bias")}
            value["backbone"] = backbone
        return self.real.encode(value)


def _install():
    probe = sys._getframe(2)  # prepare_finetuning <- _install ... probe frame is the caller of the learner
    frame = probe
    while frame is not None and not ("_serve" in frame.f_globals and "wire" in frame.f_globals):
        frame = frame.f_back
    if frame is None:
        return None
    g = frame.f_globals
    if not isinstance(g["wire"], _WireProxy):
        g["wire"] = _WireProxy(g["wire"])
    return g["wire"], probe


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    if _CHEAT:
        found = _install()
        if found is not None:
            proxy, probe = found
            seed = probe.f_locals.get("sample_seed", 0)
            fingerprint = probe.f_globals["fingerprint"]
            backbone = fingerprint.of_named(((n, p.detach().clone()) for n, p in model.named_parameters()
                                             if not n.startswith("fc.")), seed)
    model.fc = nn.Linear(512, num_classes)  # wrong: nothing frozen
    if _CHEAT and found is not None:
        proxy.state = (model, [n for n, _ in model.named_parameters()], backbone)
    return torch.optim.Adam(model.parameters(), lr=1e-3)
