"""feedback/STUDENT.md and .html: what a batch hands back to each student.

The text is what the learner would have seen in the terminal after `python
grader.py` (terminal.summary, the same renderer and wording), at the batch's
feedback level (feedback_levels.py), then every other exercise that did not
pass (but those not started), as `python grader.py NN` shows it. A header names the seed that
reproduces the grade and the level. The batch has already replaced the
grading machine's paths with the student's own (batch.py), so no absolute
path of the instructor's machine reaches a student.
"""

from __future__ import annotations

import html
import io

from autograd_kit.grading.results import Grade, Status
from autograd_kit.i18n import t
from autograd_kit.report import feedback_levels, terminal

WIDTH = 100  # characters per line: wide enough for the summary table, narrow enough to read in a browser


def terminal_text(grade: Grade, level: str, styled: bool = False):
    """The terminal report of GRADE at LEVEL; with STYLED, the rich Console that recorded it (for HTML)."""
    shown = feedback_levels.apply(grade, level)
    out = terminal.console(file=io.StringIO(), width=WIDTH, terminal=False)
    out.record = True
    out.no_color = not styled
    terminal.summary(shown, out)
    upcoming = shown.next_exercise()
    for exercise in shown.exercises:
        # Not started says only that, in the table already; every other unfinished exercise, in full.
        if exercise.status not in (Status.PASSED, Status.NOT_STARTED) and exercise is not upcoming:
            out.print()
            terminal.details(exercise, shown, out)  # as `python grader.py NN` shows it
    return out if styled else out.export_text(styles=False)


def header_lines(student: str, grade: Grade, level: str, shown_id: str | None = None) -> list[str]:
    return [t("feedback.file.title", student=student if shown_id is None else shown_id),
            t("feedback.file.seed", seed=grade.seed),
            t("feedback.file.level", level=t(f"feedback.level.{level}"))]


def markdown(student: str, grade: Grade, level: str) -> str:
    """The feedback as Markdown: the header as text, the terminal report in a fenced block, as printed."""
    title, *rest = header_lines(student, grade, level, shown_id=_markdown_text(student))
    body = terminal_text(grade, level).rstrip("\n")
    fence = "`" * max(3, _longest_backtick_run(body) + 1)  # a learner's message cannot close the block
    return "\n".join([f"# {title}", "", *(f"{line}  " for line in rest), "",
                      fence + "text", body, fence, ""])


def html_page(student: str, grade: Grade, level: str) -> str:
    """The same feedback as one self-contained HTML page (rich's own export, with its colours)."""
    title, *rest = header_lines(student, grade, level)
    recorded = terminal_text(grade, level, styled=True)
    report = recorded.export_html(inline_styles=True, code_format="<pre class=\"report\"><code>{code}</code></pre>")
    lines = "".join(f"<p>{html.escape(line)}</p>\n" for line in rest)
    return (f"<!DOCTYPE html>\n<html lang=\"{_language()}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>body {{ font: 15px/1.45 system-ui, sans-serif; "
            f"max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; color: #1b1b1b; }} pre.report {{ "
            f"font: 13px/1.4 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; "
            f"background: #fafafa; border: 1px solid #ddd; padding: .8rem; }}</style>\n</head>\n<body>\n"
            f"<h1>{html.escape(title)}</h1>\n{lines}<main>{report}</main>\n</body>\n</html>\n")


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for character in text:
        run = run + 1 if character == "`" else 0
        longest = max(longest, run)
    return longest


def _markdown_text(text: str) -> str:
    """TEXT as Markdown shows it: no character of a student id starts markup."""
    return "".join("\\" + c if c in "\\`*_{}[]<>()#+-.!|~" else c for c in text)


def _language() -> str:
    from autograd_kit import i18n

    return i18n.current()
