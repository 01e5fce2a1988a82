"""How a report reads: wrapped between words on a terminal, whole lines in a pipe, "not started" said once."""

import io

import pytest
from rich.cells import cell_len
from rich.text import Text

from autograd_kit import i18n
from autograd_kit.checks import catalogue
from autograd_kit.grading.results import CheckKind, CheckResult, ExerciseResult, Grade, Status
from autograd_kit.report import terminal as report

LONG = ("this is 3a^2, the derivative of a^3 alone: the factor 3 in front of a^3 stays in the derivative, "
        "and the checks compare with autograd on the tutorial's numbers and on random ones")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", "en")
    monkeypatch.delenv("NO_COLOR", raising=False)


def _grade(kind: CheckKind, status: Status, message: str) -> Grade:
    checks = [CheckResult("04_gradients_by_hand", f"test_{i}", f"check number {i}", 3, kind=kind, message=message)
              for i in range(3)]
    return Grade("exercises", 1, [ExerciseResult("04_gradients_by_hand", "Gradients by hand", "the power rule",
                                                 status, checks)])


def _shown(grade: Grade, terminal: bool) -> list[str]:
    buffer = io.StringIO()
    report.details(grade.exercises[0], grade, report.console(file=buffer, width=60, terminal=terminal))
    return [Text.from_ansi(line).plain for line in buffer.getvalue().splitlines()]  # without colour codes


def test_on_a_terminal_feedback_wraps_between_words_under_its_indent():
    lines = _shown(_grade(CheckKind.WRONG, Status.FAILED, LONG), terminal=True)
    assert all(cell_len(line) <= 60 for line in lines)
    feedback = [line for line in lines if line.startswith("      ")]
    assert len(feedback) > 3  # the message took several lines, all indented
    words = " ".join(line.strip() for line in feedback).split()
    assert all(word in words for word in LONG.split())  # no word was cut in two


def test_korean_feedback_wraps_between_words_too(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", "ko")
    korean = catalogue.lookup("3a-2-derivative-3", "04_gradients_by_hand").text()
    assert "도함수" in korean
    message = " ".join([korean] * 3)
    lines = _shown(_grade(CheckKind.WRONG, Status.FAILED, message), terminal=True)
    assert all(cell_len(line) <= 60 for line in lines)  # Hangul is two cells wide
    feedback = " ".join(line.strip() for line in lines if line.startswith("      ")).split()
    # the message whole, no word cut in two; the two checks with the same message refer to it
    assert feedback == message.split() + ["(위와", "같음)"] * 2


def test_in_a_pipe_every_line_stays_whole():
    lines = _shown(_grade(CheckKind.WRONG, Status.FAILED, LONG), terminal=False)
    assert f"      {LONG}" in lines


def test_an_untouched_exercise_says_not_started_once():
    message = "Not started: q_function() still raises NotImplementedError. Replace the TODO in x.py with your code."
    text = "\n".join(_shown(_grade(CheckKind.NOT_STARTED, Status.NOT_STARTED, message), terminal=False))
    assert "still raises NotImplementedError" not in text
    assert text.count("Not started yet") == 1
    assert text.count("check number") == 3  # every check is still listed, so the learner sees what is coming
