"""Learner-facing words for what happened when learner code ran."""

from __future__ import annotations

from autograd_kit.checks import catalogue, diagnosis
from autograd_kit.checks.source import Code
from autograd_kit.grading.results import CheckKind
from autograd_kit.i18n import tr
from autograd_kit.sandbox.calls import CallOutcome


def describe(outcome: CallOutcome, function: str, exercise_file: str, exercise: str = catalogue.COMMON,
             code: Code | None = None, lines: list[str] | None = None) -> str:
    """What happened, for the learner; a raised error is explained from EXERCISE's catalogue (CODE is the
    judge's parse of the function that was called, for entries that need to see the source)."""
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
        found = diagnosis.for_syntax(line, lines or [])
        return (tr("SyntaxError in {file}:{line}: {message}", file=exercise_file, line=line, message=message)
                + f"{pointer}\n" + tr("Python could not read the file, so none of its checks ran.")
                + (f"\n{diagnosis.explain(found)}" if found else ""))
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
    if kind == CheckKind.GRADER_ERROR and error.get("infrastructure"):
        return tr("The grader could not run {function}: {reason}. This is not a problem in your code, and it is "
                  "not saved as your result.", function=function, reason=message)
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
        text = tr("{function} returned something the judge cannot accept: {reason}. "
                  "Return tensors, numbers, strings, lists, tuples or dicts.", function=function, reason=message)
        found = diagnosis.for_error(exercise, function.removesuffix("()"), "BadReturn", message, code, outcome.trace)
        return f"{text}\n{diagnosis.explain(found)}" if found else text
    if error.get("type") == "MissingFunction" and exercise_file.endswith(".ipynb"):
        # A notebook's module holds what its cells defined when they ran: "the file" means nothing there.
        return tr("{function} is not defined by any cell that has run: write it in its cell, with that name, "
                  "run the cell, then check again.", function=function)
    text = tr("{function} raised {error}: {message}{where}", function=function,
              error=error.get("type", "Exception"), message=message, where=where)
    if not where and error.get("type") != "MissingFunction":
        text += "\n" + tr("  (not in your file: it happened where your function's result was used)")
    frames = error.get("frames") or []
    frame_line = frames[-1].get("line") if frames and isinstance(frames[-1].get("line"), int) else None
    found = diagnosis.for_error(exercise, function.removesuffix("()"), error.get("type", ""), message, code,
                                outcome.trace, frame_line)
    return f"{text}\n{diagnosis.explain(found)}" if found else text


def _where(error: dict, exercise_file: str) -> str:
    frames = error.get("frames") or []
    if not frames:
        return ""
    last = frames[-1]
    return "\n" + tr("  at {file}:{line} in {function}: {code}", file=exercise_file, line=last.get("line"),
                     function=last.get("function"), code=last.get("code", ""))
