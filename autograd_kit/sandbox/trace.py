"""What the learner's calls did, recorded in the worker while one request runs: feedback only, never points.

The judge names a mistake from what the code did, not only from a value or an
error message: the order of backward(), zero_grad(), step(), the grad-mode
switches, requires_grad_(), retain_grad(), detach(), in-place changes and hook
registrations, each with the line of the learner's file it came from, and the
autograd graph of each returned tensor. Torch's own mechanisms see the calls:
a TorchFunctionMode for tensor methods and torch functions (grad-mode switches
included: torch._C._set_grad_enabled is one), the global optimizer step
pre-hook for step(), and grad_fn.next_functions for the graph.

Learner code runs in this process and can forge or break any of it, so the
judge treats the trace as untrusted text (trace_data.py reads it strictly and
drops a malformed one) and never lets it change a score: forging it gains
nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from typing import Any

import torch
from torch.optim.optimizer import register_optimizer_step_pre_hook
from torch.overrides import TorchFunctionMode
from torch.utils.weak import WeakIdKeyDictionary

MAX_EVENTS = 128
MAX_BYTES = 64 * 1024  # a trace's JSON: past this it is not sent
MAX_GRAPH_NODES = 48
MAX_GRAPHS = 4
MAX_NAME = 64
FRAMES_SEARCHED = 48  # how far up the stack the learner's own frame is looked for
OWN_FRAMES = frozenset({"__torch_function__", "_observe", "_learner_frame", "_before_step", "handle_torch_function"})
GRAD_MODE_FILE = os.path.join("autograd", "grad_mode.py")
# Tensor methods whose effect is the point: recorded when they run on any tensor.
RECORDED = frozenset({"backward", "retain_grad", "requires_grad_", "detach", "detach_", "register_hook",
                      "register_post_accumulate_grad_hook", "grad", "clone"})
IN_PLACE_OPERATORS = frozenset({"__iadd__", "__isub__", "__imul__", "__itruediv__", "__ipow__", "__imatmul__",
                                "__setitem__"})
_TENSOR = torch._C.TensorBase
_REQUIRES_GRAD = _TENSOR.__dict__["requires_grad"].__get__
_IS_LEAF = _TENSOR.__dict__["is_leaf"].__get__
_GRAD_FN = _TENSOR.__dict__["grad_fn"].__get__
_IS_INFERENCE = _TENSOR.is_inference
_grad_enabled, _inference_enabled = torch.is_grad_enabled, torch.is_inference_mode_enabled


class Recorder(TorchFunctionMode):
    """Records, for one call, what the learner's code asked torch to do (see the module's docstring)."""

    def __init__(self, learner_path: str) -> None:
        super().__init__()
        self.path = learner_path
        self.events: list[dict] = []
        self.dropped = 0
        self.made_at: WeakIdKeyDictionary = WeakIdKeyDictionary()  # tensor -> the learner's line that made it
        self.computed: set[tuple[str, bool, bool]] = set()  # (function, grad on, inference on) already recorded
        self.differentiated: list[dict] = []  # the graph each backward() / autograd.grad ran through, when it began
        self._hook: Any = None

    def __enter__(self) -> Recorder:
        self._hook = register_optimizer_step_pre_hook(self._before_step)
        super().__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        if self._hook is not None:
            self._hook.remove()

    def __torch_function__(self, func: Callable, types: Any, args: tuple = (), kwargs: dict | None = None) -> Any:
        kwargs = kwargs or {}
        where = None
        try:
            where = self._learner_frame()
            if where is not None:
                self._observe(func, args, kwargs, *where)
        except Exception:  # noqa: BLE001 - recording is feedback: it never changes what the learner's code does
            pass
        result = func(*args, **kwargs)
        if where is not None and isinstance(result, torch.Tensor):
            try:
                self.made_at[result] = where[0]
            except Exception:  # noqa: BLE001
                pass
        return result

    # --- what one call was -----------------------------------------------------

    def _observe(self, func: Callable, args: tuple, kwargs: dict, line: int, function: str, callee: str,
                 through: frozenset[str]) -> None:
        name = getattr(func, "__name__", "")
        owner = getattr(getattr(func, "__self__", None), "__name__", "")
        subject = args[0] if args and isinstance(args[0], torch.Tensor) else None
        direct = callee == ""  # the learner's line called torch itself, not through a torch function
        if "zero_grad" in through:
            self._add("zero_grad", line, function)
        elif name == "_set_grad_enabled":
            # Only the learner's own switches (with torch.no_grad(), set_grad_enabled): step() has its own inside.
            if direct or callee.endswith(GRAD_MODE_FILE):
                self._add("grad_on" if args and args[0] else "grad_off", line, function)
        elif name == "__set__" and owner == "requires_grad" and subject is not None:
            self._add("requires_grad_", line, function, subject, detail=str(bool(args[1])) if len(args) > 1 else "")
        elif name == "__set__" and owner == "grad":
            self._add("set_grad", line, function, subject)
        elif name == "__get__" and owner == "grad" and direct:
            self._add("read_grad", line, function, subject)
        elif name in RECORDED and (direct or through == {name}):
            detail = ",".join(k for k in ("create_graph", "retain_graph") if kwargs.get(k))
            if name == "requires_grad_":
                detail = str(bool(args[1] if len(args) > 1 else kwargs.get("requires_grad", True)))
            self._add(name, line, function, subject if name != "grad" else None, detail=detail)
            if name in ("backward", "grad"):
                self._keep_graph(name, line, args[0] if args else kwargs.get("outputs"))
        elif direct and subject is not None and _is_in_place(name) and (
                _REQUIRES_GRAD(subject) or _IS_INFERENCE(subject)):
            self._add("in_place", line, function, subject, detail=name[:MAX_NAME])
        elif not name.startswith("_"):
            # The first operation of each kind of grad mode in each function: what recording was on when it ran.
            key = (function, _grad_enabled(), _inference_enabled())
            if key not in self.computed:
                self.computed.add(key)
                self._add("compute", line, function, detail=name[:MAX_NAME])

    def _keep_graph(self, name: str, line: int, output: Any) -> None:
        if isinstance(output, (list, tuple)) and output:
            output = output[0]
        if isinstance(output, torch.Tensor) and _GRAD_FN(output) is not None \
                and len(self.differentiated) < MAX_GRAPHS:
            self.differentiated.append(graph_of(output, f"{name}:{line}"))

    def _before_step(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        try:
            where = self._learner_frame()
            if where is not None:
                self._add("step", where[0], where[1], detail=type(optimizer).__name__[:MAX_NAME])
        except Exception:  # noqa: BLE001
            pass

    def _learner_frame(self) -> tuple[int, str, str, frozenset[str]] | None:
        """The learner's innermost frame on the stack: its line, its function, the file of the function it was in
        the middle of calling ("" when it called torch directly), and the names of the functions in between."""
        frame = sys._getframe(1)
        callee, through = "", set()
        for _ in range(FRAMES_SEARCHED):
            if frame is None:
                return None
            code = frame.f_code
            if code.co_filename == self.path:
                return frame.f_lineno, code.co_name[:MAX_NAME], callee, frozenset(through)
            if code.co_name not in OWN_FRAMES:
                callee = code.co_filename
                through.add(code.co_name)
            frame = frame.f_back
        return None

    def _add(self, op: str, line: int, function: str, subject: torch.Tensor | None = None, detail: str = "") -> None:
        last = self.events[-1] if self.events else None
        if last is not None and last["op"] == op and last["line"] == line and last["detail"] == detail:
            last["count"] += 1  # a loop: one event, counted
            return
        if len(self.events) >= MAX_EVENTS:
            self.dropped += 1
            return
        event: dict[str, Any] = {"op": op, "line": int(line), "function": function, "detail": detail,
                                 "grad_enabled": bool(_grad_enabled()), "inference_mode": bool(_inference_enabled()),
                                 "count": 1}
        if subject is not None:
            event["tensor"] = {"leaf": bool(_IS_LEAF(subject)), "requires_grad": bool(_REQUIRES_GRAD(subject)),
                               "inference": bool(_IS_INFERENCE(subject)), "made_at": self.made_at.get(subject, 0)}
        self.events.append(event)

    def report(self, value: Any) -> dict:
        kept = self.differentiated[:MAX_GRAPHS // 2]
        return {"events": self.events, "dropped": self.dropped,
                "graphs": kept + graphs_of(value)[:MAX_GRAPHS - len(kept)]}


def _is_in_place(name: str) -> bool:
    return name in IN_PLACE_OPERATORS or (name.endswith("_") and not name.startswith("_")
                                          and name not in ("requires_grad_", "detach_"))


# --- the graph of a returned tensor ---------------------------------------------

def graphs_of(value: Any) -> list[dict]:
    """The autograd graph behind each tensor in VALUE (at most MAX_GRAPHS, each at most MAX_GRAPH_NODES nodes)."""
    found: list[tuple[str, torch.Tensor]] = []
    _tensors_in(value, "", found, depth=0)
    return [graph_of(tensor, path) for path, tensor in found[:MAX_GRAPHS]]


def _tensors_in(value: Any, path: str, found: list, depth: int) -> None:
    if len(found) >= MAX_GRAPHS or depth > 3:
        return
    if isinstance(value, torch.Tensor):
        if _GRAD_FN(value) is not None:
            found.append((path, value))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value[:16]):
            _tensors_in(item, f"{path}[{index}]", found, depth + 1)
    elif isinstance(value, dict):
        for key, item in list(value.items())[:16]:
            if isinstance(key, str) and key.isidentifier():
                _tensors_in(item, f"{path}[{key!r}]", found, depth + 1)


def graph_of(tensor: torch.Tensor, path: str = "") -> dict:
    """Nodes (grad_fn class names; AccumulateGrad for leaves, with the leaf's shape), edges from a node to the
    nodes its gradient flows to, breadth first from the tensor's grad_fn."""
    root = _GRAD_FN(tensor)
    nodes: list[dict] = []
    edges: list[list[int]] = []
    index: dict[int, int] = {}
    queue = [root]
    index[id(root)] = 0
    nodes.append(_node(root))
    truncated = False
    while queue:
        node = queue.pop(0)
        for following, _ in getattr(node, "next_functions", ()) or ():
            if following is None:
                continue
            if id(following) not in index:
                if len(nodes) >= MAX_GRAPH_NODES:
                    truncated = True
                    continue
                index[id(following)] = len(nodes)
                nodes.append(_node(following))
                queue.append(following)
            edges.append([index[id(node)], index[id(following)]])
    return {"path": path[:MAX_NAME], "nodes": nodes, "edges": edges, "truncated": truncated}


def _node(function: Any) -> dict:
    name = type(function).__name__[:MAX_NAME]
    variable = getattr(function, "variable", None) if name == "AccumulateGrad" else None
    if isinstance(variable, torch.Tensor):
        return {"name": name, "shape": [int(d) for d in variable.shape][:8],
                "parameter": isinstance(variable, torch.nn.Parameter)}
    return {"name": name, "modified": True} if _saved_tensor_changed(function) else {"name": name}


def _saved_tensor_changed(function: Any) -> bool:
    """Whether a tensor this node saved for backward was changed in place since (autograd refuses to unpack it)."""
    for attribute in dir(function):
        if attribute.startswith("_saved_") and not attribute.startswith("_saved_tensors"):
            try:
                getattr(function, attribute)
            except RuntimeError as error:
                if "modified by an inplace operation" in str(error):
                    return True
            except Exception:  # noqa: BLE001
                continue
    return False


def recording(path: str) -> Any:
    """A recorder of what the learner's calls do, or nothing where one cannot be made."""
    try:
        return Recorder(path)
    except Exception:  # noqa: BLE001 - feedback only: a call runs the same without it
        return contextlib.nullcontext()


def header_of(recorder: Any, value: Any) -> dict:
    """{"trace": ...} for the reply's header; {} when there is none (the judge then reads no trace)."""
    if not isinstance(recorder, Recorder):
        return {}
    try:
        report = recorder.report(value)
        # Well inside the reply's header frame (worker_process.MAX_HEADER_FRAME): a trace never costs the reply.
        return {"trace": report} if len(json.dumps(report)) <= MAX_BYTES else {}
    except Exception:  # noqa: BLE001
        return {}
