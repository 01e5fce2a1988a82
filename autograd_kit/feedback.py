"""Learner-facing words for what happened when learner code ran."""

from __future__ import annotations

from autograd_kit.i18n import tr, tr_later
from autograd_kit.results import CheckKind
from autograd_kit.sandbox import CallOutcome

# Known error messages from torch, and what a learner should do about them.
TORCH_HINTS = {
    "Trying to backward through the graph a second time": tr_later(
        "The graph is freed after backward(). Build the output again (run the forward pass) before each "
        "backward(), or keep the graph for one more pass with backward(retain_graph=True)."
    ),
    "does not require grad and does not have a grad_fn": tr_later(
        "backward() needs a result that depends on tensors with requires_grad=True, set before the computation. "
        "(Differentiating a gradient again? Compute the first one with create_graph=True.)"
    ),
    "grad can be implicitly created only for scalar outputs": tr_later(
        "The output is not a scalar: reduce it (sum, mean) or pass backward(gradient=...) a tensor shaped like the output."
    ),
    "optimizer got an empty parameter list": tr_later(
        "The optimizer found no parameters to train. Did you freeze the new layer too, or pass a list that was used up?"
    ),
    "appears to not have been used in the graph": tr_later(
        "An input does not affect the output. Pass allow_unused=True to get None for it, or materialize_grads=True "
        "to get zeros."
    ),
    "Inference tensors cannot be saved for backward": tr_later(
        "A tensor made under torch.inference_mode() cannot enter autograd: clone() it outside the mode first, "
        "or compute it under torch.no_grad() instead."
    ),
    "Inplace update to inference tensor outside InferenceMode": tr_later(
        "An inference tensor can only be changed in place inside inference_mode: clone() it first."
    ),
    "modified by an inplace operation": tr_later(
        "A tensor autograd saved for backward was changed in place. Write the out-of-place version "
        "(y = y * 2 instead of y.mul_(2) or y *= 2)."
    ),
    "a leaf Variable that requires grad is being used in an in-place operation": tr_later(
        "A weight that requires grad can only be changed in place outside the graph: do it under torch.no_grad()."
    ),
}

# Errors the kit itself raises in the learner's process, by type.
KIT_HINTS = {
    "AutogradUsed": tr_later(
        "Work this derivative out on paper with the power rule and write the formula; autograd is what the check compares against."
    ),
}


def describe(outcome: CallOutcome, function: str, exercise_file: str) -> str:
    error = outcome.error
    kind = outcome.kind
    where = _where(error, exercise_file)
    message = error.get("message", "")
    if kind == CheckKind.NOT_STARTED and error.get("missing"):
        return tr("Not started: there is no file {file}.", file=exercise_file)
    if kind == CheckKind.NOT_STARTED:
        return tr("Not started: {function} still raises NotImplementedError. "
                  "Replace the TODO in {file} with your code.", function=function, file=exercise_file)
    if kind == CheckKind.SYNTAX_ERROR:
        line, column = error.get("line"), error.get("column") or 1
        code = error.get("code", "")
        pointer = f"\n    {code}\n    {' ' * max(column - 1, 0)}^" if code else ""
        return (tr("SyntaxError in {file}:{line}: {message}", file=exercise_file, line=line, message=message)
                + f"{pointer}\n" + tr("Python could not read the file, so none of its checks ran."))
    if kind == CheckKind.IMPORT_ERROR and error.get("type") == "RejectedFile":
        return tr("{reason}. None of its checks ran.", reason=message.rstrip("."))
    if kind == CheckKind.IMPORT_ERROR:
        return tr("Importing {file} failed with {error}: {message}{where}\n"
                  "Code at the top level of the file runs on import; keep work inside the functions.",
                  file=exercise_file, error=error.get("type", "Exception"), message=message, where=where)
    if kind == CheckKind.TIMEOUT:
        if error.get("skipped"):
            return tr("Not run again: {names} did not finish in time in an earlier check.", names=message)
        if error.get("at_import"):
            return tr("Importing {file} did not finish in time, in two tries ({reason}): code at the top level "
                      "of the file never ends.", file=exercise_file, reason=message)
        return tr("{function} did not finish in time, in two tries ({reason}). Look for a loop that never ends.",
                  function=function, reason=message)
    if kind == CheckKind.GRADER_ERROR:
        return tr("The grader could not run {function}: {reason}. This is not a problem in your code; "
                  "grade again.", function=function, reason=message)
    if error.get("at_import") and kind in (CheckKind.EXITED, CheckKind.CRASHED, CheckKind.MEMORY):
        # The file never finished importing, so no function of it ran.
        function = tr("Importing {file} (its top-level code)", file=exercise_file)
    if kind == CheckKind.EXITED:
        return tr("{function} ended the process ({reason}){where}\n"
                  "Do not call sys.exit(), exit() or os._exit() in an exercise; return a value instead.",
                  function=function, reason=message, where=where)
    if kind == CheckKind.CRASHED:
        return tr("{function} crashed the process: {reason}{where}", function=function, reason=message, where=where)
    if kind == CheckKind.MEMORY:
        return tr("{function} ran out of memory ({error}: {reason}){where}",
                  function=function, error=error.get("type", ""), reason=message[:200], where=where)
    if kind == CheckKind.BAD_RETURN:
        return tr("{function} returned something the judge cannot accept: {reason}. "
                  "Return tensors, numbers, strings, lists, tuples or dicts.", function=function, reason=message)
    text = tr("{function} raised {error}: {message}{where}", function=function,
              error=error.get("type", "Exception"), message=message, where=where)
    if not where and error.get("type") != "MissingFunction":
        text += "\n" + tr("  (not in your file: it happened where your function's result was used)")
    hint = KIT_HINTS.get(error.get("type", "")) or next(
        (h for marker, h in TORCH_HINTS.items() if marker in message), None)
    return f"{text}\n{tr(hint)}" if hint else text


def _where(error: dict, exercise_file: str) -> str:
    frames = error.get("frames") or []
    if not frames:
        return ""
    last = frames[-1]
    return "\n" + tr("  at {file}:{line} in {function}: {code}", file=exercise_file, line=last.get("line"),
                     function=last.get("function"), code=last.get("code", ""))
