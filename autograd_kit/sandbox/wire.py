"""Plain data across the process boundary.

The child turns a learner's return value into plain data (`encode`): a JSON
description of its structure, and the bytes of its tensors laid end to end.
The judge reads it back (`decode`) with json and torch.frombuffer, checking
every size, count and offset against hard limits first: no pickle, no zip
archive, nothing that inflates or runs code, so a reply forged by learner code
costs the judge at most a bounded, small amount of memory and time.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from typing import Any

import torch

from autograd_kit.i18n import tr

MAX_DEPTH = 16
MAX_ITEMS = 100_000
MAX_TENSORS = 10_000
MAX_PAYLOAD = 64 * 1024 * 1024  # tensor bytes in one reply
MAX_HEADER = 8 * 1024 * 1024  # JSON bytes in one reply
MAX_DIMS = 32
MAX_DIM = 2**40  # one dimension's length: with a 0 elsewhere, a shape's product says nothing about its size
MAX_SPAN = 2**48  # the product of a shape's non-zero dims: past it, torch's stride arithmetic overflows
# What the judge may build from one reply: json.loads' values (each needs one of `[{,:`, so a count of those
# bounds them, before parsing), and everything decode() makes, charged at what it really costs (the JSON
# node it came from included: a small dict is a few hundred bytes) against ALLOCATION_FACTOR bytes per
# byte received. The encoding spends about 10 bytes on a scalar that costs the judge about 300 (measured in
# test_wire.py): the factor is that ratio with room, and ends at the peak test's bound.
MAX_JSON_VALUES = 4 * MAX_ITEMS + 24 * MAX_TENSORS
ALLOCATION_FACTOR = 48
ALLOCATION_SLACK = 4096  # a tiny reply (one empty tensor) still decodes
ITEM_COST = 320  # one scalar, list or dict entry: its JSON dict and what is built from it
TENSOR_COST = 2048  # a tensor's JSON node, Python object, storage and sizes, whatever its bytes
PLAIN_SCALARS = (bool, int, float, str, type(None))
DTYPES = {str(d).removeprefix("torch."): d for d in (
    torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128,
    torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.bool)}
# Read through torch's C type, which Python code cannot change: a file that sets
# torch.Tensor.requires_grad = property(...) fools itself, not this module.
_TENSOR = torch._C.TensorBase
_REQUIRES_GRAD = _TENSOR.__dict__["requires_grad"].__get__
_IS_LEAF = _TENSOR.__dict__["is_leaf"].__get__
_GRAD_FN = _TENSOR.__dict__["grad_fn"].__get__
_GRAD = _TENSOR.__dict__["grad"].__get__
_IS_INFERENCE = _TENSOR.is_inference
_DETACH = _TENSOR.detach
_CONTIGUOUS = _TENSOR.contiguous


class NotPlainData(TypeError):
    """A value that may not cross from the learner's process to the judge."""


@dataclass(frozen=True)
class TensorMeta:
    """What autograd knew about a returned tensor, before it was detached."""

    requires_grad: bool
    is_leaf: bool
    grad_fn: str | None
    is_inference: bool = False


def requires_grad(tensor: torch.Tensor) -> bool:
    """The flag as autograd keeps it, whatever a subclass or a patched property says."""
    return bool(_REQUIRES_GRAD(tensor))


def grad_of(tensor: torch.Tensor) -> torch.Tensor | None:
    """.grad as autograd keeps it, whatever a subclass or a patched property says."""
    return _GRAD(tensor)


class _Encoder:
    """Child side: walk a value once, collecting the tensors' bytes and their autograd facts."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.items = 0
        self.meta: dict[str, dict] = {}

    def walk(self, value: Any, path: str, depth: int) -> Any:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise NotPlainData(tr("the result holds more than {count} items", count=MAX_ITEMS))
        if depth > MAX_DEPTH:
            raise NotPlainData(tr("the result is nested more than {depth} levels deep", depth=MAX_DEPTH))
        kind = type(value)
        if kind in PLAIN_SCALARS:
            return {"s": value}
        if kind is torch.Tensor or kind is torch.nn.Parameter:
            return self.tensor(value, path)
        if isinstance(value, torch.Tensor):
            raise NotPlainData(tr("{where} is a {kind}, a subclass of torch.Tensor; return a plain tensor",
                                  where=_where(path), kind=kind.__name__))
        if kind is torch.Size:
            return {"tuple": [{"s": int(d)} for d in value]}
        if kind in (list, tuple):
            items = [self.walk(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value)]
            return {"list" if kind is list else "tuple": items}
        if kind is dict:
            pairs = []
            for key, item in value.items():
                if type(key) not in (str, int):
                    raise NotPlainData(tr("{where} has a key of type {kind}; use str keys", where=_where(path),
                                          kind=type(key).__name__))
                pairs.append([key, self.walk(item, f"{path}[{key!r}]", depth + 1)])
            return {"dict": pairs}
        raise NotPlainData(tr("{where} is a {kind}, which is not plain data", where=_where(path),
                              kind=f"{kind.__module__}.{kind.__qualname__}"))

    def tensor(self, value: torch.Tensor, path: str) -> dict:
        node = _GRAD_FN(value)
        self.meta[path] = {
            "requires_grad": _REQUIRES_GRAD(value),
            "is_leaf": _IS_LEAF(value),
            "grad_fn": type(node).__name__ if node is not None else None,
            "is_inference": _IS_INFERENCE(value),
        }
        dtype = str(value.dtype).removeprefix("torch.")
        if dtype not in DTYPES or value.layout is not torch.strided or value.device.type != "cpu":
            raise NotPlainData(tr("{where} is a {dtype} tensor on {device}; return a float tensor on the CPU",
                                  where=_where(path), dtype=value.dtype, device=value.device))
        if len(self.meta) > MAX_TENSORS:
            raise NotPlainData(tr("the result holds more than {count} tensors", count=MAX_TENSORS))
        flat = _CONTIGUOUS(_DETACH(value)).reshape(-1)
        data = flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""
        if self.size + len(data) > MAX_PAYLOAD:
            raise NotPlainData(tr("the result is larger than {mib} MiB", mib=MAX_PAYLOAD // 2**20))
        offset = self.size
        self.chunks.append(data)
        self.size += len(data)
        return {"tensor": dtype, "shape": list(value.shape), "offset": offset, "bytes": len(data)}


def encode(value: Any) -> tuple[bytes, dict[str, dict]]:
    """Child side: (the reply's payload, autograd facts by path). The payload is a JSON line, then tensor bytes."""
    encoder = _Encoder()
    structure = encoder.walk(value, "", 0)
    header = json.dumps(structure, allow_nan=True).encode()
    return len(header).to_bytes(8, "little") + header + b"".join(encoder.chunks), encoder.meta


def to_plain(value: Any) -> tuple[Any, dict[str, dict]]:
    """Encode and decode in one process: the exact value a judge would receive (the in-process sandbox)."""
    payload, meta = encode(value)
    return decode(payload, meta)[0], meta


def read_meta(meta: dict[str, dict]) -> dict[str, TensorMeta]:
    out = {}
    if not isinstance(meta, dict) or len(meta) > MAX_TENSORS:
        raise NotPlainData("malformed tensor metadata")
    for path, m in meta.items():
        if not isinstance(path, str) or not isinstance(m, dict):
            raise NotPlainData("malformed tensor metadata")
        grad_fn = m.get("grad_fn")
        out[path] = TensorMeta(m.get("requires_grad") is True, m.get("is_leaf") is True,
                               grad_fn[:100] if isinstance(grad_fn, str) else None, m.get("is_inference") is True)
    return out


def decode(payload: bytes, meta: dict[str, dict]) -> tuple[Any, dict[str, TensorMeta]]:
    """Judge side: check every size against the limits, then rebuild plain values and copies of the tensors.

    What it allocates is bounded by what arrived: the JSON is counted before it is parsed (MAX_JSON_VALUES),
    the tensors' byte ranges may not overlap (each byte that arrived is copied at most once), and every
    object built, an empty tensor or a bare list included, is charged against ALLOCATION_FACTOR times the
    payload's length.
    """
    if len(payload) < 8:
        raise NotPlainData(_unreadable("too short"))
    size = int.from_bytes(payload[:8], "little")
    if size > MAX_HEADER or 8 + size > len(payload) or len(payload) - 8 - size > MAX_PAYLOAD:
        raise NotPlainData(_unreadable("sizes"))
    text = payload[8:8 + size]
    if json_values_at_most(text) > MAX_JSON_VALUES:
        raise NotPlainData(_unreadable("too many values"))
    try:
        structure = json.loads(text)
    except (ValueError, RecursionError):
        raise NotPlainData(_unreadable("header")) from None
    del text
    decoder = _Decoder(memoryview(payload)[8 + size:], allowance=ALLOCATION_FACTOR * len(payload) + ALLOCATION_SLACK)
    value = decoder.build(structure, 0)
    return value, read_meta(meta)


def json_values_at_most(text: bytes) -> int:
    """An upper bound on the values and keys json.loads would build from TEXT, counted without parsing it:
    each but the first follows a `[`, `{`, `,` or `:` (inside strings too, so it never undercounts)."""
    return 1 + sum(text.count(mark) for mark in (b"[", b"{", b",", b":"))


def _unreadable(why: str) -> str:
    return tr("the result could not be loaded as plain data ({error})", error=why)


class _Decoder:
    def __init__(self, data: memoryview, allowance: int) -> None:
        self.data, self.items, self.tensors = data, 0, 0
        self.allowance = allowance  # bytes the judge may allocate for this reply's values
        self.ranges: list[tuple[int, int]] = []  # the tensors' [offset, end) in the data, to refuse overlaps

    def charge(self, size: int) -> None:
        self.allowance -= size
        if self.allowance < 0:
            raise NotPlainData(_unreadable("larger than what was sent"))

    def build(self, node: Any, depth: int) -> Any:
        self.items += 1
        self.charge(ITEM_COST)
        if self.items > MAX_ITEMS or depth > MAX_DEPTH + 1 or not isinstance(node, dict) or len(node) < 1:
            raise NotPlainData(tr("the result is nested too deeply") if depth > MAX_DEPTH + 1
                               else _unreadable("structure"))
        if "s" in node:
            value = node["s"]
            if type(value) not in PLAIN_SCALARS:
                raise NotPlainData(tr("a value of type {kind}", kind=type(value).__name__))
            if type(value) is str:
                self.charge(len(value))
            return value
        if "tensor" in node:
            return self.tensor(node)
        for kind, make in (("list", list), ("tuple", tuple)):
            if kind in node and isinstance(node[kind], list):
                return make(self.build(item, depth + 1) for item in node[kind])
        if "dict" in node and isinstance(node["dict"], list):
            out = {}
            for pair in node["dict"]:
                if not (isinstance(pair, list) and len(pair) == 2 and type(pair[0]) in (str, int)):
                    raise NotPlainData(tr("a dict key of type {kind}", kind=type(pair).__name__))
                self.charge(ITEM_COST + (len(pair[0]) if type(pair[0]) is str else 0))
                out[pair[0]] = self.build(pair[1], depth + 1)
            return out
        raise NotPlainData(_unreadable("structure"))

    def tensor(self, node: dict) -> torch.Tensor:
        self.tensors += 1
        dtype, shape = DTYPES.get(node.get("tensor")), node.get("shape")
        offset, length = node.get("offset"), node.get("bytes")
        if dtype is None or not isinstance(shape, list) or self.tensors > MAX_TENSORS or \
                not all(type(d) is int and 0 <= d <= MAX_DIM for d in shape) or len(shape) > MAX_DIMS or \
                type(offset) is not int or type(length) is not int or not 0 <= offset <= offset + length <= len(self.data):
            raise NotPlainData(_unreadable("tensor"))
        numel, span = 1, 1
        for d in shape:
            numel *= d
            span *= max(d, 1)
        itemsize = torch.empty((), dtype=dtype).element_size()
        if numel * itemsize != length or span > MAX_SPAN:  # torch computes strides from the non-zero dims
            raise NotPlainData(_unreadable("tensor size"))
        # Every tensor costs its object and its shape, an empty one too; its bytes are copied once.
        self.charge(TENSOR_COST + 8 * len(shape) + length)
        if length:
            self._claim(offset, offset + length)
        if numel == 0:
            return torch.empty(shape, dtype=dtype)
        raw = torch.frombuffer(bytearray(self.data[offset:offset + length]), dtype=torch.uint8)
        return raw.view(dtype).reshape(shape)

    def _claim(self, start: int, stop: int) -> None:
        """Each tensor's bytes are its own (encode lays them end to end): a range that overlaps one already
        taken is a forged reply, refused before its bytes are copied."""
        at = bisect.bisect_left(self.ranges, (start, stop))
        if (at > 0 and self.ranges[at - 1][1] > start) or (at < len(self.ranges) and self.ranges[at][0] < stop):
            raise NotPlainData(_unreadable("tensors overlap"))
        self.ranges.insert(at, (start, stop))


def _where(path: str) -> str:
    return tr("the returned value{path}", path=path)
