"""How much of a learner's file the judge reads, and the words for a file over it.

Every pass the judge makes over learner source (parsing it, building a notebook's module, the checks'
analyses) is linear in its size or close to it; the cap keeps even a linear pass short, and is the same
for a .py file, for the code of a notebook's cells, and for the module built from them.
"""

from __future__ import annotations

from pathlib import Path

from autograd_kit.i18n import tr

MAX_FILE_BYTES = 1024 * 1024  # an exercise file is a few KiB; more is not an exercise
MAX_NOTEBOOK_BYTES = 16 * 1024 * 1024  # a notebook carries its outputs too (plots, printed tensors)


def file_too_large(name: str, limit: int = MAX_FILE_BYTES) -> str:
    return tr("{name} is larger than {kib} KiB, the most the grader reads for one exercise: keep the exercise's "
              "code in it, nothing else, and submit it again.", name=name, kib=limit // 1024)


def code_too_large(limit: int = MAX_FILE_BYTES) -> str:
    return tr("the code in its cells is larger than {kib} KiB, the most the grader reads for one exercise",
              kib=limit // 1024)


def read_capped(path: Path) -> bytes | None:
    """The file's bytes, at most one byte past the cap (enough to tell it is over); None when there is no file."""
    try:
        with open(path, "rb") as file:
            return file.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
