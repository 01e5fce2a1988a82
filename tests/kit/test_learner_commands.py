"""list, reset and watch, used the way a learner uses them."""

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

from conftest import ENGLISH, KIT_ROOT, LEARNERS, SOLUTIONS, run_grader

from autograd_kit.exercises import stubs
from autograd_kit.exercises.manifest import load_exercises

EXERCISES = load_exercises()


def _kit_folder(tmp_path, solved=()):
    """A learner's exercises/ with every stub, and the chosen exercises solved."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    for exercise in EXERCISES:
        source = SOLUTIONS / exercise.filename if exercise.number in solved else None
        text = source.read_text() if source else stubs.pristine(exercise.name)
        (folder / exercise.filename).write_text(text)
    return folder


def test_list_shows_progress_and_what_changed(tmp_path):
    folder = _kit_folder(tmp_path, solved={"04"})
    (folder / "09_no_grad_context.py").write_text((LEARNERS / "wrong_no_grad.py").read_text())
    assert run_grader("04", "--target", str(folder)).returncode == 0
    assert run_grader("09", "--target", str(folder)).returncode == 0
    shown = run_grader("list", "--target", str(folder)).stdout
    rows = {line.split()[0]: line for line in shown.splitlines() if line[:2].isdigit()}
    assert "passed" in rows["04"] and "10/10" in rows["04"]
    assert "failed" in rows["09"]
    assert "not started" in rows["01"] and "not started" in rows["20"]
    assert f"1/{len(EXERCISES)} exercises done" in shown
    assert "python grader.py 01" in shown
    # Edit 04 after grading it: its old result no longer counts.
    (folder / "04_gradients_by_hand.py").write_text((LEARNERS / "mistakes.py").read_text())
    rows = {line.split()[0]: line for line in run_grader("list", "--target", str(folder)).stdout.splitlines()
            if line[:2].isdigit()}
    assert "changed, not graded yet" in rows["04"]
    # The state file is only a memory: without it, list and grading still work.
    shutil.rmtree(tmp_path / ".autograd-kit")
    assert "0/" in run_grader("list", "--target", str(folder)).stdout
    assert run_grader("04", "--target", str(folder)).returncode == 0


def test_reset_asks_keeps_a_backup_and_restores_the_stub(tmp_path):
    folder = _kit_folder(tmp_path)
    mine = folder / "04_gradients_by_hand.py"
    mine.write_text("# my attempt\n")
    refused = run_grader("reset", "04", "--target", str(folder))  # not a terminal, no --yes
    assert refused.returncode == 2 and "--yes" in refused.stdout
    assert mine.read_text() == "# my attempt\n"
    done = run_grader("reset", "04", "--yes", "--target", str(folder))
    assert done.returncode == 0, done.stdout
    assert mine.read_text() == stubs.pristine("04_gradients_by_hand")
    assert (folder / "04_gradients_by_hand.py.bak").read_text() == "# my attempt\n"
    again = run_grader("reset", "04", "--yes", "--target", str(folder))
    assert again.returncode == 0 and "already the original stub" in again.stdout
    mine.write_text("# second attempt\n")
    run_grader("reset", "4", "--yes", "--target", str(folder))
    assert (folder / "04_gradients_by_hand.py.2.bak").read_text() == "# second attempt\n"
    assert run_grader("reset", "99", "--yes", "--target", str(folder)).returncode == 2


class Watcher:
    """`python grader.py watch` in a child process, read line by line."""

    def __init__(self, *args):
        env = {**os.environ, **ENGLISH, "COLUMNS": "200"}
        self.process = subprocess.Popen([sys.executable, "grader.py", "watch", *args], cwd=KIT_ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, fragment, limit_s=120):
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if fragment in line:
                return
        raise AssertionError(f"never saw {fragment!r}; output was:\n{''.join(self.seen)}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(60)
        self.reader.join(10)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code

    @property
    def output(self):
        return "".join(self.seen)


def test_watch_follows_the_learner_through_an_exercise(tmp_path):
    folder = _kit_folder(tmp_path, solved={"01", "02", "03"})
    assert run_grader("--target", str(folder)).returncode == 0  # 01-03 pass, 04 is next
    watcher = Watcher("--target", str(folder), "--timeout", "3")
    try:
        watcher.wait_for("Exercise: 04_gradients_by_hand")
        watcher.wait_for("Watching")
        target = folder / "04_gradients_by_hand.py"
        target.write_text((LEARNERS / "mistakes.py").read_text())
        watcher.wait_for("Mistake: this is 3a^2")
        watcher.wait_for("Watching")
        target.write_text((LEARNERS / "hang_at_import.py").read_text())  # a hang does not stop the watch
        watcher.wait_for("did not finish in time")
        watcher.wait_for("Watching")
        target.write_text((SOLUTIONS / "04_gradients_by_hand.py").read_text())
        watcher.wait_for("Passed!")
        watcher.wait_for("Exercise: 05_vector_backward")
        watcher.wait_for("Watching")
    finally:
        code = watcher.stop()
    assert code == 0, watcher.output
    assert "Stopped watching." in watcher.output
    assert "Traceback" not in watcher.output


def test_watch_polls_where_file_events_are_lost(tmp_path):
    folder = _kit_folder(tmp_path)
    for exercise in EXERCISES[:-1]:
        (folder / exercise.filename).write_text((SOLUTIONS / exercise.filename).read_text())
    assert run_grader("--target", str(folder)).returncode == 0  # only the last exercise is left
    watcher = Watcher("--target", str(folder), "--poll")
    try:
        watcher.wait_for("Watching")
        last = EXERCISES[-1]
        (folder / last.filename).write_text((SOLUTIONS / last.filename).read_text())
        watcher.wait_for("Every exercise passes")
        code = watcher.process.wait(60)  # with nothing left to watch, it ends by itself
    finally:
        watcher.stop()
    assert code == 0, watcher.output
    assert "Traceback" not in watcher.output


def test_hints_come_one_level_at_a_time_and_the_worked_step_waits_for_an_attempt(tmp_path):
    folder = _kit_folder(tmp_path)

    def hint():
        result = run_grader("hint", "04", "--target", str(folder))
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    first = hint()
    assert "1. a nudge" in first and "2. the API" not in first
    second = hint()
    assert "2. the API to use" in second and "3. a worked step" not in second
    locked = hint()
    assert "3. a worked step" not in locked and "Try the exercise first" in locked
    (folder / "04_gradients_by_hand.py").write_text("# my attempt\n")
    assert "3. a worked step" in hint()
    assert "That was the last hint" in hint()
    shutil.rmtree(tmp_path / ".autograd-kit")  # forgetting the state only starts the hints over
    assert "2. the API" not in hint()


def test_every_exercise_has_three_hints_in_both_languages(monkeypatch):
    from autograd_kit import i18n
    from autograd_kit.learner import hints

    for exercise in EXERCISES:
        for language in i18n.LANGUAGES:
            monkeypatch.setattr(i18n, "_chosen", language)
            levels = hints.for_exercise(exercise.name).levels()
            assert len(levels) == 3 and all(len(h) > 20 for h in levels), (exercise.name, language)
            assert all(step.code.strip() in levels[2] for step in hints.for_exercise(exercise.name).worked)


def test_plain_text_in_a_pipe_or_with_no_color(tmp_path):
    folder = _kit_folder(tmp_path)
    coloured = run_grader("list", "--target", str(folder), env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" in coloured.stdout  # what a terminal gets
    for env in ({}, {"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"}):
        plain = run_grader("list", "--target", str(folder), env=env)
        assert plain.returncode == 0 and "\x1b[" not in plain.stdout, env
        assert "not started" in plain.stdout
