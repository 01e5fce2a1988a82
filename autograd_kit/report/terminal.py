"""Show a grade to a person, with rich (colour on a terminal, plain text in a pipe)."""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from autograd_kit.exercises.manifest import Exercise
from autograd_kit.grading.results import CheckKind, CheckResult, ExerciseResult, Grade, Status
from autograd_kit.i18n import exercise_text, t
from autograd_kit.report.untrusted import clean
from autograd_kit.sandbox.kernel import confinement

COLOUR = {
    Status.PASSED: "green",
    Status.FAILED: "red",
    Status.NOT_STARTED: "dim",
    Status.ERROR: "magenta",
    Status.TIMEOUT: "yellow",
    Status.CRASHED: "magenta",
}


def status_label(status: Status) -> tuple[str, str]:
    """The words for a status in the learner's language, and their colour."""
    return t(f"status.{status.value}"), COLOUR[status]


def console(file: IO[str] | None = None, width: int | None = None, terminal: bool | None = None) -> Console:
    """The learner's console: stdout unless FILE; TERMINAL forces the terminal behaviour (tests)."""
    if os.environ.get("NO_COLOR"):
        # https://no-color.org: plain text, whatever else asks for a terminal (FORCE_COLOR)
        out = Console(file=file, width=width, highlight=False, force_terminal=False, no_color=True)
    else:
        out = Console(file=file, width=width, highlight=False, force_terminal=terminal)
    # In a pipe or a CI log, long lines stay whole (paths, commands); on a terminal,
    # rich wraps them at word boundaries, which reads better than a cut mid-word.
    out.soft_wrap = not out.is_terminal
    return out


def summary(grade: Grade, out: Console, verbose: bool = False) -> None:
    out.print(t("report.grading", target=escape(grade.target), seed=grade.seed))
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column(t("report.column.exercise"))
    table.add_column(t("report.column.status"))
    table.add_column(t("report.column.points"), justify="right")
    for exercise in grade.exercises:
        label, style = status_label(exercise.status)
        table.add_row(exercise.name.split("_", 1)[0], escape(_title(exercise)), Text(label, style=style),
                      f"{_num(exercise.points)}/{_num(exercise.max_points)}")
    out.print(table)
    out.print(t("report.score", points=_num(grade.points), max_points=_num(grade.max_points), percent=grade.percent))
    upcoming = grade.next_exercise()
    if upcoming is None:
        out.print(t("report.all_pass"))
    else:
        out.print()
        details(upcoming, grade, out, only_failures=True)
    sandbox(grade, out, verbose)


def sandbox(grade: Grade, out: Console, verbose: bool = False) -> None:
    """The footer: which of the kernel's layers kept the learner's code in its box (confinement.py). A learner
    gets one short line; --verbose gives every layer with its detail, as the instructors' formats always do."""
    if grade.isolation and verbose:
        out.print(t("report.sandbox", layers=escape(confinement.summary(grade.isolation))))
    elif grade.isolation:
        out.print(sandbox_line(grade.isolation))
    if grade.judge_cpu_limit_s:
        out.print(t("report.judge_cpu", seconds=grade.judge_cpu_s, limit=grade.judge_cpu_limit_s))


def sandbox_line(isolation: dict[str, str]) -> str:
    """"Sandbox: on (6 layers)", or "Sandbox: partial: namespaces unavailable (why)", in the learner's language."""
    brief = confinement.brief(isolation)
    if brief is None:
        return t("report.sandbox_none")
    if not brief.missing:
        return t("report.sandbox_on", count=brief.active)
    key = "report.sandbox_partial" if brief.active else "report.sandbox_off"
    return t(key, layers=", ".join(brief.missing), why=escape(brief.why))


def details(exercise: ExerciseResult, grade: Grade, out: Console, only_failures: bool = False,
            next_steps: bool = True) -> None:
    """Every check of one exercise (or, with only_failures, the first few that fail).

    next_steps=False leaves out "run python grader.py NN", for watch mode, where saving is enough.
    """
    label, style = status_label(exercise.status)
    heading = t("report.next_up") if only_failures else t("report.exercise")
    points = t("report.points", points=_num(exercise.points), max_points=_num(exercise.max_points))
    out.print(f"[bold]{heading}: {exercise.name}[/] - {escape(_title(exercise))}  [{style}]{label}[/]  {points}")
    out.print(t("report.concept", concept=escape(exercise_text(exercise.name, "concept", exercise.concept))))
    if only_failures and exercise.status is Status.NOT_STARTED:
        out.print(t("report.not_started", path=f"{escape(grade.target)}/{exercise.name}.py"))
        if next_steps:
            _next_steps(exercise, grade, out)
        return
    untouched = exercise.status is Status.NOT_STARTED
    shown, seen = 0, set()
    waiting: list[str] = []  # functions not started yet, named once below the checks
    for check in exercise.checks:
        if only_failures and check.passed:
            continue
        if only_failures and shown >= 3:
            out.print(t("report.more_checks", number=exercise.name.split("_")[0]))
            break
        if check.kind is CheckKind.NOT_STARTED:
            _check(check, out, with_message=False)
            if check.function and check.function not in waiting:
                waiting.append(check.function)
        else:
            # A message that several checks share (a syntax error, a crash at import) is shown once.
            _check(check, out, with_message=not untouched, repeated=check.message in seen)
            seen.add(check.message)
        shown += 1
    path = f"{escape(grade.target)}/{exercise.name}.py"
    if untouched:
        # One explanation for the whole file, not the same "not started" under every check.
        out.print(t("report.not_started", path=path))
    elif waiting:
        out.print(t("report.functions_not_started", functions=escape(", ".join(f"{f}()" for f in waiting)), path=path))
    if exercise.status is not Status.PASSED and exercise.status is not Status.NOT_STARTED:
        _links(exercise, out)
    if next_steps:
        _next_steps(exercise, grade, out)


def _links(exercise: ExerciseResult, out: Console) -> None:
    """Where to read about the exercise's idea, and about each mistake that has a page of its own."""
    for link in reading_list(exercise.name, [m for check in exercise.checks for m in check.mistakes]):
        out.print(t("report.read", link=link))


def reading_list(exercise_name: str, mistake_ids: list[str]) -> list[str]:
    """The pages of the named mistakes that have their own, then the exercise's: three at most."""
    from autograd_kit.checks import catalogue
    from autograd_kit.exercises.manifest import find_exercise

    links = []
    for mistake_id in mistake_ids:
        entry = catalogue.by_id(mistake_id)
        if entry is not None and entry.link and entry.link not in links:
            links.append(entry.link)
    general = find_exercise(exercise_name).link
    if general and general not in links:
        links.append(general)
    return links[:3]


def _next_steps(exercise: ExerciseResult, grade: Grade, out: Console) -> None:
    if exercise.status is Status.PASSED:
        following = next_exercise_after(exercise.name)
        if following is None:
            out.print(t("report.last_exercise_passed"))
        else:
            out.print(t("report.next_exercise", path=f"{escape(grade.target)}/{following.filename}",
                        number=following.number, title=escape(exercise_text(following.name, "title", following.title))))
        return
    number = exercise.name.split("_", 1)[0]
    out.print(t("report.open_then_run", path=f"{escape(grade.target)}/{exercise.name}.py", number=number))
    out.print(t("report.same_seed", seed=grade.seed))


def next_exercise_after(name: str) -> Exercise | None:
    from autograd_kit.exercises.manifest import load_exercises

    names = [e.name for e in load_exercises()]
    index = names.index(name) + 1 if name in names else len(names)
    return load_exercises()[index] if index < len(names) else None


def _check(check: CheckResult, out: Console, with_message: bool = True, repeated: bool = False) -> None:
    mark = "[green]✔[/]" if check.passed else "[red]✘[/]"
    out.print(f"  {mark} {escape(check.description)} [dim]({_num(check.points)}/{_num(check.max_points)})[/]")
    if repeated and check.message and with_message:
        out.print(t("report.same_as_above"))
    elif check.message and with_message:
        for line in clean(check.message).splitlines():  # Text, never markup: a learner's [red] stays as typed
            _indented(line, out)
    if check.output.strip() and not check.passed:
        out.print(t("report.printed"))
        for line in clean(check.output).strip().splitlines()[:20]:
            _indented(f"| {line}", out, style="dim")


def _indented(line: str, out: Console, indent: int = 6, style: str = "") -> None:
    """A feedback line under its check. On a terminal, rich wraps it at word boundaries
    under the indent (Korean included); elsewhere it stays one line, whole in logs."""
    if out.is_terminal:
        out.print(Padding(Text(line, style=style), (0, 0, 0, indent)), soft_wrap=False)
    else:
        out.print(Text(" " * indent + line, style=style))


def _num(value: float) -> str:
    return f"{value:g}"


def _title(exercise: ExerciseResult) -> str:
    return exercise_text(exercise.name, "title", exercise.title)
