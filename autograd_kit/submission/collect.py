"""Take a student's submission (a folder or a zip) into a private working folder.

Only the kit's own exercise files are taken (NN_name.py, or the notebook NN_name.ipynb, whose code
cells become the module as notebook_cells.py says): anything else in the submission
(a conftest.py, tests/, grader.py, pytest.ini, symlinks) is never copied, so
nothing the student ships can change how the checks run. Nothing is written
outside the working folder.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograd_kit.exercises.manifest import Exercise
from autograd_kit.submission.limits import MAX_FILE_BYTES, MAX_NOTEBOOK_BYTES, file_too_large
from autograd_kit.submission.text import canonical_source, decode_source

MAX_ZIP_ENTRIES = 10_000


class SubmissionError(ValueError):
    """The submission as a whole cannot be graded (not there, not a zip, unsafe paths)."""


@dataclass
class Submission:
    """A private copy of the exercise files, ready to grade as a target folder."""

    source: Path
    folder: Path
    rejected: dict[str, str] = field(default_factory=dict)  # exercise name -> why its file was refused
    found: list[str] = field(default_factory=list)
    notebooks: list[str] = field(default_factory=list)  # the exercises whose module came from a notebook
    # Where the exercise files were found, as the instructor named it ("submission/exercises"), for the report
    shown_as: str = ""

    def cleanup(self) -> None:
        shutil.rmtree(self.folder.parent, ignore_errors=True)


def prepare(source: Path, exercises: tuple[Exercise, ...]) -> Submission:
    """Copy the expected exercise files out of SOURCE; raise SubmissionError if it cannot be read at all."""
    if not source.exists():
        raise SubmissionError(f"There is no submission at {source}.")
    work = Path(tempfile.mkdtemp(prefix="autograd-kit-submission-"))
    folder = work / "exercises"
    folder.mkdir()
    submission = Submission(source, folder, shown_as=str(source))
    try:
        if source.is_dir():
            try:
                submission.shown_as = str(_exercise_root(source))
                files = _from_folder(source, exercises)
            except OSError as error:
                raise SubmissionError(f"{source} cannot be read ({error.strerror or error}).") from None
        elif zipfile.is_zipfile(source):
            files = _from_zip(source, exercises)
        else:
            raise SubmissionError(f"{source} is neither a folder nor a zip file that can be opened.")
        for exercise in exercises:
            raw = files.get(exercise.filename)
            if raw is None and notebook_name(exercise) in files:
                raw = _module_of_notebook(files[notebook_name(exercise)], notebook_name(exercise))
                submission.notebooks.append(exercise.name)
            if raw is None:
                continue  # a missing file grades as "not started"
            if isinstance(raw, str):
                submission.rejected[exercise.name] = raw
                continue
            try:
                decode_source(raw)  # refused below when it is not UTF-8
            except UnicodeDecodeError as error:
                submission.rejected[exercise.name] = (
                    f"{exercise.filename} is not UTF-8 text (byte {raw[error.start]:#04x} at offset {error.start}). "
                    "Save it as UTF-8 and submit it again.")
                continue
            (folder / exercise.filename).write_bytes(canonical_source(raw))
            submission.found.append(exercise.name)
        _readable_by_anyone(work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return submission


def notebook_name(exercise: Exercise) -> str:
    return f"{exercise.name}.ipynb"


def _module_of_notebook(raw: bytes | str, filename: str) -> bytes | str:
    """The module a notebook's code cells make, or why it cannot be read."""
    from autograd_kit.submission.notebook_cells import NotebookError, notebook_module

    if isinstance(raw, str):
        return raw  # already refused: a link, too large, unreadable
    try:
        return notebook_module(raw).source.encode("utf-8")
    except NotebookError as problem:
        return f"{filename} cannot be graded: {problem}. Save it from Jupyter or Colab and submit it again."


def _from_folder(source: Path, exercises: tuple[Exercise, ...]) -> dict[str, bytes | str]:
    root = _exercise_root(source)  # found again: cheap, and the files are read from what is there now
    files: dict[str, bytes | str] = {}
    for exercise in exercises:
        _read_one(root / exercise.filename, files, MAX_FILE_BYTES)
        if exercise.filename not in files:
            _read_one(root / notebook_name(exercise), files, MAX_NOTEBOOK_BYTES)
    return files


def _read_one(path: Path, files: dict[str, bytes | str], limit: int) -> None:
    """Put PATH's bytes in FILES under its name, or the reason it was not taken; nothing when it is not there."""
    name = path.name
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as error:
        files[name] = f"{name} cannot be read ({error.strerror})."
        return
    if not stat.S_ISREG(info.st_mode):
        # A symlink could point at the kit's solutions or anywhere else on the grading machine.
        files[name] = f"{name} is not a regular file (a link or a folder), so it was not taken."
    elif info.st_size > limit:
        files[name] = file_too_large(name, limit)
    else:
        try:
            files[name] = path.read_bytes()
        except OSError as error:
            files[name] = f"{name} cannot be read ({error.strerror})."


def _exercise_root(folder: Path) -> Path:
    """The folder that holds the exercise files: the folder itself, its exercises/, or a lone subfolder's."""
    for _ in range(3):
        if any(p.suffix in (".py", ".ipynb") and p.name[:2].isdigit() for p in folder.iterdir()):
            return folder
        if (folder / "exercises").is_dir() and not (folder / "exercises").is_symlink():
            return folder / "exercises"
        entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
        if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
            folder = entries[0]
            continue
        break
    return folder


def _from_zip(source: Path, exercises: tuple[Exercise, ...]) -> dict[str, bytes | str]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise SubmissionError(f"{source} cannot be opened as a zip file ({error}).") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise SubmissionError(f"{source} holds more than {MAX_ZIP_ENTRIES} entries.")
        for entry in entries:
            name = entry.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                raise SubmissionError(
                    f"{source} holds a path outside its own folder ({entry.filename!r}), so it was not opened.")
        wanted = {e.filename for e in exercises} | {notebook_name(e) for e in exercises}
        candidates: dict[str, list[zipfile.ZipInfo]] = {}
        for entry in entries:
            path = PurePosixPath(entry.filename.replace("\\", "/"))
            if not entry.is_dir() and path.name in wanted and "__MACOSX" not in path.parts:
                candidates.setdefault(path.name, []).append(entry)
        files: dict[str, bytes | str] = {}
        for filename, found in candidates.items():
            # The shallowest copy wins: "exercises/04.py" over "backup/old/04.py".
            entry = min(found, key=lambda e: (len(PurePosixPath(e.filename).parts), e.filename))
            if stat.S_ISLNK(entry.external_attr >> 16):
                files[filename] = f"{filename} is a symbolic link in the zip, so it was not taken."
            elif entry.file_size > (limit := MAX_NOTEBOOK_BYTES if filename.endswith(".ipynb") else MAX_FILE_BYTES):
                files[filename] = file_too_large(filename, limit)
            else:
                try:
                    with archive.open(entry) as member:
                        files[filename] = member.read(limit + 1)[:limit]
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
                    files[filename] = f"{filename} cannot be read from the zip ({error})."
        return files


def _readable_by_anyone(work: Path) -> None:
    # Learner code runs as an unprivileged user when the grader runs as root (see worker.py).
    os.chmod(work, 0o755)
    for path in work.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
