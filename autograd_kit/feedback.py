"""Learner-facing words for what happened when learner code ran."""

from __future__ import annotations

from autograd_kit.results import CheckKind
from autograd_kit.sandbox import CallOutcome

# Known error messages from torch, and what a learner should do about them.
TORCH_HINTS = {
    "Trying to backward through the graph a second time": (
        "The graph is freed after backward(). Build the output again (run the forward pass) before each "
        "backward(), or keep the graph for one more pass with backward(retain_graph=True)."
    ),
    "does not require grad and does not have a grad_fn": (
        "backward() needs a result that depends on tensors with requires_grad=True, set before the computation. "
        "(Differentiating a gradient again? Compute the first one with create_graph=True.)"
    ),
    "grad can be implicitly created only for scalar outputs": (
        "The output is not a scalar: reduce it (sum, mean) or pass backward(gradient=...) a tensor shaped like the output."
    ),
    "optimizer got an empty parameter list": (
        "The optimizer found no parameters to train. Did you freeze the new layer too, or pass a list that was used up?"
    ),
    "must not use autograd": (
        "Work this derivative out on paper with the power rule and write the formula; autograd is what the check compares against."
    ),
    "appears to not have been used in the graph": (
        "An input does not affect the output. Pass allow_unused=True to get None for it, or materialize_grads=True "
        "to get zeros."
    ),
    "Inference tensors cannot be saved for backward": (
        "A tensor made under torch.inference_mode() cannot enter autograd: clone() it outside the mode first, "
        "or compute it under torch.no_grad() instead."
    ),
    "Inplace update to inference tensor outside InferenceMode": (
        "An inference tensor can only be changed in place inside inference_mode: clone() it first."
    ),
    "modified by an inplace operation": (
        "A tensor autograd saved for backward was changed in place. Write the out-of-place version "
        "(y = y * 2 instead of y.mul_(2) or y *= 2)."
    ),
    "a leaf Variable that requires grad is being used in an in-place operation": (
        "A weight that requires grad can only be changed in place outside the graph: do it under torch.no_grad()."
    ),
}


def describe(outcome: CallOutcome, function: str, exercise_file: str) -> str:
    error = outcome.error
    kind = outcome.kind
    where = _where(error, exercise_file)
    if kind == CheckKind.NOT_STARTED and error.get("missing"):
        return f"Not started: there is no file {exercise_file}."
    if kind == CheckKind.NOT_STARTED:
        return (f"Not started: {function} still raises NotImplementedError. "
                f"Replace the TODO in {exercise_file} with your code.")
    if kind == CheckKind.SYNTAX_ERROR:
        line, column = error.get("line"), error.get("column") or 1
        code = error.get("code", "")
        pointer = f"\n    {code}\n    {' ' * max(column - 1, 0)}^" if code else ""
        return f"SyntaxError in {exercise_file}:{line}: {error.get('message', '')}{pointer}\nPython could not read the file, so none of its checks ran."
    if kind == CheckKind.IMPORT_ERROR and error.get("type") == "RejectedFile":
        return f"{error.get('message', '').rstrip('.')}. None of its checks ran."
    if kind == CheckKind.IMPORT_ERROR:
        if error.get("message", "").startswith("no answer"):
            return f"Importing {exercise_file} did not finish: code at the top level of the file runs forever."
        return (f"Importing {exercise_file} failed with {error.get('type', 'an error')}: {error.get('message', '')}{where}\n"
                "Code at the top level of the file runs on import; keep work inside the functions.")
    if kind == CheckKind.TIMEOUT:
        if error.get("at_import"):
            return f"Importing {exercise_file} did not finish in time: code at the top level of the file never ends."
        return f"{function} did not finish in time ({error.get('message', '')}). Look for a loop that never ends."
    if error.get("at_import") and kind in (CheckKind.EXITED, CheckKind.CRASHED, CheckKind.MEMORY):
        # The file never finished importing, so no function of it ran.
        function = f"Importing {exercise_file} (its top-level code)"
    if kind == CheckKind.EXITED:
        return (f"{function} ended the process ({error.get('message', '')}){where}\n"
                "Do not call sys.exit(), exit() or os._exit() in an exercise; return a value instead.")
    if kind == CheckKind.CRASHED:
        return f"{function} crashed the process: {error.get('message', '')}{where}"
    if kind == CheckKind.MEMORY:
        return f"{function} ran out of memory ({error.get('type', '')}: {error.get('message', '')[:200]}){where}"
    if kind == CheckKind.BAD_RETURN:
        return (f"{function} returned something the judge cannot accept: {error.get('message', '')}. "
                "Return tensors, numbers, strings, lists, tuples or dicts.")
    message = f"{function} raised {error.get('type', 'an error')}: {error.get('message', '')}{where}"
    if not where and error.get("type") != "MissingFunction":
        message += "\n  (not in your file: it happened where your function's result was used)"
    hint = next((h for marker, h in TORCH_HINTS.items() if marker in error.get("message", "")), None)
    return f"{message}\n{hint}" if hint else message


def _where(error: dict, exercise_file: str) -> str:
    frames = error.get("frames") or []
    if not frames:
        return ""
    last = frames[-1]
    return f"\n  at {exercise_file}:{last.get('line')} in {last.get('function')}: {last.get('code', '')}"
