"""`grader.py watch [NN]`: regrade whichever exercise file the learner saved last.

torch is imported once, when watching starts; each save then costs only the
checks of one exercise (its learner code runs in a sandboxed worker kept from
the last save, worker_pool.py, and a file that hangs or crashes only costs that
worker, never the watch). The watch starts at NN, or
at the first exercise that does not pass yet; after that it follows the
learner: saving any exercise's file grades that exercise, and once the one on
screen passes, the next unfinished one is graded. On a terminal, single keys
act at once: h for a hint, l for the list, n to skip to the next exercise,
q to quit.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from autograd_kit.exercises.manifest import Exercise, find_exercise, load_exercises
from autograd_kit.grading.results import Status
from autograd_kit.i18n import t
from autograd_kit.learner import keys
from autograd_kit.learner.progress import Progress, state_path
from autograd_kit.sandbox import worker_pool
from autograd_kit.sandbox.isolation import Limits, warm_up

POLL_MS = 300


@dataclass(frozen=True)
class Saved:
    """Exercise files whose contents changed, the most recently written last."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Key:
    key: str


def run(folder: Path, poll: bool, seed: int | None, limits: Limits, out: Console, start: str | None = None) -> int:
    warm_up()
    current = find_exercise(start) if start else _first_unfinished(folder)
    if current is None:
        out.print(t("watch.nothing"))
        return 0
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    snapshot = _Snapshot(folder)
    threading.Thread(target=_watch_files, args=(folder, poll, snapshot, events, stop), daemon=True).start()
    session = _Session(folder, seed, limits, out)
    try:
        with keys.reader(lambda key: events.put(Key(key))) as listening:
            session.keys = listening
            out.print(t("watch.start", folder=folder, name=current.name))
            status = session.grade(current, snapshot)
            while True:
                if status is Status.PASSED:
                    following = _first_unfinished(folder, after=current)
                    if following is None:
                        out.print("\n" + t("report.all_pass"))
                        return 0
                    session.banner = t("watch.passed", name=current.name, next=following.name)
                    out.print("\n" + session.banner)
                    current = following
                    status = session.grade(current, snapshot)
                    continue
                session.waiting()
                event = _next_event(events)
                if isinstance(event, Key):
                    current, status = session.on_key(event.key, current, snapshot)
                    if current is None:
                        out.print(t("watch.stopped"))
                        return 0
                elif event.names:
                    current = find_exercise(event.names[-1])
                    status = session.grade(current, snapshot)
    except KeyboardInterrupt:
        out.print(t("watch.stopped"))
        return 0
    finally:
        stop.set()
        worker_pool.close_all()  # the kept workers, and their cgroups


class _Session:
    """What is on screen, and the commands that change it."""

    def __init__(self, folder: Path, seed: int | None, limits: Limits, out: Console) -> None:
        self.folder, self.seed, self.limits, self.out = folder, seed, limits, out
        self.banner = ""
        self.keys = False

    def grade(self, exercise: Exercise, snapshot: _Snapshot) -> Status:
        from autograd_kit.grading.grade import GradeRequest, GraderFailure, grade
        from autograd_kit.learner.progress import remember
        from autograd_kit.report import terminal as report

        snapshot.take()  # a save while grading still counts as a save
        if self.out.is_terminal:
            self.out.clear()
            if self.banner:
                self.out.print(self.banner + "\n")
        with self.out.status(t("watch.grading", name=exercise.name)) if self.out.is_terminal else _nothing():
            if not self.out.is_terminal:
                self.out.print(t("watch.grading", name=exercise.name))
            try:
                # keep_workers: the learner's worker stays up for the next save (worker_pool.py)
                result = grade(GradeRequest(self.folder, (exercise,), self.seed, self.limits, keep_workers=True))
            except GraderFailure as problem:
                self.out.print(f"{t('cli.grader_failed')}\n{problem}")
                return Status.ERROR
        remember(result, self.folder)
        if self.out.is_terminal:
            self.out.clear()
            if self.banner:
                self.out.print(self.banner + "\n")
        self.banner = ""
        report.details(result.exercises[0], result, self.out, next_steps=False)
        return result.exercises[0].status

    def waiting(self) -> None:
        self.out.print(t("watch.waiting_keys" if self.keys else "watch.waiting", folder=self.folder))

    def on_key(self, key: str, current: Exercise, snapshot: _Snapshot) -> tuple[Exercise | None, Status | None]:
        from autograd_kit.learner.listing import show_list
        from autograd_kit.learner.next_hint import hint

        key = key.lower()
        if key == "q":
            return None, None
        if key == "h":
            self.out.print()
            hint(current.name, self.folder, self.out, in_watch=True)
        elif key == "l":
            self.out.print()
            show_list(self.folder, self.out)
        elif key == "n":
            following = _after(current)
            if following is None:
                self.out.print(t("watch.no_next"))
            else:
                return following, self.grade(following, snapshot)
        return current, None


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


class _Snapshot:
    """Size and mtime of every exercise file, to tell which ones a save changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = threading.Lock()
        self.seen = self._read()

    def take(self) -> None:
        with self.lock:
            self.seen = self._read()

    def changed(self) -> tuple[str, ...]:
        """Exercise names whose files differ from the last look, oldest write first; the look is updated."""
        with self.lock:
            now = self._read()
            names = [name for name, stamp in now.items() if self.seen.get(name) != stamp]
            self.seen = now
        return tuple(sorted(names, key=lambda name: now[name][0]))

    def _read(self) -> dict[str, tuple[int, int]]:
        found = {}
        for exercise in load_exercises():
            try:
                info = exercise.path_in(self.folder).stat()
            except OSError:
                continue
            found[exercise.name] = (info.st_mtime_ns, info.st_size)
        return found


def _watch_files(folder: Path, poll: bool, snapshot: _Snapshot, events: queue.Queue, stop: threading.Event) -> None:
    """Put a Saved event on the queue for each change of an exercise file.

    File events say when to look; the snapshot says what changed, and catches a
    save that came before the watcher was listening (it is looked at least
    every half second).
    """
    from watchfiles import watch

    for _ in watch(folder, force_polling=poll, poll_delay_ms=POLL_MS, debounce=400, step=50, rust_timeout=500,
                   yield_on_timeout=True, stop_event=stop, raise_interrupt=False):
        names = snapshot.changed()
        if names:
            events.put(Saved(names))


def _next_event(events: queue.Queue) -> Saved | Key:
    while True:
        try:
            return events.get(timeout=0.5)  # a timeout keeps Ctrl-C responsive
        except queue.Empty:
            continue


def _after(exercise: Exercise) -> Exercise | None:
    exercises = load_exercises()
    index = exercises.index(exercise) + 1
    return exercises[index] if index < len(exercises) else None


def _first_unfinished(folder: Path, after: Exercise | None = None) -> Exercise | None:
    """The first exercise that does not pass yet: after AFTER if one is, else from the start."""
    progress = Progress.load(state_path(folder))
    exercises = list(load_exercises())
    if after is not None:
        index = exercises.index(after) + 1
        exercises = exercises[index:] + exercises[:index]
    for exercise in exercises:
        last = progress.current(exercise, folder)
        if last is None or last.status != Status.PASSED:
            return exercise
    return None
