"""Check and hint inside a notebook (Jupyter, JupyterLab, Colab):

    from autograd_kit.notebook import check, hint
    check("04")      # grade exercise 04 from the code of the cells, as they ran
    hint("04")       # one more hint each time

`check` never looks at live kernel objects: it takes the code of the cells from IPython's input history
(the order they ran, the last definition of each name winning; notebook_cells.py), writes it out as the
exercise's module in ./.autograd-kit/notebook/, and grades that with the same grader as the terminal's,
in a process of its own that the kernel keeps for its next checks (check_server.py): the same sandboxed
workers, checks and feedback. Colab
has no notebook file on disk, and none is needed. The result shows as HTML in a notebook, as text elsewhere.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import string
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from autograd_kit import i18n
from autograd_kit.exercises.manifest import KIT_ROOT, Exercise, UnknownExercise, find_exercise, load_exercises
from autograd_kit.report import figures
from autograd_kit.submission.notebook_cells import Module, module_from_cells

WORK_FOLDER = Path(".autograd-kit") / "notebook"
PASS, FAIL = "#2da44e", "#cf222e"  # mid-tones: legible on a light and on a dark background


def check(exercise: str | int, *, seed: int | None = None, lang: str | None = None,
          timeout: float | None = None) -> CheckReport | NotAnExercise:
    """Grade EXERCISE (4, "4", "04", "04_gradients_by_hand") from the cells as they ran in this kernel."""
    language = i18n.choose(lang)
    try:
        found = find_exercise(str(exercise))
    except UnknownExercise:
        return NotAnExercise(exercise)
    cells = _cells_as_they_ran()
    module = module_from_cells((code for _, code in cells), (f"In [{count}]" for count, _ in cells))
    folder = Path.cwd() / WORK_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / found.filename).write_text(module.source, encoding="utf-8")
    job = {"exercise": found.name, "target": str(folder), "seed": None if seed is None else int(seed),
           "lang": language, "timeout": None if timeout is None else float(timeout)}
    answer = _GRADER.ask(job, folder)
    if "error" in answer:
        raise RuntimeError(f"the grader could not grade: {answer['error']}")
    grade = cell_locations(answer["grade"], module, language)
    return CheckReport(found, grade, module.unreadable, nothing_ran=not module.source.strip())


def cell_locations(grade: dict, module: Module, language: str) -> dict:
    """GRADE with each "at 04_x.py:16 in f" of its messages told as the learner sees it: the cell and the line
    within it ("cell In [3], line 12"), not a line of the module check() wrote from the cells."""
    pattern = _location_pattern(language)

    def in_cell(match: re.Match) -> str:
        place = module.locate(int(match["line"]))
        if place is None:
            return match.group(0)
        return i18n.t("notebook.location", cell=place[0], line=place[1], function=match["function"],
                      code=match["code"])

    for exercise in grade["exercises"]:
        for check_ in exercise["checks"]:
            check_["message"] = pattern.sub(in_cell, check_["message"])
    return grade


def _location_pattern(language: str) -> re.Pattern:
    """The traceback location feedback.py writes (its template in LANGUAGE), as a pattern that reads it back."""
    english = "  at {file}:{line} in {function}: {code}"
    template = i18n.feedback_catalog(language).get(english, english)
    fields = {"file": r"(?P<file>\S+?)", "line": r"(?P<line>\d+)", "function": r"(?P<function>\S+?)",
              "code": r"(?P<code>[^\n]*)"}
    parts = [re.escape(text) + (fields[name] if name else "")
             for text, name, _, _ in string.Formatter().parse(template)]
    return re.compile("^" + "".join(parts) + "$", re.MULTILINE)


def hint(exercise: str | int, *, lang: str | None = None) -> HintText | NotAnExercise:
    """The next hint for EXERCISE, as `python grader.py hint NN` gives it (the last check's mistake first)."""
    from rich.console import Console

    from autograd_kit.learner.next_hint import hint as show_hint

    i18n.choose(lang)
    try:
        exercise = find_exercise(str(exercise)).name
    except UnknownExercise:
        return NotAnExercise(exercise)
    buffer = io.StringIO()
    # Plain text into the buffer: in a kernel, rich would otherwise draw straight into the cell's output.
    out = Console(file=buffer, width=100, force_terminal=False, force_jupyter=False, no_color=True, highlight=False,
                  soft_wrap=True)
    (Path.cwd() / WORK_FOLDER).mkdir(parents=True, exist_ok=True)
    show_hint(exercise, Path.cwd() / WORK_FOLDER, out)
    return HintText(buffer.getvalue().strip())


class _Grader:
    """This kernel's grader process (check_server.py), started by the first check and kept for the next ones:
    torch and the forkserver start once, so a check after the first costs about what a `watch` regrade does."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def ask(self, job: dict, folder: Path) -> dict:
        for attempt in range(2):  # a grader that died (killed, out of memory) is started again once
            process = self._running(folder)
            try:
                assert process.stdin is not None and process.stdout is not None
                process.stdin.write(json.dumps(job) + "\n")
                process.stdin.flush()
                line = process.stdout.readline()
            except (BrokenPipeError, OSError):
                line = ""
            if line:
                return json.loads(line)
            process.kill()
            self.process = None
        log = (folder / "grader.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"the grader stopped without an answer; its last words:\n{log}")

    def _running(self, folder: Path) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None:
            # The kit's folder on the path: in Colab it was put on sys.path by hand, which a new process does
            # not see. The grader's own output goes to a log, so that nothing can fill a pipe nobody reads.
            path = os.pathsep.join(filter(None, [str(KIT_ROOT), os.environ.get("PYTHONPATH")]))
            with open(folder / "grader.log", "w", encoding="utf-8") as log:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "autograd_kit.learner.check_server"], stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8",
                    env={**os.environ, "PYTHONPATH": path})
        return self.process


_GRADER = _Grader()


def _cells_as_they_ran() -> list[tuple[int, str]]:
    """(execution count, code) of each cell that ran, in the order it ran: In [n] is IPython's input n."""
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None  # noqa: N806
    shell = get_ipython() if get_ipython else None
    if shell is None:
        raise RuntimeError("check() grades the cells as they ran in a notebook's kernel: run it in Jupyter, "
                           "JupyterLab or Colab. In a terminal, run `python grader.py NN` instead.")
    return [(count, cell) for count, cell in enumerate(shell.history_manager.input_hist_raw) if cell.strip()]


# Monospace, so that "expected:" and "got:" line up; wrapped only between words (Jupyter's own CSS breaks
# output anywhere, mid-word); a value longer than the cell scrolls rather than break.
MONOSPACE = ("font-family: var(--jp-code-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace); "
             "font-size: var(--jp-code-font-size, .9em); white-space: pre-wrap; word-break: normal; "
             "overflow-wrap: normal; overflow-x: auto")
URL = re.compile(r"https?://[^\s<>\"')\]]+")


def linked(text: str) -> str:
    """TEXT as HTML, each web address in it a link (it opens beside the notebook)."""
    parts, last = [], 0
    for match in URL.finditer(text):
        parts.append(html.escape(text[last:match.start()]))
        address = html.escape(match.group(0))
        parts.append(f'<a href="{address}" target="_blank" rel="noopener">{address}</a>')
        last = match.end()
    return "".join(parts) + html.escape(text[last:])


@dataclass
class HintText:
    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f'<pre style="{MONOSPACE}; color: inherit; background: none">{linked(self.text)}</pre>'


@dataclass
class NotAnExercise:
    """check(99): the ids there are, instead of a traceback."""

    asked: object

    def text(self) -> str:
        ids = ", ".join(f'"{e.name[:2]}"' for e in load_exercises())
        return i18n.t("notebook.unknown", asked=repr(self.asked), ids=ids, example=load_exercises()[3].name)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return (f'<div class="autograd-kit-check" style="border-left: 4px solid {FAIL}; padding-left: .5em">'
                f'{html.escape(self.text())}</div>')


@dataclass
class CheckReport:
    """One exercise's grade, as the cell's output: status, points, each check's expected and got, the
    named mistake, the seed, and what to do next."""

    exercise: Exercise
    grade: dict
    unreadable: list[str] = field(default_factory=list)
    nothing_ran: bool = False  # no cell that defines anything has run in this kernel yet

    @property
    def result(self) -> dict:
        return self.grade["exercises"][0]

    @property
    def passed(self) -> bool:
        return self.result["status"] == "passed"

    @property
    def points(self) -> float:
        return self.result["points"]

    def _lines(self, drawn: bool = False) -> list[tuple[str, str]]:
        """(kind, text): the report as lines, which text and HTML each lay out in their own way. DRAWN: a check's
        figure comes as its own ("figure", SVG) line, not as Unicode inside the message."""
        t = i18n.t
        result = self.result
        title = i18n.exercise_text(self.exercise.name, "title", self.exercise.title)
        status = t(f"status.{result['status']}")
        lines = [("title", f"{self.exercise.name[:2]} {title}: {status} · "
                           f"{result['points']:g}/{result['max_points']:g}")]
        if self.nothing_ran:
            lines.append(("note", t("notebook.nothing_ran")))
        for note in self.unreadable:
            lines.append(("note", t("notebook.unreadable", cell=note)))
        said: set[str] = set()
        for check_ in result["checks"]:
            mark = "pass" if check_["passed"] else "fail"
            lines.append((mark, f"{check_['description']} ({check_['points']:g}/{check_['max_points']:g})"))
            message = check_["message"].strip()
            figure = check_.get("figure") or {}
            if drawn and figure:
                message = message.replace(figures.as_text(figure), "").strip()
            if not check_["passed"] and message:
                lines.append(("same" if message in said else "message", message))
                said.add(message)
            if drawn and figure and not check_["passed"]:
                lines.append(("figure", figures.as_svg(figure)))
            if check_["output"].strip() and not check_["passed"]:
                lines.append(("output", t("notebook.printed") + "\n" + check_["output"].strip()[:2000]))
        if result["status"] not in ("passed", "not_started"):
            from autograd_kit.report.terminal import reading_list

            mistakes = [mistake for check_ in result["checks"] for mistake in check_.get("mistakes", [])]
            for link in reading_list(self.exercise.name, mistakes):
                lines.append(("read", t("notebook.read", link=link)))
        lines.append(("next", self._next()))
        lines.append(("seed", t("notebook.seed", seed=self.grade["seed"], number=self.exercise.name[:2])))
        return lines

    def _next(self) -> str:
        t = i18n.t
        number = self.exercise.name[:2]
        if self.passed:
            exercises = load_exercises()
            index = [e.name for e in exercises].index(self.exercise.name)
            if index + 1 == len(exercises):
                return t("notebook.last_passed")
            following = exercises[index + 1]
            return t("notebook.next", number=following.name[:2], notebook=f"{following.name}.ipynb",
                     title=i18n.exercise_text(following.name, "title", following.title))
        if self.result["status"] == "not_started":
            return t("notebook.not_started", number=number)
        return t("notebook.fix", number=number)

    def __repr__(self) -> str:
        marks = {"pass": "✔ ", "fail": "✘ "}
        out = []
        for kind, text in self._lines():
            if kind == "same":
                out.append("    " + i18n.t("notebook.same"))
            elif kind in ("message", "output"):
                out.append("\n".join("    " + line for line in text.splitlines()))
            else:
                out.append(marks.get(kind, "") + text)
        return "\n".join(out)

    def _repr_html_(self) -> str:
        parts = []
        for kind, text in self._lines(drawn=True):
            if kind == "figure":  # SVG drawn by figures.py, every name in it escaped there
                parts.append(f'<div style="margin: .2em 0 .2em 1.4em; overflow-x: auto">{text}</div>')
                continue
            safe = html.escape(text)
            if kind == "title":
                colour = PASS if self.passed else FAIL
                parts.append(f'<div style="font-weight: 600; font-size: 1.1em; margin-bottom: .4em; '
                             f'border-left: 4px solid {colour}; padding-left: .5em">{safe}</div>')
            elif kind in ("pass", "fail"):
                colour, mark = (PASS, "✔") if kind == "pass" else (FAIL, "✘")
                parts.append(f'<div style="margin-top: .3em"><span style="color: {colour}; font-weight: 700">'
                             f'{mark}</span> {safe}</div>')
            elif kind in ("message", "output"):
                parts.append(f'<pre style="{MONOSPACE}; margin: .2em 0 .2em 1.4em; padding: .4em .6em; '
                             f'color: inherit; background: rgba(127, 127, 127, .14); border-radius: 4px">'
                             f'{linked(text)}</pre>')
            elif kind == "read":
                parts.append(f'<div style="margin-top: .3em">{linked(text)}</div>')
            elif kind == "same":
                parts.append(f'<div style="margin-left: 1.4em; opacity: .7">{html.escape(i18n.t("notebook.same"))}'
                             '</div>')
            elif kind == "note":
                parts.append(f'<div style="color: {FAIL}">{safe}</div>')
            elif kind == "next":
                parts.append(f'<div style="margin-top: .6em; font-weight: 600">{safe}</div>')
            else:
                parts.append(f'<div style="margin-top: .3em; opacity: .7; font-size: .9em">{safe}</div>')
        return ('<div class="autograd-kit-check" style="color: inherit; background: transparent; '
                'border: 1px solid rgba(127, 127, 127, .45); border-radius: 6px; padding: .6em .9em; '
                'font-family: var(--jp-ui-font-family, system-ui, sans-serif); line-height: 1.45">'
                + "".join(parts) + "</div>")
