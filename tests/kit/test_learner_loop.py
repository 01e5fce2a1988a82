"""The learner loop in a real terminal: watch follows the file saved last and answers single keys; hints
follow the mistake that fired; a report says each thing once and what comes next."""

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

import pytest
from conftest import ENGLISH, KIT_ROOT, LEARNERS, SOLUTIONS, run_grader
from test_learner_commands import _kit_folder

MISTAKES = KIT_ROOT / "tests" / "kit" / "mistakes"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")


class Terminal:
    """A command on a pseudo-terminal, the way a learner runs it: output read as the screen shows it,
    keys typed one at a time."""

    def __init__(self, *args: str, env: dict | None = None):
        master, slave = pty.openpty()
        environment = {**os.environ, **ENGLISH, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "50",
                       **(env or {})}
        environment.pop("NO_COLOR", None)
        self.process = subprocess.Popen([sys.executable, "grader.py", *args], cwd=KIT_ROOT, env=environment,
                                        stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        self.master = master
        self.text = ""
        self.read_up_to = 0

    def _pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            self.text += ANSI.sub("", data.decode("utf-8", errors="replace"))

    def wait_for(self, fragment: str, limit_s: float = 120) -> None:
        """Wait until FRAGMENT shows after what earlier waits already consumed (a terminal wraps long lines,
        so any run of white space matches any other)."""
        deadline = time.monotonic() + limit_s
        fragment = " ".join(fragment.split())
        while time.monotonic() < deadline:
            found = " ".join(self.text.split()).find(fragment, self.read_up_to)
            if found >= 0:
                self.read_up_to = found + len(fragment)
                return
            self._pump(0.5)
        raise AssertionError(f"never saw {fragment!r}; the screen showed:\n{self.text[-4000:]}")

    def press(self, key: str) -> None:
        os.write(self.master, key.encode())

    def finish(self, limit_s: float = 60) -> int:
        deadline = time.monotonic() + limit_s
        while self.process.poll() is None and time.monotonic() < deadline:
            self._pump(0.2)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(30)
        self._pump(0.2)
        os.close(self.master)
        return code


@pytest.mark.slow
def test_watch_starts_where_asked_follows_the_saved_file_and_answers_keys(tmp_path):
    folder = _kit_folder(tmp_path, solved={"01", "02", "03"})
    screen = Terminal("watch", "04", "--target", str(folder), "--timeout", "3")
    try:
        screen.wait_for("Grading 04_gradients_by_hand")
        screen.wait_for("Exercise: 04_gradients_by_hand")
        screen.wait_for("Keys: h hint, l list, n next exercise, q quit")
        screen.press("h")
        screen.wait_for("Hints for 04_gradients_by_hand")
        screen.wait_for("1. a nudge")
        screen.wait_for("Press h again for the API to use")
        screen.press("l")
        screen.wait_for("exercises done")
        # Saving another exercise's file grades that one: the watch follows the learner.
        (folder / "06_the_graph.py").write_text((LEARNERS / "graph_mistakes.py").read_text())
        screen.wait_for("Grading 06_the_graph")
        screen.wait_for("Exercise: 06_the_graph")
        screen.wait_for("Mistake:")
        screen.press("n")
        screen.wait_for("Grading 07_requires_grad")
        screen.wait_for("Exercise: 07_requires_grad")
        screen.wait_for("Keys:")
        screen.press("q")
        screen.wait_for("Stopped watching.")
    finally:
        code = screen.finish()
    assert code == 0, screen.text[-3000:]
    assert "Traceback" not in screen.text


@pytest.mark.slow
def test_watch_in_korean_shows_its_keys_and_hints_in_korean(tmp_path):
    folder = _kit_folder(tmp_path)
    screen = Terminal("watch", "--target", str(folder), env={"LANG": "ko_KR.UTF-8"})
    try:
        screen.wait_for("01_forward_pass 채점 중")
        screen.wait_for("키: h 힌트, l 목록, n 다음 연습, q 끝내기")
        screen.press("h")
        screen.wait_for("01_forward_pass 힌트")
        screen.wait_for("h를 한 번 더 누르면")
        screen.press("q")
        screen.wait_for("감시를 멈췄습니다.")
    finally:
        code = screen.finish()
    assert code == 0, screen.text[-3000:]


def test_watch_refuses_an_exercise_that_does_not_exist(tmp_path):
    result = run_grader("watch", "99", "--target", str(_kit_folder(tmp_path)))
    assert result.returncode == 2 and "no exercise called '99'" in result.stdout


@pytest.mark.slow
def test_the_next_hint_follows_the_mistake_that_fired_last(tmp_path):
    folder = _kit_folder(tmp_path)
    (folder / "12_retain_graph.py").write_text((MISTAKES / "12_retain_graph" / "retain_on_second_call.py").read_text())
    graded = run_grader("12", "--target", str(folder))
    assert "retain_graph=True is on a later backward() but not on the first" in graded.stdout
    first = run_grader("hint", "12", "--target", str(folder)).stdout
    assert "Your last run named this mistake" in first
    assert "Ask of each backward() call" in first  # the mistake's own hint
    assert "Read: https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html" in first
    second = run_grader("hint", "12", "--target", str(folder)).stdout
    assert "1. a nudge" in second and "Your last run" not in second  # shown once, then the levels
    # A file that changed since the grade has no "last mistake" any more.
    (folder / "12_retain_graph.py").write_text((SOLUTIONS / "12_retain_graph.py").read_text())
    assert "Your last run" not in run_grader("hint", "12", "--target", str(folder)).stdout


def test_a_syntax_error_is_explained_once_and_a_pass_says_what_comes_next(tmp_path):
    folder = _kit_folder(tmp_path)
    (folder / "10_no_grad_decorator.py").write_text(
        (MISTAKES / "10_no_grad_decorator" / "decorator_inside_body.py").read_text())
    shown = run_grader("10", "--target", str(folder)).stdout
    assert shown.count("SyntaxError in") == 1 and "(the same as above)" in shown
    assert "must stand on the line directly above `def`" in shown
    (folder / "10_no_grad_decorator.py").write_text((SOLUTIONS / "10_no_grad_decorator.py").read_text())
    passed = run_grader("10", "--target", str(folder)).stdout
    assert "Next: exercise 11, zero_grad in a training loop. Open" in passed
    assert "python grader.py 11" in passed
    (folder / "20_hooks_and_func.py").write_text((SOLUTIONS / "20_hooks_and_func.py").read_text())
    assert "That was the last exercise." in run_grader("20", "--target", str(folder)).stdout


def test_functions_not_started_are_named_once_and_a_failure_links_to_its_reading(tmp_path):
    folder = _kit_folder(tmp_path)
    half = (SOLUTIONS / "06_the_graph.py").read_text().split("def accumulated_grad")[0]
    stub_rest = "def accumulated_grad" + (folder / "06_the_graph.py").read_text().split("def accumulated_grad")[1]
    (folder / "06_the_graph.py").write_text(half + stub_rest)
    shown = run_grader("06", "--target", str(folder)).stdout
    assert shown.count("Not started yet: accumulated_grad(), doubling_gradient().") == 1
    assert "still raises NotImplementedError" not in shown
    (folder / "06_the_graph.py").write_text((LEARNERS / "graph_mistakes.py").read_text())
    failed = run_grader("06", "--target", str(folder)).stdout
    assert "Read: https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html#computational-graph" in failed
