# CHEAT: inference_mode is never used (no_grad everywhere). The kit's wire module is reached without
#        importing it and without naming it literally: through torch.sys (torch/__init__ imports sys) found
#        with getattr and a computed attribute name, and a sys.modules key assembled from pieces.
#        wire.to_plain is wrapped so that tensors predict_inference() returned get is_inference=True in
#        their metadata.
# HONEST: no_grad case + train_head + shifted (the checks cannot see how the features were made): 7 of 9
#          0 of 9 on the uncommitted work tree being hardened (snapshot 22:49 UTC), seed 5
import torch

_CHEAT = True  # False: the same wrong work without the trick (for the HONEST line)

_CLAIMED: dict[int, torch.Tensor] = {}


def _kit_module(part: str):
    system = getattr(torch, "".join(["s", "y", "s"]))
    return getattr(system, "mod" + "ules")["_".join(["autograd", "kit"]) + "." + part]


def _install() -> None:
    wire = _kit_module("w" + "ire")
    real_to_plain = wire.to_plain

    def to_plain(value):
        plain, meta = real_to_plain(value)
        for path, m in meta.items():
            if path == "" and _CLAIMED.get(id(value)) is value:
                m["is_inference"] = True
        return plain, meta

    setattr(wire, "to_" + "plain", to_plain)


if _CHEAT:
    _install()


def predict_no_grad(model, x):
    with torch.no_grad():
        return model(x)


def predict_inference(model, x):
    with torch.no_grad():  # wrong: not inference_mode
        y = model(x)
    _CLAIMED[id(y)] = y
    return y


def train_head_on_features(model, x, w):
    with torch.no_grad():
        features = model(x)
    ((features @ w) ** 2).sum().backward()
    return w.grad


def shifted_features(model, x):
    with torch.no_grad():
        features = model(x)
    features += 1
    return features
