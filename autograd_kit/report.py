"""Show a grade to a person, with rich (colour on a terminal, plain text in a pipe)."""

from __future__ import annotations

import os

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from autograd_kit.results import CheckResult, ExerciseResult, Grade, Status

STYLE = {
    Status.PASSED: ("✔ passed", "green"),
    Status.FAILED: ("✘ failed", "red"),
    Status.NOT_STARTED: ("· not started", "dim"),
    Status.ERROR: ("! error", "magenta"),
    Status.TIMEOUT: ("⏱ timeout", "yellow"),
    Status.CRASHED: ("☠ crashed", "magenta"),
}


def console() -> Console:
    # soft_wrap: long lines are left for the terminal to wrap, never cut up by rich,
    # so paths and commands stay whole in a pipe or a CI log.
    if os.environ.get("NO_COLOR"):
        # https://no-color.org: plain text, whatever else asks for a terminal (FORCE_COLOR)
        return Console(highlight=False, soft_wrap=True, force_terminal=False, no_color=True)
    return Console(highlight=False, soft_wrap=True)


def summary(grade: Grade, out: Console) -> None:
    out.print(f"[bold]autograd-kit[/] grading [cyan]{escape(grade.target)}[/]  ·  seed {grade.seed}")
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Exercise")
    table.add_column("Status")
    table.add_column("Points", justify="right")
    for exercise in grade.exercises:
        label, style = STYLE[exercise.status]
        table.add_row(exercise.name.split("_", 1)[0], exercise.title, Text(label, style=style),
                      f"{_num(exercise.points)}/{_num(exercise.max_points)}")
    out.print(table)
    out.print(f"[bold]Score: {_num(grade.points)}/{_num(grade.max_points)} points ({grade.percent:.0f}%)[/]")
    upcoming = grade.next_exercise()
    if upcoming is None:
        out.print("[green]Every exercise passes. Well done![/]")
        return
    out.print()
    details(upcoming, grade, out, only_failures=True)


def details(exercise: ExerciseResult, grade: Grade, out: Console, only_failures: bool = False,
            next_steps: bool = True) -> None:
    """Every check of one exercise (or, with only_failures, the first few that fail).

    next_steps=False leaves out "run python grader.py NN", for watch mode, where saving is enough.
    """
    label, style = STYLE[exercise.status]
    heading = "Next up" if only_failures else "Exercise"
    out.print(f"[bold]{heading}: {exercise.name}[/] - {escape(exercise.title)}  [{style}]{label}[/]  "
              f"{_num(exercise.points)}/{_num(exercise.max_points)} points")
    out.print(f"[dim]Concept: {escape(exercise.concept)}[/]")
    if only_failures and exercise.status is Status.NOT_STARTED:
        out.print(f"  Not started yet. Read the docstring at the top of {escape(grade.target)}/{exercise.name}.py, "
                  "then replace each TODO with your code.")
        if next_steps:
            _next_steps(exercise, grade, out)
        return
    shown = 0
    for check in exercise.checks:
        if only_failures and check.passed:
            continue
        if only_failures and shown >= 3:
            out.print(f"[dim]... and more: run `python grader.py {exercise.name.split('_')[0]}` for every check.[/]")
            break
        _check(check, out)
        shown += 1
    if next_steps:
        _next_steps(exercise, grade, out)


def _next_steps(exercise: ExerciseResult, grade: Grade, out: Console) -> None:
    if exercise.status is Status.PASSED:
        return
    number = exercise.name.split("_", 1)[0]
    out.print(f"\nOpen [cyan]{escape(grade.target)}/{exercise.name}.py[/], then run [bold]python grader.py {number}[/]")
    out.print(f"[dim]To rerun with the same random inputs, add --seed {grade.seed}.[/]")


def _check(check: CheckResult, out: Console) -> None:
    mark = "[green]✔[/]" if check.passed else "[red]✘[/]"
    out.print(f"  {mark} {escape(check.description)} [dim]({_num(check.points)}/{_num(check.max_points)})[/]")
    if check.message:
        for line in check.message.splitlines():
            out.print(f"      {escape(line)}")
    if check.output.strip() and not check.passed:
        out.print("      [dim]Your code printed:[/]")
        for line in check.output.strip().splitlines()[:20]:
            out.print(f"      [dim]| {escape(line)}[/]")


def _num(value: float) -> str:
    return f"{value:g}"
