"""What the learner's calls did (sandbox/trace.py), how the judge reads it (trace_data.py), and the rules over it
(checks/trace_rules.py): recorded in the worker and in-process, bounded, dropped when malformed, never a point."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import torch

from autograd_kit.checks import diagnosis, probes, trace_rules
from autograd_kit.checks.source import LearnerSource
from autograd_kit.sandbox import trace, trace_data
from autograd_kit.sandbox.calls import CallKind
from autograd_kit.sandbox.in_process import InProcessSandbox
from autograd_kit.sandbox.isolation import Limits
from autograd_kit.sandbox.judge import ExerciseSandbox

LEARNER = """\
import torch


def train(w, x):
    opt = torch.optim.SGD([w], lr=0.1)
    loss = (w * x).sum()
    loss.backward()
    opt.zero_grad()
    opt.step()
    with torch.no_grad():
        y = w * 2
    h = w * 3
    h.retain_grad()
    h.register_hook(lambda g: g)
    d = h.detach()
    return h * x


def leaf_flag(x):
    y = x * 2
    y.requires_grad_(False)
    return y


def chain(x):
    for _ in range(200):
        x = x * 1.0
    return x
"""


def _ops(outcome) -> list[tuple[str, int]]:
    return [(e.op, e.line) for e in outcome.trace.events if e.op != "compute"]


@pytest.fixture
def learner_file(tmp_path: Path) -> Path:
    path = tmp_path / "04_gradients_by_hand.py"
    path.write_text(LEARNER)
    return path


def test_the_worker_records_the_order_of_the_calls_with_the_learner_s_lines(learner_file):
    sandbox = InProcessSandbox(learner_file, "learner_trace", Limits(), learner_file.read_bytes())
    w = torch.ones(3, requires_grad=True)
    outcome = sandbox.call(probes.call, {"name": "train", "args": (w, torch.ones(3))})
    assert outcome.kind is CallKind.RETURNED
    assert _ops(outcome) == [("backward", 7), ("zero_grad", 8), ("step", 9), ("grad_off", 10), ("grad_on", 10),
                             ("retain_grad", 13), ("register_hook", 14), ("detach", 15)]
    computed = [(e.line, e.grad_enabled) for e in outcome.trace.events if e.op == "compute"]
    assert (11, False) in computed and (6, True) in computed  # what recording was on when the code ran
    retain = next(e for e in outcome.trace.events if e.op == "retain_grad")
    assert retain.tensor == trace_data.TensorFacts(leaf=False, requires_grad=True, inference=False, made_at=12)
    differentiated, graph = outcome.trace.graphs  # the graph backward() ran through, and the returned tensor's
    assert differentiated.path == "backward:7" and differentiated.nodes[0].name == "SumBackward0"
    assert graph.path == "" and graph.nodes[0].name == "MulBackward0"
    assert [n.name for n in graph.nodes].count("AccumulateGrad") == 1
    leaf = next(n for n in graph.nodes if n.name == "AccumulateGrad")
    assert leaf.shape == (3,) and not leaf.parameter
    assert all(0 <= a < len(graph.nodes) and 0 <= b < len(graph.nodes) for a, b in graph.edges)


def test_a_call_that_raises_still_reports_what_it_did(learner_file):
    sandbox = InProcessSandbox(learner_file, "learner_trace", Limits(), learner_file.read_bytes())
    outcome = sandbox.call(probes.call, {"name": "leaf_flag", "args": (torch.ones(2, requires_grad=True),)})
    assert outcome.kind is CallKind.RAISED
    event = next(e for e in outcome.trace.events if e.op == "requires_grad_")
    assert (event.line, event.detail, event.tensor.leaf, event.tensor.made_at) == (21, "False", False, 20)


def test_a_graph_is_cut_at_its_bound(learner_file):
    sandbox = InProcessSandbox(learner_file, "learner_trace", Limits(), learner_file.read_bytes())
    outcome = sandbox.call(probes.call, {"name": "chain", "args": (torch.ones(2, requires_grad=True),)})
    graph = outcome.trace.graphs[0]
    assert len(graph.nodes) == trace.MAX_GRAPH_NODES and graph.truncated


def test_the_sandboxed_worker_sends_its_trace_and_a_forged_one_is_dropped(tmp_path, learner_file):
    sandbox = ExerciseSandbox(learner_file, "learner_04", Limits(), learner_file.read_bytes(), untrusted=True)
    try:
        outcome = sandbox.call(probes.call, {"name": "train", "args": (torch.ones(3, requires_grad=True),
                                                                       torch.ones(3))})
        assert outcome.kind is CallKind.RETURNED, outcome
        assert ("zero_grad", 8) in _ops(outcome)  # through seccomp, Landlock and the rest: no new syscalls
    finally:
        sandbox.close()
    # The learner's process owns the recorder: a file that rewrites it sends what it likes. The judge drops
    # what is malformed or oversized, and the call's value comes back as it would have.
    forged = tmp_path / "forged" / "04_gradients_by_hand.py"
    forged.parent.mkdir()
    forged.write_text(textwrap.dedent("""\
        from autograd_kit.sandbox import trace

        trace.Recorder.report = lambda self, value: {"events": [{"op": "<script>", "line": -1}] * 100000,
                                                     "graphs": "x", "dropped": 0}


        def q_function(a, b):
            return 3 * a ** 3 - b ** 2
        """))
    sandbox = ExerciseSandbox(forged, "learner_04", Limits(), forged.read_bytes(), untrusted=True)
    try:
        outcome = sandbox.call(probes.call, {"name": "q_function", "args": (torch.tensor(2.0), torch.tensor(1.0))})
        assert outcome.kind is CallKind.RETURNED and float(outcome.value) == 23.0
        assert outcome.trace is None
    finally:
        sandbox.close()


GOOD = {"events": [{"op": "backward", "line": 3, "function": "f", "detail": "", "grad_enabled": True,
                    "inference_mode": False, "count": 1,
                    "tensor": {"leaf": False, "requires_grad": True, "inference": False, "made_at": 2}}],
        "graphs": [{"path": "['loss']", "nodes": [{"name": "SumBackward0"},
                                                  {"name": "AccumulateGrad", "shape": [3], "parameter": True}],
                    "edges": [[0, 1]], "truncated": False}],
        "dropped": 0}


def _with(path: tuple, value) -> dict:
    forged = json.loads(json.dumps(GOOD))
    target = forged
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return forged


@pytest.mark.parametrize("forged", [
    None, [], "trace", {"events": [], "graphs": []},
    {**GOOD, "extra": 1},
    _with(("events", 0, "op"), "os.system"),
    _with(("events", 0, "line"), -1),
    _with(("events", 0, "line"), True),
    _with(("events", 0, "function"), "<img src=x onerror=alert(1)>"),
    _with(("events", 0, "detail"), "a" * 65),
    _with(("events", 0, "tensor", "leaf"), 1),
    _with(("events",), [GOOD["events"][0]] * (trace_data.MAX_EVENTS + 1)),
    _with(("graphs", 0, "edges"), [[0, 5]]),
    _with(("graphs", 0, "nodes", 0, "name"), "Mul</text><script>"),
    _with(("graphs", 0, "nodes"), [{"name": "N"}] * (trace_data.MAX_NODES + 1)),
    _with(("graphs", 0, "path"), "[0]<b>"),
    _with(("graphs", 0, "nodes", 1, "shape"), [2**41]),
])
def test_a_malformed_or_oversized_trace_is_dropped_whole(forged):
    assert trace_data.read(forged) is None


def test_a_well_formed_trace_is_read():
    read = trace_data.read(GOOD)
    assert read is not None and read.events[0].tensor.made_at == 2
    assert read.graphs[0].nodes[1] == trace_data.Node("AccumulateGrad", (3,), True)


# --- the rules ------------------------------------------------------------------------------------------

def _event(op: str, line: int, **facts) -> trace_data.Event:
    tensor = None
    if facts:
        tensor = trace_data.TensorFacts(facts.get("leaf", False), facts.get("requires_grad", True),
                                        facts.get("inference", False), facts.get("made_at", 0))
    return trace_data.Event(op, line, facts.get("function", "f"), facts.get("detail", ""),
                            facts.get("grad_enabled", True), facts.get("inference_mode", False), 1, tensor)


def _seen(*events: trace_data.Event, source: str = "", function: str = "") -> trace_rules.Observed:
    codes = (lambda: [LearnerSource(source.encode()).code_of(function)]) if source else list
    return trace_rules.Observed([trace_data.Trace(tuple(events))], codes)


@pytest.mark.parametrize("ops, fires", [
    (["backward", "zero_grad"], True),                       # 02: wiped before the caller reads them
    (["backward", "zero_grad", "step"], True),               # 03: step() finds nothing
    (["backward", "zero_grad", "read_grad"], True),          # 11: the copy is of zeros
    (["zero_grad", "backward", "step"], False),              # the usual order
    (["backward", "read_grad", "zero_grad"], False),         # read first: nothing lost
    (["backward", "step", "zero_grad"], False),
    (["backward", "zero_grad", "backward"], False),          # refilled
])
def test_zero_grad_after_backward_is_named_only_where_it_wiped_gradients_before_their_use(ops, fires):
    seen = _seen(*[_event(op, line) for line, op in enumerate(ops, start=10)])
    assert (trace_rules.zero_grad_wiped(seen) is not None) is fires


def test_retain_grad_after_backward_is_too_late():
    late = _seen(_event("backward", 5), _event("retain_grad", 6, leaf=False))
    assert trace_rules.retain_grad_too_late(late) == {"line": 6, "retain_line": 6, "backward_line": 5}
    assert trace_rules.retain_grad_too_late(_seen(_event("retain_grad", 4, leaf=False), _event("backward", 5))) \
        is None


def test_requires_grad_on_a_non_leaf_is_told_which_way_it_was_switched():
    off = _seen(_event("requires_grad_", 9, leaf=False, made_at=8, detail="False"))
    on = _seen(_event("requires_grad_", 9, leaf=False, made_at=8, detail="True"))
    assert trace_rules.flag_off_on_non_leaf(off) == {"line": 9, "made_at": 8}
    assert trace_rules.flag_off_on_non_leaf(on) is None
    assert trace_rules.flag_on_on_result_that_requires_grad(on) == {"line": 9, "made_at": 8}
    assert trace_rules.flag_on_on_result_that_requires_grad(_seen(_event("requires_grad_", 9, leaf=True,
                                                                         detail="True"))) is None


def test_inference_tensors_detached_or_changed_under_no_grad():
    assert trace_rules.detach_of_inference_tensor(_seen(_event("detach", 7, inference=True))) == {"line": 7}
    assert trace_rules.detach_of_inference_tensor(_seen(_event("detach", 7, inference=False))) is None
    changed = _seen(_event("in_place", 8, inference=True, grad_enabled=False, detail="add_"))
    assert trace_rules.in_place_on_inference_tensor_under_no_grad(changed) == {"line": 8, "operation": "add_"}
    inside_the_mode = _seen(_event("in_place", 8, inference=True, grad_enabled=False, inference_mode=True))
    assert trace_rules.in_place_on_inference_tensor_under_no_grad(inside_the_mode) is None


EVAL = """\
import torch


def evaluate(model, data):
    model.eval()
    return model(data)
"""


def test_eval_is_named_for_no_grad_only_where_the_code_then_ran_recorded():
    recorded = _seen(_event("compute", 6, function="evaluate"), source=EVAL, function="evaluate")
    assert trace_rules.eval_for_no_grad(recorded) == {"line": 5, "eval_line": 5, "compute_line": 6}
    not_recorded = _seen(_event("compute", 6, function="evaluate", grad_enabled=False), source=EVAL,
                         function="evaluate")
    assert trace_rules.eval_for_no_grad(not_recorded) is None


HOMEMADE = """\
import torch


def no_tracking(function):
    with torch.no_grad():
        def wrapper(x):
            return function(x)
    return wrapper


def per_call(function):
    def wrapper(x):
        with torch.no_grad():
            return function(x)
    return wrapper


@no_tracking
def doubler(x):
    return x * 2


@per_call
def tripler(x):
    return x * 3
"""


def test_a_decorator_that_enters_no_grad_when_applied_is_told_apart_from_one_that_enters_it_per_call():
    early = _seen(_event("compute", 20, function="doubler"), source=HOMEMADE, function="doubler")
    assert trace_rules.decorator_enters_at_definition(early) == {
        "line": 5, "decorator": "no_tracking", "function": "doubler", "compute_line": 20}
    per_call = _seen(_event("compute", 25, function="tripler"), source=HOMEMADE, function="tripler")
    assert trace_rules.decorator_enters_at_definition(per_call) is None


def test_advice_the_trace_refutes_is_not_given():
    backward_ran = _seen(_event("backward", 5), _event("zero_grad", 6))
    assert trace_rules.refuted("backward-ran", backward_ran)
    assert not trace_rules.refuted("backward-ran", _seen(_event("compute", 5)))
    kept = _seen(_event("grad", 5, detail="create_graph"), _event("grad", 6))
    assert trace_rules.refuted("first-gradient-kept-its-graph", kept)
    assert not trace_rules.refuted("first-gradient-kept-its-graph", _seen(_event("grad", 5), _event("grad", 6,
                                                                                                    detail="create_graph")))
    from autograd_kit.checks import catalogue

    entry = catalogue.lookup("forgot-backward", "02_loss_backward")
    replacement = diagnosis.instead_of(entry, backward_ran)
    assert replacement and replacement.entry.key == "zero-grad-wiped"
    assert diagnosis.instead_of(entry, _seen()) is False  # no backward seen: the advice stands


def test_a_rule_that_cannot_read_what_it_got_says_nothing():
    broken = trace_rules.Observed([trace_data.Trace((_event("retain_grad", 3),))], codes=lambda: 1 / 0)
    assert trace_rules.fires("eval-for-no-grad", broken) is None
    assert trace_rules.fires("no-such-rule", broken) is None
