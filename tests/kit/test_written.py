"""How the judge reads a learner's file: the graded names' one binding, the calls that can run and reach the
result, the modules and builtins a file may use, and work that grows linearly with the file.

These read sources with LearnerSource only (nothing runs); test_cheats grades whole files that try the same.
"""

from __future__ import annotations

import ast
import textwrap

import pytest

from autograd_kit.checks.expect import CheckFailed
from autograd_kit.checks import requirements
from autograd_kit.checks.source import LearnerSource
from autograd_kit.checks.syntax import Visits

HAND = """
import torch


def dq_da(a, b):
    return 9 * a**2
"""


def _source(text: str) -> LearnerSource:
    return LearnerSource(textwrap.dedent(text).encode())


def _rebound_line(text: str, name: str = "dq_da") -> str | None:
    found = _source(text).rebinding(name)
    return None if found is None else found[1]


def test_a_function_bound_once_by_its_def_is_what_the_grader_calls():
    assert _rebound_line(HAND) is None
    assert _rebound_line("import torch\n\n@torch.no_grad()\ndef dq_da(a, b):\n    return a\n") is None


@pytest.mark.parametrize("binding", [
    "dq_da = lambda a, b: a",
    "dq_da, other = (lambda a, b: a), 1",
    "[dq_da, other] = [len, 1]",
    "dq_da: object = len",
    "dq_da += 0",
    "del dq_da",
    "import math as dq_da",
    "from math import sqrt as dq_da",
    "from math import dq_da",
    "for dq_da in [len]:\n    pass",
    "with open('x') as dq_da:\n    pass",
    "_ = [(dq_da := f) for f in (len,)]",
    "if (dq_da := len):\n    pass",
    "try:\n    pass\nexcept Exception as dq_da:\n    pass",
    "def dq_da(a, b):\n    return a",
    "class dq_da:\n    pass",
    "def _install():\n    global dq_da\n    dq_da = len",
    "class Registry:\n    global dq_da\n    if True:\n        dq_da = staticmethod(len)",
    "dq_da.__wrapped__ = len",
    "match 1:\n    case dq_da:\n        pass",
])
def test_any_other_binding_of_a_graded_name_is_found(binding):
    assert _rebound_line(HAND + "\n\n" + binding + "\n") is not None


@pytest.mark.parametrize("decorated, rebound", [
    ("@torch.no_grad()", False),
    ("@torch.inference_mode()", False),
    ("@functools.lru_cache()", True),
    ("@_swap", True),
    ("@torch.no_grad()\n@_swap", True),
])
def test_a_decorator_outside_the_grad_modes_replaces_the_function(decorated, rebound):
    text = f"import functools\nimport torch\n\n\ndef _swap(f):\n    return len\n\n\n{decorated}\ndef dq_da(a, b):\n    return a\n"
    assert (_rebound_line(text) is not None) is rebound


@pytest.mark.parametrize("line", ["globals()['dq_da'] = len", "exec('dq_da = len')", "run = exec",
                                  "vars()['dq_da'] = len", "import sys", "setattr(__import__('x'), 'dq_da', len)"])
def test_code_that_can_bind_any_name_counts_as_rebinding(line):
    assert _rebound_line(HAND + "\n" + line + "\n") is not None


def test_a_helper_the_graded_function_uses_must_be_bound_once_too():
    text = HAND.replace("return 9 * a**2", "return helper(a)") + "\n\ndef helper(a):\n    return 9 * a**2\n\n\nhelper = len\n"
    source = _source(text)
    assert source.rebinding("dq_da") is None and source.rebinding("helper") is not None


def test_an_attribute_store_elsewhere_is_part_of_the_code_that_uses_the_object():
    code = _source("""
        import torch
        class OPS:
            pass
        def derivative(a, b):
            return torch.autograd.grad(a, b)
        def dq_da(a, b):
            return OPS.mul(a, b)
        OPS.mul = derivative
        """).code_of("dq_da")
    assert any(isinstance(n, ast.Attribute) and n.attr == "autograd" for n in code.walk())
    call = next(n for n in ast.walk(code.function) if isinstance(n, ast.Call))
    assert code.callee(call) == ("other", "OPS.mul")


@pytest.mark.parametrize("call, kind", [
    ("a.mul(b)", "method"), ("torch.mul(a, b)", "library"), ("helper(a)", "own"), ("len(a)", "builtin"),
    ("OPS.helper(a)", "other"), ("table[0](a)", "other"),
])
def test_a_call_is_resolved_to_what_it_names(call, kind):
    source = _source(f"import torch\nOPS = object()\ntable = [len]\ndef helper(a):\n    return a\ndef f(a, b):\n    return {call}\n")
    code = source.code_of("f")
    node = next(n for n in ast.walk(code.function) if isinstance(n, ast.Call))
    assert code.callee(node)[0] == kind


def _live_backward(body: str, extra: str = "") -> int:
    text = "import torch\nDEBUG = False\n" + extra + "\n\ndef f(x):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    return len(_source(text).code_of("f").live_calls("backward"))


@pytest.mark.parametrize("body", [
    "if False:\n    x.sum().backward()\nreturn x.grad",
    "if 0:\n    x.sum().backward()\nreturn x.grad",
    "if DEBUG:\n    x.sum().backward()\nreturn x.grad",
    "if __name__ == '__main__':\n    x.sum().backward()\nreturn x.grad",
    "if not True:\n    x.sum().backward()\nreturn x.grad",
    "if True:\n    pass\nelse:\n    x.sum().backward()\nreturn x.grad",
    "while False:\n    x.sum().backward()\nreturn x.grad",
    "while 0:\n    x.sum().backward()\nreturn x.grad",
    "return x.grad\nx.sum().backward()",
    "raise ValueError\nx.sum().backward()",
    "try:\n    return x.grad\nexcept ValueError:\n    return x\nelse:\n    x.sum().backward()",
    "def later():\n    x.sum().backward()\nreturn x.grad",
    "later = lambda: x.sum().backward()\nreturn x.grad",
    "while True:\n    return x.grad\nx.sum().backward()",
    "decoy = torch.ones(1, requires_grad=True)\ndecoy.sum().backward()\nreturn 3 * x",
])
def test_backward_that_cannot_run_or_whose_gradient_is_never_read_does_not_count(body):
    assert _live_backward(body) == 0


@pytest.mark.parametrize("body, extra", [
    ("x.sum().backward()\nreturn x.grad", ""),
    ("loss = x.sum()\nloss.backward()\nreturn loss", ""),
    ("y = x * 2\nz = y.detach() * x\nz.sum().backward()\nreturn x.grad", ""),
    ("run(x)\nreturn x.grad", "def run(x):\n    x.sum().backward()"),
    ("def inner():\n    x.sum().backward()\ninner()\nreturn x.grad", ""),
    ("if x.sum() > 0:\n    x.sum().backward()\nreturn x.grad", ""),
    ("x.sum().backward()", ""),
])
def test_backward_that_runs_and_fills_a_gradient_that_is_read_counts(body, extra):
    assert _live_backward(body, extra) >= 1


CUSTOM_FUNCTION = """
class Clip(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x

    @staticmethod
    def backward(ctx, grad):
        return grad.clamp(-1, 1)
"""


def test_a_custom_function_only_applied_leaves_tensor_backward_to_torch():
    """A file with a torch.autograd.Function of its own (exercise 18, or a clip written as one) still calls
    torch's backward in y.backward(): autograd, not the file, calls Clip.backward."""
    assert _live_backward("Clip.apply(x).sum().backward()\nreturn x.grad", CUSTOM_FUNCTION) == 1
    assert _live_backward("(x * 2).sum().backward()\nreturn x.grad", CUSTOM_FUNCTION) == 1


@pytest.mark.parametrize("body", [
    "Clip().backward(None, x)\nreturn x.grad",  # the file's own backward, called on an instance
    "fake = Clip\nfake.backward(None, x)\nreturn x.grad",
    "x.backward = Clip.backward\nx.backward(None, x)\nreturn x.grad",
    "Clip.apply = lambda t: t.backward()\nClip.apply(x)\nreturn x.grad",  # apply replaced: Clip is not autograd's
])
def test_a_custom_function_used_as_anything_but_apply_makes_backward_the_files_own(body):
    assert _live_backward(body, CUSTOM_FUNCTION) == 0


def test_a_backward_method_of_a_plain_class_is_the_files_own():
    plain = "class Engine:\n    def backward(self, x):\n        x.grad = 3 * x\n"
    assert _live_backward("Engine().backward(x)\nreturn x.grad", plain) == 0
    assert _live_backward("(x * 2).sum().backward()\nreturn x.grad", plain) == 0  # could be Engine's: not counted


def test_a_helper_that_is_never_called_does_not_count():
    assert _live_backward("return x.grad", "def never(x):\n    x.sum().backward()") == 0


def test_an_autograd_grad_whose_result_is_unused_does_not_count():
    code = _source("""
        import torch
        def f(q, a):
            unused = torch.autograd.grad(q, a, retain_graph=True)
            torch.autograd.grad(q, a)
            return a * 3
        def g(q, a):
            (da,) = torch.autograd.grad(q, a)
            return da
        """)
    assert code.code_of("f").live_calls("grad") == []
    assert len(code.code_of("g").live_calls("grad")) == 1
    with pytest.raises(CheckFailed):
        requirements.calls(code.code_of("f"), "grad", requirement="use grad")


def _kinds(text: str) -> set[str]:
    return {f.kind for f in _source(text).tampering}


@pytest.mark.parametrize("text", [
    "import torch\ntorch.jit.CompilationUnit('def f(x): return x')",
    "import torch\nunit = torch.jit\n",
    "from torch import jit\n",
    "from torch.jit import CompilationUnit\n",
    "import torch\ntorch.ops.aten.mul\n",
    "import torch\nT = torch\nT.library.Library\n",
    "import torch\ntorch._C._autograd\n",
    "import torch\ngetattr(torch, 'fx')\n",
    "import torch\ntorch.fx.symbolic_trace\n",
    "import os\nos.sys.modules\n",
    "import torch\nt = torch\nt.sys.modules\n",
    "import numpy as np\nnp.ctypeslib\n",
    "import torch.utils.cpp_extension\n",
    "run = exec\n",
    "compile('x = 1', 'f', 'exec')\n",
    "vars()\n",
    "import scipy\n",
    "def __getattr__(name):\n    return len\n",
])
def test_modules_and_builtins_outside_the_allowlists_count_as_hiding(text):
    assert _kinds(text) & {"reach", "dynamic", "internals"}


@pytest.mark.parametrize("text", [
    "import torch\nimport torch.nn.functional as F\nx = torch.autograd.grad\ny = F.relu\nz = torch.nn.Linear\n",
    "import torch\nfrom torch.func import vjp\nw = torch.optim.SGD\nt = torch.testing.assert_close\n",
    "import numpy as np\nnp.linalg.norm\nimport math\nmath.sqrt(2)\nprint(len([1]), sorted({}), isinstance(1, int))\n",
    "import warnings\nwarnings.catch_warnings\nimport torchvision\n",
])
def test_what_exercises_use_is_allowed(text):
    assert _source(text).tampering == []


@pytest.mark.parametrize("body", [
    "if True:\n    def __getattribute__(self, name):\n        return 1",
    "for __getattr__ in [len]:\n    pass",
    "try:\n    pass\nfinally:\n    __init_subclass__ = classmethod(len)",
    "with open('x') as __class_getitem__:\n    pass",
    "class Inner:\n    def __eq__(self, other):\n        return True",
    "while False:\n    (__call__ := len) and None\n    def __getattr__(self, n):\n        return 1",
])
def test_class_bodies_are_read_at_any_depth(body):
    text = "class Lies:\n" + textwrap.indent(body, "    ") + "\n"
    assert "class" in _kinds(text)


def _hostile(size: int) -> bytes:
    """A file of about SIZE bytes built from what used to cost quadratic work: a reverse alias chain, nested
    with-blocks and loops, long attribute chains, a call chain through every function, dead code, a custom
    autograd Function in every unit."""
    units = []
    i = 0
    while sum(map(len, units)) < size:
        units.append(textwrap.dedent(f"""
            a{i} = a{i + 1}
            def f{i}(x):
                with torch.no_grad():
                    with torch.no_grad():
                        for _ in range(2):
                            for _ in range(2):
                                y = x.a.b.c.d.e.f.g.h.i.j
                if False:
                    x.backward()
                x.sum().backward()
                w = x.grad
                return f{i + 1}(C{i}.apply(x)) + w
            class C{i}(torch.autograd.Function):
                @staticmethod
                def backward(ctx, grad):
                    return grad
            """))
        i += 1
    units.append(f"import torch\na{i} = torch\ndef f{i}(x):\n    return x\n")
    return "".join(units).encode()


def _work(data: bytes) -> int:
    before = Visits.count
    source = LearnerSource(data)
    source.tampering
    code = source.code_of("f0")
    source.rebinding("f0")
    requirements.calls(code, "backward", requirement="backward")
    code.in_loop(code.api_calls("backward"))
    code.inside(code.withs(*requirements.NO_GRAD), (ast.Call,))
    for call in (n for n in code.walk() if isinstance(n, ast.Call)):
        code.callee(call)
    with pytest.raises(CheckFailed):
        requirements.computed_inside(code, requirements.NO_GRAD, "inside")
    return Visits.count - before


def test_the_judges_work_grows_linearly_with_the_file():
    sizes = [1_000, 10_000, 100_000]
    work = [_work(_hostile(size)) for size in sizes]
    lengths = [len(_hostile(size)) for size in sizes]
    per_byte = [w / n for w, n in zip(work, lengths)]
    assert all(w > 0 for w in work)
    assert max(per_byte) < 2 * min(per_byte), (work, lengths)  # quadratic work would grow 10x per step
