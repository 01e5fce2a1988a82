"""Assertions for checks that teach: expected, received, and the named mistake.

Checks compute the truth with torch, then call these helpers. A failure
raises `CheckFailed`, whose text the learner reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch

from autograd_kit.checks import catalogue
from autograd_kit.i18n import tr


class CheckFailed(AssertionError):
    """A wrong answer. The message is written for the learner."""


class NotAsAsked(CheckFailed):
    """The values are right, but the code does not do what the exercise asks (expect.unmet)."""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: the value a buggy reference gives on the same inputs, and the catalogue key
    of the belief behind it (catalogue.py; the running exercise's entry, else the common one)."""

    value: Any
    key: str


def fail(what: str, expected: Any, got: Any, note: str = "") -> None:
    lines = [tr("{what} is wrong.", what=what), tr("  expected: {value}", value=show(expected)),
             tr("  got:      {value}", value=show(got))]
    if note:
        lines.append(note)
    raise CheckFailed("\n".join(lines))


def tensor(got: Any, like: torch.Tensor, what: str) -> torch.Tensor:
    """`got` must be a tensor shaped like `like`; say clearly what it is instead."""
    if isinstance(got, (tuple, list)) and len(got) == 1 and isinstance(got[0], torch.Tensor) \
            and got[0].shape == like.shape:
        raise CheckFailed(tr("{what} should be a tensor of shape {shape}, but it is {got}.", what=what,
                             shape=tuple(like.shape), got=describe(got)) + "\n" + named("one-element-tuple"))
    if isinstance(got, (int, float)) and not isinstance(got, bool) and like.dim() == 0:
        raise CheckFailed(tr("{what} should be a tensor of shape {shape}, but it is {got}.", what=what,
                             shape=tuple(like.shape), got=describe(got)) + "\n" + named("python-number"))
    if not isinstance(got, torch.Tensor):
        raise CheckFailed(tr("{what} should be a tensor of shape {shape}, but it is {got}.",
                             what=what, shape=tuple(like.shape), got=describe(got)))
    if got.shape != like.shape:
        message = tr("{what} should have shape {shape}, but it has shape {got}.",
                     what=what, shape=tuple(like.shape), got=tuple(got.shape))
        key = _shape_mistake(tuple(got.shape), tuple(like.shape))
        if key:
            message += "\n" + named(key)
        elif got.numel() == like.numel():
            message += " " + tr("It has the same number of elements: check for an extra reshape or a missing squeeze.")
        raise CheckFailed(message)
    if not (got.is_floating_point() or got.is_complex()):
        raise CheckFailed(tr("{what} should hold floating-point numbers, but its dtype is {dtype}.",
                             what=what, dtype=got.dtype))
    return got


def _shape_mistake(got: tuple, want: tuple) -> str:
    """The common mistake a wrong shape shows, if it shows one."""
    if want == () and got in ((1,), (1, 1)):
        return "one-element-not-scalar"
    if got == () and len(want) >= 1 and want != (1,):
        return "reduced-too-far"
    if len(want) == 1 and got == (want[0], want[0]) and want[0] > 1:
        return "matrix-not-vector"
    return ""


def items(got: Any, count: int, what: str) -> list:
    """`got` must be a tuple or list of `count` items."""
    if not isinstance(got, (tuple, list)) or len(got) != count:
        raise CheckFailed(tr("{what} should return {count} values (a tuple), but it returned {got}.",
                             what=what, count=count, got=describe(got)))
    return list(got)


def mapping(got: Any, function: str) -> dict:
    """`got`, returned by FUNCTION, must be a dict."""
    if not isinstance(got, dict):
        raise CheckFailed(tr("{function} should return a dict, but it returned {got}.", function=function,
                             got=describe(got)))
    return got


def fingerprints(got: Any, want: dict, what: str, rtol: float = 1e-3) -> list[str]:
    """Names whose fingerprints differ; raises if `got` is not even a mapping."""
    from autograd_kit.checks import fingerprint

    if not isinstance(got, dict):
        raise CheckFailed(tr("{what}: expected one entry per parameter, got {got}.", what=what, got=describe(got)))
    return [name for name, fp in want.items() if fingerprint.mismatch(fp, got.get(name), rtol=rtol)]


def close(got: Any, want: torch.Tensor, what: str, mistakes: Sequence[Mistake] = (), *, ulps: float = 64,
          scale: torch.Tensor | None = None, scaled: bool = False) -> None:
    """Compare with the truth, within what float32 rounding explains; on failure name the first matching mistake.

    The learner computes in float32, each operation rounding to within half an
    ulp (eps relative) of its result. Element i may differ from the truth by
    ULPS * eps * (scale_i + max(scale)): relative to its own size, and to the
    largest element, since sums and matrix products carry the rounding of their
    biggest terms into the small ones. SCALE is |want| unless the computation's
    terms are bigger than its result (3a^3 - b^2 with both terms large), and ULPS
    grows with the number of operations between the inputs and the result.

    scaled=True also recognises an answer that is k times the truth (k = 2..5)
    or its negative, the marks of accumulated gradients and dropped signs.
    """
    got = tensor(got, want, what)
    # The coarser of the two precisions: float32 work is judged by float32 rounding, float64 by float64's.
    eps = max(float(torch.finfo(got.dtype).eps), float(torch.finfo(want.dtype).eps)) if want.is_floating_point() \
        else float(torch.finfo(got.dtype).eps)
    got64, want64 = got.detach().to(torch.float64), want.detach().to(torch.float64)
    size = want64.abs() if scale is None else scale.detach().to(torch.float64).abs().expand_as(want64)
    if within(got64, want64, size, ulps * eps):
        return
    _heat_map(got64, want64, size, ulps * eps)
    # A mistake's value is judged at its own size, or at the computation's where SCALE gives one: the truth's
    # size would let 1 pass for 2 beside a truth of 131072.
    mistake_size = None if scale is None else size
    fail(what, want64, got64, _diagnose(got64, want64, mistakes, size, ulps * eps, scaled, mistake_size))


VECTOR_EXERCISES = ("05_vector_backward", "14_autograd_grad", "19_higher_order")


def _heat_map(got: torch.Tensor, want: torch.Tensor, size: torch.Tensor, relative: float) -> None:
    """For a vector exercise, the learner's gradient against the truth's, wrong entries marked (figures.py)."""
    from autograd_kit.checks import trace_rules
    from autograd_kit.report import figures

    if catalogue.current_exercise.get() not in VECTOR_EXERCISES or got.shape != want.shape:
        return
    peak = float(size.max()) if size.numel() else 0.0
    wrong = ~((got - want).abs() <= relative * (size + peak))
    figure = figures.heatmap_figure(got, want, wrong)
    if figure is not None:
        trace_rules.current().figure = figure


def graph_truth(tensor: torch.Tensor) -> None:
    """The judge's own result for what the running check compares: drawn beside the learner's graph if it fails."""
    from autograd_kit.checks import trace_rules
    from autograd_kit.report import figures

    observed = trace_rules._observed.get()
    if observed is not None:
        observed.truth_graph = figures.graph_of_tensor(tensor)


def within(got: torch.Tensor, want: torch.Tensor, size: torch.Tensor, relative: float) -> bool:
    """Whether GOT is WANT up to rounding of RELATIVE size (ulps * eps, see close); NaN never matches."""
    if got.shape != want.shape:
        return False
    peak = float(size.max()) if size.numel() else 0.0
    tolerance = relative * (size + peak)
    return bool(((got - want).abs() <= tolerance).all())


def _diagnose(got: torch.Tensor, want: torch.Tensor, mistakes: Sequence[Mistake], size: torch.Tensor,
              relative: float, scaled: bool, mistake_size: torch.Tensor | None = None) -> str:
    fits: list[str] = []
    for mistake in mistakes:
        value = torch.as_tensor(mistake.value, dtype=torch.float64)
        own = value.abs() if mistake_size is None or mistake_size.shape != value.shape \
            else torch.maximum(value.abs(), mistake_size)
        if value.shape == got.shape and within(got, value, own, relative) \
                and mistake.key not in fits:
            fits.append(mistake.key)
    if fits:
        return probably(fits) if len(fits) > 1 else named(fits[0])
    if scaled and want.abs().max() > 0:
        if within(got, -want, size, relative):
            return named("sign-flipped")
        for k in range(2, 6):
            if within(got, k * want, k * size, relative):
                return named("accumulated-k-times", k=k)
    factor = _constant_factor(got, want, size, relative)
    if factor is not None:
        return named("constant-factor", factor=f"{factor:.4g}")
    return ""


def _constant_factor(got: torch.Tensor, want: torch.Tensor, size: torch.Tensor, relative: float) -> float | None:
    """The c for which GOT is c times WANT, element by element, when there is one (and it is not 1 or 0)."""
    nonzero = want.abs() > 1e-6 * max(float(want.abs().max()), 1e-30)
    if want.numel() < 2 or int(nonzero.sum()) < 2 or got.shape != want.shape:
        return None
    factor = float((got[nonzero] / want[nonzero]).median())
    if abs(factor) < 1e-6 or abs(factor - 1) < 1e-3:
        return None
    return factor if within(got, factor * want, abs(factor) * size, relative * 4) else None


def named(key: str, **values: Any) -> str:
    """The line that names a misconception: "Mistake: " and the catalogue entry KEY's message.

    Where what the code did shows that KEY's advice does not apply (its `refuted_by`, trace_rules.py), the
    entry in its place is named, or, with none, only that no known mistake fits.
    """
    from autograd_kit.checks import diagnosis, trace_rules

    entry = catalogue.lookup(key)
    replacement = diagnosis.instead_of(entry, trace_rules.current())
    if replacement is None:
        return tr("No known mistake fits what the code did here: compare what was expected with what came back.")
    if replacement is not False:
        return diagnosis.explain(replacement)
    catalogue.remember(entry)
    return tr("Mistake: {explanation}", explanation=entry.text(**values))


def probably(keys: Sequence[str]) -> str:
    """The answer fits several mistakes: say so, rather than guess one."""
    entries = [catalogue.lookup(key) for key in keys]
    for entry in entries:
        catalogue.remember(entry)
    return "\n".join([tr("Probably one of these mistakes (the answer fits each of them):")]
                     + [f"  - {entry.text()}" for entry in entries])


def equal(got: Any, want: Any, what: str, note: str = "") -> None:
    if type(got) is not type(want) or got != want:
        fail(what, want, got, note)


def show(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        flat = value.detach().reshape(-1)
        if flat.numel() <= 8:
            body = ", ".join(_number(v) for v in flat)
            return f"tensor([{body}])" if value.dim() else f"tensor({body})"
        head = ", ".join(_number(v) for v in flat[:4])
        return tr("tensor of shape {shape}: [{head}, ...]", shape=tuple(value.shape), head=head)
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


def _number(value: torch.Tensor) -> str:
    text = f"{float(value):.6g}"
    return text + "." if text.lstrip("-").isdigit() else text


def describe(value: Any) -> str:
    if value is None:
        return tr("None (did the function forget to return?)")
    if isinstance(value, torch.Tensor):
        return tr("a tensor of shape {shape}", shape=tuple(value.shape))
    return tr("a {kind}: {value}", kind=type(value).__name__, value=show(value))


def grad_left(got: Any, want: torch.Tensor, name: str, call: str, **options: Any) -> None:
    """The argument NAME's .grad after CALL: backward() fills it, a formula worked out by hand does not."""
    if got is None:
        catalogue.remember(catalogue.lookup("grad-not-filled"))
        raise CheckFailed(tr("{name}.grad is None after {call}: this exercise reads the gradient from "
                             "{name}.grad, which only backward() fills (a formula, or torch.autograd.grad, leaves "
                             "it None).", name=name, call=call))
    close(got, want, tr("{name}.grad after {call}", name=name, call=call), **options)


def untrusted(findings: Sequence[Any], shown_path: str) -> str:
    """Why a check that reads facts from the learner's process gives this file no points (tampering.Finding)."""
    lines = [tr("This check reads what your code left behind in its own process, and this file reaches past its "
                "own objects (into the grader, Python's internals or torch's classes), so that could say anything:")]
    for finding in findings[:3]:
        lines.append(tr("  {file}:{line}: {code}  ({reason})", file=shown_path, line=finding.line,
                        code=finding.code, reason=finding.explain()))
    if len(findings) > 3:
        lines.append(tr("  ... and {count} more places.", count=len(findings) - 3))
    lines.append(tr("Exercises need only torch and plain Python; remove these lines and grade again."))
    return "\n".join(lines)


def unmet(function: str, requirement: str, node: Any = None, code: Any = None) -> None:
    """FUNCTION's values are right, but it does not do what the exercise asks (REQUIREMENT, translated)."""
    message = tr("{function} gives the right values, but not the way this exercise asks: {requirement}",
                 function=function, requirement=requirement)
    if node is not None and code is not None:
        message += "\n" + tr("  line {line}: {code}", line=getattr(node, "lineno", "?"), code=code.source.line(node))
    raise NotAsAsked(message)
