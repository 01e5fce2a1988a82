"""Advice keyed on an error stands only where the code shows what it describes (issue 26): the judge's parse
and the worker's trace decide, and common Python slips are named from the line the error came from."""

from __future__ import annotations

from autograd_kit.checks import diagnosis
from autograd_kit.checks.source import LearnerSource
from autograd_kit.sandbox import trace_data

NO_HISTORY = "element 0 of tensors does not require grad and does not have a grad_fn"


def _code(source: str, function: str):
    return LearnerSource(source.encode()).code_of(function)


def _grad_call(line: int, detail: str) -> trace_data.Event:
    return trace_data.Event("grad", line, "gradient_penalty", detail, True, False, 1)


PENALTY = """\
import torch


def gradient_penalty(w, x):
    (g,) = torch.autograd.grad(torch.tanh(x @ w).sum(), x, create_graph=True)
    penalty = (g.detach() ** 2).sum()
    (dw,) = torch.autograd.grad(penalty, w)
    return dw
"""


def test_create_graph_is_not_asked_for_where_the_first_call_has_it():
    code = _code(PENALTY, "gradient_penalty")
    had_it = trace_data.Trace((_grad_call(5, "create_graph"),))
    found = diagnosis.for_error("19_higher_order", "gradient_penalty", "RuntimeError", NO_HISTORY, code, had_it)
    # The first call has create_graph=True; the g.detach() is what cut the record.
    assert found is not None and found.entry.id == "19_higher_order/detached-first-gradient"
    lacked_it = trace_data.Trace((_grad_call(5, ""),))
    found = diagnosis.for_error("19_higher_order", "gradient_penalty", "RuntimeError", NO_HISTORY, code, lacked_it)
    assert found is not None and found.entry.id == "19_higher_order/no-grad-fn"
    # Without the detach, and with create_graph=True on the first call, no advice about either is given.
    undetached = _code(PENALTY.replace("g.detach()", "g"), "gradient_penalty")
    found = diagnosis.for_error("19_higher_order", "gradient_penalty", "RuntimeError", NO_HISTORY, undetached, had_it)
    assert found is None or found.entry.id not in ("19_higher_order/no-grad-fn",
                                                   "19_higher_order/detached-first-gradient")


SHAPE = "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([5])."
FROM_Q = """\
import torch


def tutorial_gradients(a, b):
    Q = 3 * a ** 3 - b ** 2
    Q.backward(gradient=torch.ones(len(Q) // 2))
    return a.grad, b.grad
"""
BY_HAND = FROM_Q.replace("torch.ones(len(Q) // 2)", "torch.tensor([1., 1.])")


def test_a_tensor_written_out_by_hand_is_named_only_where_the_code_has_one():
    built = diagnosis.for_error("05_vector_backward", "tutorial_gradients", "RuntimeError", SHAPE,
                                _code(FROM_Q, "tutorial_gradients"))
    assert built is not None and built.entry.key == "gradient-shape-mismatch"
    assert "by hand" not in built.entry.text()
    by_hand = diagnosis.for_error("05_vector_backward", "tutorial_gradients", "RuntimeError", SHAPE,
                                  _code(BY_HAND, "tutorial_gradients"))
    assert by_hand is not None and by_hand.entry.key == "hand-written-gradient"


MATH = """\
import math
import torch


def q_function(a, b):
    scale = math.sqrt(2.0)
    return 3 * a.float() ** 3 - torch.tensor(b).item() * scale
"""


def test_a_common_slip_is_named_from_the_line_the_error_came_from():
    message = "only one element tensors can be converted to Python scalars"
    code = _code(MATH, "q_function")
    on_another_line = diagnosis.for_error("04_gradients_by_hand", "q_function", "ValueError", message, code,
                                          frame_line=7)
    assert on_another_line is None or on_another_line.entry.key != "math-on-tensor"  # math.sqrt(2.0) is fine
    on_its_line = diagnosis.for_error("04_gradients_by_hand", "q_function", "ValueError", message, code,
                                      frame_line=6)
    assert on_its_line is not None and on_its_line.entry.key == "math-on-tensor"


OPTIMIZER = """\
import torch


def make_optimizer(model):
    return torch.optim.SGD(model, lr=1e-2, momentum=0.9)


def from_parameters(params):
    return torch.optim.SGD(params, lr=1e-2)
"""


def test_a_module_given_to_an_optimizer_is_named_and_parameters_are_not():
    message = "'ResNet' object is not iterable"
    found = diagnosis.for_error("03_optimizer_step", "make_optimizer", "TypeError", message,
                                _code(OPTIMIZER, "make_optimizer"), frame_line=5)
    assert found is not None and found.entry.key == "module-as-parameters"
    assert diagnosis.for_error("03_optimizer_step", "from_parameters", "TypeError", message,
                               _code(OPTIMIZER, "from_parameters"), frame_line=9) is None


UNCALLED = """\
import torch


def count(model):
    return sum(p.numel for p in model.parameters())


def shape_of(t):
    return t.shape()
"""


def test_methods_used_without_a_call_and_shape_called_like_a_method():
    found = diagnosis.for_error("07_requires_grad", "count", "TypeError",
                                "unsupported operand type(s) for +: 'int' and 'builtin_function_or_method'",
                                _code(UNCALLED, "count"), frame_line=5)
    assert found is not None and found.entry.key == "method-not-called"
    found = diagnosis.for_error("07_requires_grad", "shape_of", "TypeError", "'torch.Size' object is not callable",
                                _code(UNCALLED, "shape_of"), frame_line=9)
    assert found is not None and found.entry.key == "shape-called"


def test_the_leaf_only_error_is_told_which_way_the_flag_was_switched():
    error = "you can only change requires_grad flags of leaf variables."
    off = trace_data.Trace((trace_data.Event("requires_grad_", 13, "doubler", "False", True, False, 1,
                                             trace_data.TensorFacts(False, True, False, 12)),))
    found = diagnosis.for_error("10_no_grad_decorator", "doubler", "RuntimeError", error, None, off)
    assert found is not None and found.entry.key == "flag-off-on-non-leaf"
    assert "leave the inputs" in diagnosis.explain(found) and "made at line 12" in diagnosis.explain(found)
