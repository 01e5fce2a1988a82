"""Only plain data crosses from the learner's process to the judge."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from autograd_kit.sandbox import wire


def roundtrip(value):
    payload, meta = wire.encode(value)
    return wire.decode(payload, meta)


def test_plain_values_come_back_with_autograd_facts():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    value, meta = roundtrip({"x": (a * 2, a), "n": [1, 2.5, "s", None, True]})
    assert torch.equal(value["x"][0], torch.tensor([2.0, 4.0]))
    assert value["n"] == [1, 2.5, "s", None, True]
    assert meta["['x'][0]"] == wire.TensorMeta(requires_grad=True, is_leaf=False, grad_fn="MulBackward0")
    assert meta["['x'][1]"].is_leaf
    assert type(value["x"][0]) is torch.Tensor and not value["x"][0].requires_grad


def test_a_parameter_comes_back_as_a_plain_tensor():
    value, _ = roundtrip(torch.nn.Parameter(torch.ones(2)))
    assert type(value) is torch.Tensor


class Sneaky(torch.Tensor):
    pass


class Anything:
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value", [torch.ones(2).as_subclass(Sneaky), Anything(), {1.5: 2}, [Anything()], object()])
def test_the_child_refuses_what_is_not_plain(value):
    with pytest.raises(wire.NotPlainData):
        wire.encode(value)


def test_the_judge_refuses_a_forged_payload():
    # A child that skips encode() and pickles an arbitrary object still gets nowhere.
    buffer = io.BytesIO()
    torch.save(Anything(), buffer)
    with pytest.raises(wire.NotPlainData):
        wire.decode(buffer.getvalue(), {})
    buffer = io.BytesIO()
    torch.save(torch.ones(2).as_subclass(Sneaky), buffer)
    with pytest.raises(wire.NotPlainData):
        wire.decode(buffer.getvalue(), {})


def test_the_judge_refuses_types_weights_only_would_allow():
    buffer = io.BytesIO()
    torch.save({1, 2}, buffer)
    with pytest.raises(wire.NotPlainData):
        wire.decode(buffer.getvalue(), {})


def test_deep_nesting_is_refused():
    value: list = []
    for _ in range(wire.MAX_DEPTH + 2):
        value = [value]
    with pytest.raises(wire.NotPlainData):
        wire.encode(value)


# --- forged payloads: what the judge allocates is bounded by what arrived ------------------------------------

def forge(structure, data: bytes = b"") -> bytes:
    """A payload as a worker could write it by hand, skipping encode()."""
    header = json.dumps(structure).encode()
    return len(header).to_bytes(8, "little") + header + data


def tensor_node(offset: int, length: int, shape=None, dtype="uint8") -> dict:
    return {"tensor": dtype, "shape": [length] if shape is None else shape, "offset": offset, "bytes": length}


def test_empty_and_zero_size_tensors_still_come_back():
    value, _ = roundtrip([torch.empty(0), torch.empty(0, 5), torch.ones(3), torch.empty(2, 0, 4)])
    assert [tuple(t.shape) for t in value] == [(0,), (0, 5), (3,), (2, 0, 4)]


@pytest.mark.parametrize("nodes", [
    [tensor_node(0, 16), tensor_node(0, 16)],  # the same bytes twice
    [tensor_node(0, 16), tensor_node(8, 16)],  # a tail shared
    [tensor_node(8, 8), tensor_node(0, 24)],  # one inside another, the inner one first
])
def test_tensors_that_share_bytes_are_refused(nodes):
    with pytest.raises(wire.NotPlainData, match="overlap"):
        wire.decode(forge({"list": nodes}, bytes(24)), {})


def test_tensors_side_by_side_are_not_an_overlap():
    value, _ = wire.decode(forge({"list": [tensor_node(8, 8), tensor_node(0, 8), tensor_node(16, 0)]}, bytes(16)), {})
    assert [t.numel() for t in value] == [8, 8, 0]


@pytest.mark.parametrize("shape", [[2**40, 2**40, 0], [0] + [2**40] * 31, [0, 2**41], [2**60, 0]])
def test_huge_shapes_of_nothing_are_refused_not_raised(shape):
    with pytest.raises(wire.NotPlainData):
        wire.decode(forge(tensor_node(0, 0, shape)), {})


def test_many_empty_tensors_cost_what_they_are_charged():
    # Each empty tensor is a Python and a torch object however few bytes it had on the wire.
    many = forge({"list": [tensor_node(0, 0, [0]) for _ in range(wire.MAX_TENSORS + 1)]})
    with pytest.raises(wire.NotPlainData):
        wire.decode(many, {})
    cheap = len(many).to_bytes(8, "little")  # a header claiming a list of tensors it is far too short to hold
    with pytest.raises(wire.NotPlainData):
        wire.decode(cheap + b"[]", {})


def test_every_object_built_is_charged_against_the_bytes_received():
    decoder = wire._Decoder(memoryview(b""), allowance=10 * wire.ITEM_COST)
    with pytest.raises(wire.NotPlainData, match="larger than what was sent"):
        decoder.build({"list": [{"s": 0}] * 20}, 0)


def test_a_header_with_too_many_values_is_refused_before_it_is_parsed():
    flat = b"[" + b"0," * wire.MAX_JSON_VALUES + b"0]"
    assert wire.json_values_at_most(flat) > wire.MAX_JSON_VALUES
    with pytest.raises(wire.NotPlainData, match="too many values"):
        wire.decode(len(flat).to_bytes(8, "little") + flat, {})


def test_deep_nesting_in_a_forged_header_is_refused():
    deep = b'{"list": [' * 100_000 + b"]}" * 100_000
    with pytest.raises(wire.NotPlainData):
        wire.decode(len(deep).to_bytes(8, "little") + deep, {})


MEASURE = """
import sys
from autograd_kit.sandbox import wire


def peak():
    # VmHWM, the process's own peak (ru_maxrss also counts the parent it was forked from, before exec)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))


payload = open(sys.argv[1], "rb").read()
# The peak so far is importing torch's: reset it (Linux's clear_refs), so the peak below is decoding's own.
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")
before = peak()
try:
    wire.decode(payload, {})
    outcome = "decoded"
except wire.NotPlainData as problem:
    outcome = "refused"
print(outcome, peak() - before)
"""


def peak_growth(tmp_path, payload: bytes) -> tuple[str, int]:
    """(decoded or refused, how far decoding raised the peak memory of a fresh process, in bytes)."""
    path = tmp_path / "payload.bin"
    path.write_bytes(payload)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert done.returncode == 0, done.stderr
    outcome, grown = done.stdout.split()
    return outcome, int(grown)


BLOCK = 48 * 1024 * 1024
FORGED = {
    # ten thousand tensors over one 48 MiB block: 480 GiB of copies before this was refused
    "overlapping": lambda: forge({"list": [tensor_node(0, BLOCK) for _ in range(wire.MAX_TENSORS)]}, bytes(BLOCK)),
    "huge shapes": lambda: forge({"list": [tensor_node(0, 0, [0] + [2**40] * 3) for _ in range(1000)]}),
    "many tiny tensors": lambda: forge({"list": [tensor_node(i, 1) for i in range(wire.MAX_TENSORS)]},
                                       bytes(wire.MAX_TENSORS)),
    "many values": lambda: forge({"list": [{"list": []} for _ in range(wire.MAX_ITEMS - 1)]}),
    "values at the cap": lambda: forge([{"a": 0} for _ in range(wire.MAX_JSON_VALUES // 3 - 1)]),
    "deep nesting": lambda: len(b'[' * 500_000).to_bytes(8, "little") + b"[" * 500_000,
}


@pytest.mark.parametrize("name", list(FORGED))
def test_decoding_a_forged_reply_raises_the_judges_peak_memory_by_a_small_multiple_of_its_size(tmp_path, name):
    payload = FORGED[name]()
    outcome, grown = peak_growth(tmp_path, payload)
    # What decode() builds, and the JSON it builds it from, is charged at most ALLOCATION_FACTOR bytes per byte
    # received, and a tensor's bytes are copied once. Ten MiB covers the allocator's own slack.
    bound = wire.ALLOCATION_FACTOR * len(payload) + 10 * 2**20
    assert grown <= bound, (name, outcome, grown, len(payload))
    if name == "overlapping":
        assert outcome == "refused" and grown <= 2 * len(payload) + 10 * 2**20
