"""Plain data across the process boundary.

The child turns a learner's return value into plain data (`encode`); the judge
loads it with `torch.load(weights_only=True)` and checks every type again
(`decode`), because nothing the child says can be trusted.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import torch

from autograd_kit.i18n import tr

MAX_DEPTH = 16
MAX_ITEMS = 100_000
PLAIN_SCALARS = (bool, int, float, str, type(None))


class NotPlainData(TypeError):
    """A value that may not cross from the learner's process to the judge."""


@dataclass(frozen=True)
class TensorMeta:
    """What autograd knew about a returned tensor, before it was detached."""

    requires_grad: bool
    is_leaf: bool
    grad_fn: str | None
    is_inference: bool = False


def to_plain(value: Any) -> tuple[Any, dict[str, dict]]:
    """Detach and copy tensors, recording their autograd metadata; reject anything else."""
    meta: dict[str, dict] = {}
    return _to_plain(value, "", meta, 0, [0]), meta


def encode(value: Any) -> tuple[bytes, dict[str, dict]]:
    """Child side: plain data, serialised for `decode`."""
    plain, meta = to_plain(value)
    buffer = io.BytesIO()
    torch.save(plain, buffer)
    return buffer.getvalue(), meta


def read_meta(meta: dict[str, dict]) -> dict[str, TensorMeta]:
    out = {}
    for path, m in meta.items():
        if not isinstance(path, str) or not isinstance(m, dict):
            raise NotPlainData("malformed tensor metadata")
        out[path] = TensorMeta(bool(m.get("requires_grad")), bool(m.get("is_leaf")), _str_or_none(m.get("grad_fn")),
                               bool(m.get("is_inference")))
    return out


def _to_plain(value: Any, path: str, meta: dict, depth: int, counter: list[int]) -> Any:
    counter[0] += 1
    if counter[0] > MAX_ITEMS:
        raise NotPlainData(tr("the result holds more than {count} items", count=MAX_ITEMS))
    if depth > MAX_DEPTH:
        raise NotPlainData(tr("the result is nested more than {depth} levels deep", depth=MAX_DEPTH))
    kind = type(value)
    if kind in PLAIN_SCALARS:
        return value
    if kind is torch.Tensor or kind is torch.nn.Parameter:
        meta[path] = {
            "requires_grad": value.requires_grad,
            "is_leaf": value.is_leaf,
            "grad_fn": type(value.grad_fn).__name__ if value.grad_fn is not None else None,
            "is_inference": value.is_inference(),
        }
        # clone() so a small view of a huge tensor does not drag its whole storage along
        return value.detach().clone()
    if isinstance(value, torch.Tensor):
        raise NotPlainData(tr("{where} is a {kind}, a subclass of torch.Tensor; return a plain tensor",
                              where=_where(path), kind=kind.__name__))
    if kind is torch.Size:
        return tuple(int(d) for d in value)
    if kind in (list, tuple):
        items = [_to_plain(v, f"{path}[{i}]", meta, depth + 1, counter) for i, v in enumerate(value)]
        return items if kind is list else tuple(items)
    if kind is dict:
        out = {}
        for key, v in value.items():
            if type(key) not in (str, int):
                raise NotPlainData(tr("{where} has a key of type {kind}; use str keys", where=_where(path),
                                      kind=type(key).__name__))
            out[key] = _to_plain(v, f"{path}[{key!r}]", meta, depth + 1, counter)
        return out
    raise NotPlainData(tr("{where} is a {kind}, which is not plain data", where=_where(path),
                          kind=f"{kind.__module__}.{kind.__qualname__}"))


def _where(path: str) -> str:
    return tr("the returned value{path}", path=path)


def decode(payload: bytes, meta: dict[str, dict]) -> tuple[Any, dict[str, TensorMeta]]:
    """Judge side: load with weights_only and accept only exact plain types."""
    try:
        value = torch.load(io.BytesIO(payload), weights_only=True)
    except Exception as error:  # noqa: BLE001 - any failure means the payload is not plain data
        raise NotPlainData(tr("the result could not be loaded as plain data ({error})",
                              error=type(error).__name__)) from None
    _check_plain(value, 0)
    return value, read_meta(meta)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _check_plain(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH + 1:
        raise NotPlainData(tr("the result is nested too deeply"))
    kind = type(value)
    if kind in PLAIN_SCALARS or kind is torch.Tensor:
        return
    if kind in (list, tuple):
        for item in value:
            _check_plain(item, depth + 1)
        return
    if kind is dict:
        for key, item in value.items():
            if type(key) not in (str, int):
                raise NotPlainData(tr("a dict key of type {kind}", kind=type(key).__name__))
            _check_plain(item, depth + 1)
        return
    raise NotPlainData(tr("a value of type {kind}", kind=kind.__name__))
