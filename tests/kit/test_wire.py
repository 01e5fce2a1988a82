"""Only plain data crosses from the learner's process to the judge."""

import io

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
