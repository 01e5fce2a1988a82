"""How much of a failed check a learner is shown: `--feedback full | actual | none`.

- full: the check's whole message (expected, got, the named mistake).
- actual: what the learner's code gave and the named mistake, never the expected value.
- none: the check and its status.

The level is applied to the result model before any format renders it, so every format and the terminal
show the same thing. It is structural: at `actual` a wrong answer's text is rebuilt from parts that cannot
hold the truth (its kind, the "got" line `expect.fail` writes, the catalogue's explanation of each named
mistake with its values left out), never by deleting words from the full message. Messages about the
learner's own code failing (raised, hung, crashed) hold no expected value and are kept.
"""

from __future__ import annotations

import copy

from autograd_kit.checks import catalogue
from autograd_kit.grading.results import CheckKind, CheckResult, Grade
from autograd_kit.i18n import tr

LEVELS = ("full", "actual", "none")

# The kit's own failures: their text may quote what the check computed, so `actual` does not show it.
KIT_FAILURES = {CheckKind.GRADER_ERROR, CheckKind.CHECK_ERROR, CheckKind.DID_NOT_REPORT}
# A wrong answer: the message compares with the truth.
COMPARED = {CheckKind.WRONG, CheckKind.BAD_RETURN}


def apply(grade: Grade, level: str) -> Grade:
    """A copy of GRADE whose checks say no more than LEVEL allows (GRADE itself is left as it is)."""
    if level not in LEVELS:
        raise ValueError(f"unknown feedback level {level!r}: one of {', '.join(LEVELS)}")
    if level == "full":
        return grade
    shown = copy.deepcopy(grade)
    for exercise in shown.exercises:
        for check in exercise.checks:
            if not check.passed:
                check.message = message_at(check, level)
                if level == "none":
                    check.output = ""
    return shown


def message_at(check: CheckResult, level: str) -> str:
    """CHECK's message at LEVEL (full: as the check wrote it)."""
    if level == "full":
        return check.message
    status = status_words(check.kind)
    if level == "none":
        return status
    if check.kind in KIT_FAILURES:
        return tr("{status}: the grader could not finish this check. This is not a problem in your code.",
                  status=status)
    if check.kind not in COMPARED:
        return check.message  # the learner's own code raised, hung, crashed or was not started
    lines = [status] + _lines_of(check.message, ("{what} is wrong.", "what"), ("  got:      {value}", "value"))
    for mistake in check.mistakes:
        entry = catalogue.by_id(mistake)
        # The belief in words (its values left out), as the full message words it; never the id's slug.
        named = (entry.explanation() or entry.title_text()) if entry is not None else mistake.rpartition("/")[2]
        lines.append(tr("Mistake: {name}", name=named))
    return "\n".join(lines)


def _lines_of(message: str, *templates: tuple[str, str]) -> list[str]:
    """The lines of MESSAGE that `expect.fail` wrote from TEMPLATES (in this language): what was checked, on
    which inputs, and what the code returned. Only these are kept; the expected value has a line of its own."""
    kept = []
    for template, field in templates:
        before, _, after = tr(template, **{field: "\0"}).partition("\0")
        kept += [line for line in message.splitlines()[:3]
                 if line.startswith(before) and line.endswith(after) and len(line) > len(before + after)]
    return kept[:2]


def status_words(kind: CheckKind) -> str:
    words = {
        CheckKind.WRONG: tr("Wrong answer"), CheckKind.BAD_RETURN: tr("Returned a value the judge cannot accept"),
        CheckKind.NOT_STARTED: tr("Not started"), CheckKind.RAISED: tr("Your code raised an error"),
        CheckKind.SYNTAX_ERROR: tr("Syntax error"), CheckKind.IMPORT_ERROR: tr("The file could not be imported"),
        CheckKind.TIMEOUT: tr("Did not finish in time"), CheckKind.CRASHED: tr("Crashed"),
        CheckKind.EXITED: tr("Ended the process"), CheckKind.MEMORY: tr("Ran out of memory"),
        CheckKind.NOT_REACHED: tr("Not reached: the whole grade's time ran out"),
    }
    return words.get(kind, tr("Not graded (a problem of the grader, not of your code)"))
