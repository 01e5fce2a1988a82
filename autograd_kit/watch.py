"""`grader.py watch`: regrade the current exercise every time a file in exercises/ is saved.

torch is imported once, when watching starts; each save then costs only the
checks of one exercise (its learner code still runs in a fresh sandbox, so a
file that hangs or crashes never stops the watch). The current exercise is
the first one that does not pass yet; once it passes, the next one is graded.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from autograd_kit.i18n import t
from autograd_kit.isolation import Limits, warm_up
from autograd_kit.manifest import Exercise, load_exercises
from autograd_kit.progress import Progress, state_path
from autograd_kit.results import Status

POLL_MS = 300


def run(folder: Path, poll: bool, seed: int | None, limits: Limits, out: Console) -> int:
    warm_up()
    from watchfiles import watch

    from autograd_kit import report
    from autograd_kit.grading import GradeRequest, GraderFailure, grade
    from autograd_kit.learner_cli import remember

    current = _first_unfinished(folder)
    if current is None:
        out.print(t("watch.nothing"))
        return 0

    snapshot: dict[str, tuple[int, int]] = {}

    def regrade(exercise: Exercise, banner: str = "") -> Status:
        snapshot.clear()
        snapshot.update(_snapshot(folder))  # a save while grading still counts as a save
        result = grade(GradeRequest(folder, (exercise,), seed, limits))
        remember(result, folder)
        if out.is_terminal:
            out.clear()
        if banner:
            out.print(banner + "\n")
        report.details(result.exercises[0], result, out, next_steps=False)
        return result.exercises[0].status

    out.print(t("watch.start", folder=folder, name=current.name))
    banner = ""
    try:
        while current is not None:
            status = regrade(current, banner)
            banner = ""
            if status is Status.PASSED:
                passed = current.name
                current = _first_unfinished(folder)
                if current is None:
                    out.print("\n" + t("report.all_pass"))
                    return 0
                banner = t("watch.passed", name=passed, next=current.name)
                out.print("\n" + banner)
                if not out.is_terminal:
                    banner = ""  # shown once; a terminal is cleared, so it is shown again at the top
                continue
            out.print(t("watch.waiting", folder=folder))
            _wait_for_save(folder, poll, watch, snapshot)
    except KeyboardInterrupt:
        out.print(t("watch.stopped"))
        return 0
    except GraderFailure as problem:
        out.print(f"{t('cli.grader_failed')}\n{problem}")
        return 3
    return 0


def _wait_for_save(folder: Path, poll: bool, watch, snapshot: dict[str, tuple[int, int]]) -> None:
    """Return once a .py file in folder differs from the snapshot.

    File events say when to look; the snapshot catches a save that came before
    the watcher was listening (events are checked at least every half second).
    """
    for changes in watch(folder, force_polling=poll, poll_delay_ms=POLL_MS, debounce=400, step=50,
                         rust_timeout=500, yield_on_timeout=True, raise_interrupt=True):
        if any(path.endswith(".py") for _, path in changes) or _snapshot(folder) != snapshot:
            return


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for path in folder.glob("*.py"):
        try:
            info = path.stat()
        except OSError:
            continue
        found[path.name] = (info.st_mtime_ns, info.st_size)
    return found


def _first_unfinished(folder: Path) -> Exercise | None:
    progress = Progress.load(state_path(folder))
    for exercise in load_exercises():
        last = progress.current(exercise, folder)
        if last is None or last.status != Status.PASSED:
            return exercise
    return None
