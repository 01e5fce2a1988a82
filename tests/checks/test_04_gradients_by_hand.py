"""Checks for exercise 04: dQ/da and dQ/db of Q = 3a^3 - b^2, by hand.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- q_function(a, b) returns Q = 3a^3 - b^2: values on random inputs (test_q_function).
- dq_da returns dQ/da = 9a^2, same shape as a: values on the tutorial's and random inputs (test_dq_da).
- dq_db returns dQ/db = -2b, same shape as b: values, as above (test_dq_db).
- dq_da_general(a, b, c, n, d, m) returns dQ/da of Q = c a^n + d b^m for any coefficients and powers: values
  on coefficients and powers drawn from the run's seed, twice, and random a, b (test_dq_da_general). The
  learner's code never sees the seed: the judge draws them and passes them as arguments, so only the
  general rule passes, and the tutorial's 9a^2 is named as what it is.
- all three are written "without autograd: no backward(), no torch.autograd.grad": the judge reads the
  file's source (test_dq_da, test_dq_db): no autograd, torch.func or forward-mode AD in the function
  or anything it uses (helpers, module-level names and imports), nothing anywhere in the file that
  could hide code (getattr tricks, exec, imports of ctypes, gc, importlib or the kit), and
  dq_da/dq_db/dq_da_general (with their helpers) call only arithmetic. The worker's
  run-time guard stays as the first, friendlier layer; the source decides.
"""

import ast

import pytest
import torch

from autograd_kit.checks import expect, probes
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.checks.syntax import dotted
from autograd_kit.i18n import tr

SEED_A, SEED_B = [2.0, 3.0], [6.0, 4.0]  # the tutorial's numbers
# Names that lead to autograd in any form: reverse mode, forward mode, torch.func, the engine, graph nodes.
AUTOGRAD = frozenset({
    "autograd", "func", "functorch", "forward_ad", "backward", "grad", "grad_fn", "requires_grad", "requires_grad_",
    "retain_grad", "jvp", "vjp", "jacobian", "hessian", "jacrev", "jacfwd", "hessian", "vmap", "next_functions",
    "run_backward", "_execution_engine", "enable_grad", "set_grad_enabled", "register_hook", "make_dual",
    "unpack_dual", "dual_level", "gradcheck", "apply",
})
# Ways a file can reach code its source does not name (tampering.Finding kinds): exec, computed getattr,
# importlib, ctypes, gc, the kit itself, dunders and private parts of libraries.
HIDING = frozenset({"reach", "dynamic", "internals"})
# What "by hand" may call: arithmetic, and building or reshaping tensors.
ARITHMETIC = frozenset({
    "pow", "float_power", "square", "mul", "multiply", "neg", "negative", "add", "sub", "subtract", "div", "divide",
    "true_divide", "abs", "sign", "tensor", "as_tensor", "full_like", "ones_like", "zeros_like", "empty_like",
    "clone", "float", "double", "to", "type_as", "reshape", "view", "view_as", "expand_as", "stack", "cat", "int",
    "len", "range", "zip", "enumerate", "list", "tuple", "item", "tolist", "size", "numel", "NotImplementedError",
})


def _inputs(rng: torch.Generator | None) -> tuple[torch.Tensor, torch.Tensor]:
    if rng is None:
        return torch.tensor(SEED_A), torch.tensor(SEED_B)
    n = int(torch.randint(3, 8, (1,), generator=rng))
    return torch.randn(n, generator=rng) * 2, torch.randn(n, generator=rng) * 2


def _truth(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    a, b = a.double().requires_grad_(), b.double().requires_grad_()
    q = 3 * a**3 - b**2
    return torch.autograd.grad(q.sum(), (a, b))


def _da_mistakes(a, b):
    return [
        Mistake(3 * a**2, "3a-2-derivative-3"),
        Mistake(9 * a, "power-went-down-two"),
        Mistake(9 * a**3, "exponent-go-down-power"),
        Mistake(3 * a**3 - b**2, "q-itself-derivative"),
        Mistake(a**3, "3-differentiate-3a-3"),
        Mistake(9 * a**2 - 2 * b, "both-terms"),
    ]


def _db_mistakes(a, b):
    return [
        Mistake(2 * b, "sign-dropped-q-subtracts"),
        Mistake(-b, "factor-2-missing-power"),
        Mistake(-(b**2), "term-b-2-itself"),
        Mistake(3 * a**3 - b**2, "q-itself-derivative"),
        Mistake(-2 * a, "wrong-variable"),
        Mistake(-2 * torch.ones_like(b), "constant-derivative"),
    ]


@pytest.mark.points(1)
@pytest.mark.measures("q_function")
def test_q_function(learner, rng):
    """q_function(a, b) computes Q = 3a^3 - b^2"""
    a, b = _inputs(rng)
    got = learner.call("q_function", a, b)
    a64, b64 = a.double(), b.double()
    expect.close(got, 3 * a64**3 - b64**2, "q_function(a, b)",
                 [Mistake(3 * a**2 - b**2, "3a-2-b-2"), Mistake(27 * a64**3 - b64**2, "three-a-cubed")],
                 scale=3 * a64.abs() ** 3 + b64**2)


def _check(learner, rng, function, index, mistakes):
    # The tutorial's numbers first, then random ones: a hard-coded answer fails.
    for inputs, where in ((_inputs(None), tr("on the tutorial's a=[2, 3], b=[6, 4]")), (_inputs(rng), tr("on random inputs"))):
        report = learner.probe(probes.call_changing_arguments, (function,), forbid_autograd=True,
                               label=f"{function}()", name=function, args=inputs)
        what = tr("{call} {situation}", call=f"{function}(a, b)", situation=where)
        truth, result = _truth(*inputs)[index], report["result"]
        if isinstance(result, torch.Tensor) and result.shape == truth.shape and result.is_floating_point() and \
                torch.allclose(result.double(), truth.double(), rtol=1e-2, atol=1e-2) and \
                not torch.allclose(result.double(), truth.double(), rtol=1e-5, atol=1e-6):
            expect.fail(what, truth, result, expect.named("finite-difference"))
        expect.close(result, truth, what, mistakes(*inputs))
        for name, before, after in zip("ab", inputs, report["arguments"], strict=True):
            if not (isinstance(after, torch.Tensor) and torch.equal(after, before)):
                raise CheckFailed(tr("{call} changed its argument {name} in place.", call=f"{function}(a, b)",
                                     name=name) + "\n" + expect.named(
                    "place-operation-pow-mul"))
    _by_hand(learner, function)


def _by_hand(learner, function: str) -> None:
    """The source proves the derivative was worked out, not asked of autograd.

    Autograd's names are looked for in the function and everything it uses (helpers, module-level
    bindings and imports, such as a torch.autograd.grad captured at import); code that could hide
    any name (exec, computed getattr, importlib...) anywhere in the file counts too.
    """
    source = learner.source
    code = learner.code(function)
    for node in code.walk():
        name = _autograd_name(node)
        if name:
            expect.unmet(f"{function}()", tr("this exercise works the derivative out by hand, and this uses "
                                             "{name}, which is autograd.", name=name), node, code)
    hiding = [f for f in source.tampering if f.kind in HIDING]
    if hiding:
        finding = hiding[0]
        expect.unmet(f"{function}()", tr("the grader can only confirm work done by hand in a file that keeps to "
                                         "plain Python and torch arithmetic, and this one does not ({reason}).",
                                         reason=finding.explain()) + "\n" + tr("  line {line}: {code}",
                                                                               line=finding.line, code=finding.code))
    for call in code.walk():
        if isinstance(call, ast.Call) and not _arithmetic(code, call):
            expect.unmet(f"{function}()", tr("work by hand means arithmetic on a and b, and this calls {name}.",
                                             name=dotted(call.func)), call, code)


def _arithmetic(code, call: ast.Call) -> bool:
    """The call is the file's own function, torch's arithmetic, a builtin from the list, or an arithmetic method
    of a value the function computed (a.pow(2)); not OPS.mul for an OPS the file filled, nor torch.jit's."""
    kind, name = code.callee(call)
    if kind == "own":
        return True
    if kind == "library":
        return name.split(".")[0] == "torch" and name.count(".") == 1 and name.split(".")[-1] in ARITHMETIC
    return kind in ("method", "builtin") and name in ARITHMETIC


def _autograd_name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute) and node.attr in AUTOGRAD:
        return dotted(node)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" and \
            len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value in AUTOGRAD:
        return f"getattr(..., {node.args[1].value!r})"
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        names += [alias.name for alias in node.names]
        for name in names:
            if set(name.split(".")) & AUTOGRAD:
                return name
    return ""


@pytest.mark.points(3)
@pytest.mark.measures("dq_da")
def test_dq_da(learner, rng):
    """dq_da(a, b) follows the power rule, on the tutorial's numbers and on random ones"""
    _check(learner, rng, "dq_da", 0, _da_mistakes)


@pytest.mark.points(3)
@pytest.mark.measures("dq_db")
def test_dq_db(learner, rng):
    """dq_db(a, b) follows the power rule, on the tutorial's numbers and on random ones"""
    _check(learner, rng, "dq_db", 1, _db_mistakes)


def _seeded_q(rng: torch.Generator) -> tuple[int, int, int, int]:
    """Q = c a^n + d b^m: coefficients from -5..5 without 0, powers 2..5, all drawn from the run's seed (the
    learner's own under --seed-from-student), never the tutorial's 3a^3."""
    coefficients = [k for k in range(-5, 6) if k]
    c, d = (coefficients[int(i)] for i in torch.randint(len(coefficients), (2,), generator=rng))
    n, m = (int(p) for p in torch.randint(2, 6, (2,), generator=rng))
    if (c, n) == (3, 3):  # the tutorial's own a-term: its printed answer would pass
        n = 4
    return c, n, d, m


def _general_mistakes(a, b, c, n, d, m):
    return [
        Mistake(9 * a**2, "general-tutorial-answer"),
        Mistake(n * a ** (n - 1), "general-coefficient-dropped"),
        Mistake(c * a ** (n - 1), "general-power-not-brought-down"),
        Mistake(c * n * a**n, "exponent-go-down-power"),
        Mistake(c * n * a ** (n - 2), "power-went-down-two"),
        Mistake(c * n * a ** (n - 1) + d * m * b ** (m - 1), "general-b-term-added"),
        Mistake(c * a**n + d * b**m, "q-itself-derivative"),
    ]


@pytest.mark.points(3)
@pytest.mark.measures("dq_da_general")
def test_dq_da_general(learner, rng):
    """dq_da_general(a, b, c, n, d, m) follows the power rule for coefficients and powers drawn from your seed"""
    for _ in range(2):  # two Qs: one lucky guess of c and n does not pass
        c, n, d, m = _seeded_q(rng)
        a, b = _inputs(rng)
        report = learner.probe(probes.call_changing_arguments, ("dq_da_general",), forbid_autograd=True,
                               label="dq_da_general()", name="dq_da_general", args=(a, b, c, n, d, m))
        a64, b64 = a.double().requires_grad_(), b.double()
        (truth,) = torch.autograd.grad((c * a64**n + d * b64**m).sum(), (a64,))
        what = tr("{call} for Q = {q}", call=f"dq_da_general(a, b, c={c}, n={n}, d={d}, m={m})",
                  q=f"{c}a^{n} + {d}b^{m}")
        expect.close(report["result"], truth, what, _general_mistakes(a, b, c, n, d, m),
                     scale=abs(c * n) * a64.detach().abs() ** (n - 1))
        for name, before, after in zip("ab", (a, b), report["arguments"][:2], strict=True):
            if not (isinstance(after, torch.Tensor) and torch.equal(after, before)):
                raise CheckFailed(tr("{call} changed its argument {name} in place.", call="dq_da_general(a, b)",
                                     name=name) + "\n" + expect.named("place-operation-pow-mul"))
    _by_hand(learner, "dq_da_general")
