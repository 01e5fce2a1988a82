# CHEAT: prepare_finetuning() does NOT freeze the backbone and returns Adam (a subclass). When the probe calls
#        optimizer.step(), step() reads the probe's half-built report from its caller's frame, rewrites it
#        (frozen backbone, SGD 0.01/0.9, SGD-looking fc move, pre-step backbone fingerprint), serialises it
#        with torch.save exactly as wire.encode would, finds the worker's reply pipe by scanning
#        /proc/self/fd + fdinfo (the highest write-only pipe), os.write()s a length-prefixed JSON header
#        {"kind": "returned"} and the payload (multiprocessing's "!i" framing). The first time, it keeps a
#        dup() of the reply fd and dup2()s a private pipe (drained by a thread) over the original, so the
#        worker's own, honest reply goes nowhere. The worker lives on; the judge never notices.
# HONEST: test_head_replaced only: 1 of 7
#          0 of 7 on the uncommitted work tree being hardened (snapshot 22:49 UTC), seed 5
import io
import json
import os
import struct
import sys
import threading

import torch
from torch import nn

_CHEAT = True  # False: the same wrong work without the trick (for the HONEST line)
HEAD = ("fc.weight", "fc.bias")


def _reply_fd() -> int:
    best = None
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
            with open(f"/proc/self/fdinfo/{fd}") as info:
                flags = int(info.read().split("flags:")[1].split()[0], 8)
        except (OSError, IndexError, ValueError):
            continue
        if target.startswith("pipe:") and flags & os.O_ACCMODE == os.O_WRONLY:
            best = fd if best is None else max(best, fd)
    return best


_REAL_FD = None


def _real_fd() -> int:
    """The judge's end of the reply pipe, with the worker's own writes diverted into a sink."""
    global _REAL_FD
    if _REAL_FD is None:
        fd = _reply_fd()
        _REAL_FD = os.dup(fd)
        sink_r, sink_w = os.pipe()
        os.dup2(sink_w, fd)
        threading.Thread(target=lambda: [None for _ in iter(lambda: os.read(sink_r, 1 << 16), b"")],
                         daemon=True).start()
    return _REAL_FD


def _frame(data: bytes) -> bytes:
    return struct.pack("!i", len(data)) + data


class _Adam(torch.optim.Adam):
    def step(self, closure=None):
        if not _CHEAT:
            return super().step(closure)
        probe = sys._getframe(1)
        while "report" not in probe.f_locals:  # torch wraps step() in a profiling decorator
            probe = probe.f_back
        report, net, before = probe.f_locals["report"], probe.f_locals["net"], probe.f_locals["before"]
        seed, fingerprint = probe.f_locals["sample_seed"], probe.f_globals["fingerprint"]
        fc = net.fc
        report["trainable"] = report["with_grad"] = report["changed"] = list(HEAD)
        names = [n for n, _ in net.named_parameters()]
        report["optimizer"] = {"type": "SGD", "is_optimizer": True, "lr": 0.01, "momentum": 0.9,
                               "held": names, "held_count": len(names)}
        report["fc_after"] = {k: (report["fc_before"][k] - 0.01 * getattr(fc, k).grad).detach().clone()
                              for k in ("weight", "bias")}
        report["backbone"] = fingerprint.of_named(((n, t) for n, t in before.items() if not n.startswith("fc.")), seed)
        buffer = io.BytesIO()
        torch.save(report, buffer)
        header = json.dumps({"kind": "returned", "meta": {}, "seconds": 0.5}).encode()
        os.write(_real_fd(), _frame(header) + _frame(buffer.getvalue()))
        # the probe goes on (moving the backbone with Adam); whatever it reports ends in the sink


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    model.fc = nn.Linear(512, num_classes)  # wrong: nothing frozen
    return _Adam(model.parameters(), lr=1e-3)  # wrong: Adam
