"""Writing result files so that no reader ever sees half of one, and no link is ever followed."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str, mode: int = 0o644) -> None:
    """Replace PATH in one step: write a new file with a random name beside it, then rename it over PATH.

    The temporary name is unpredictable and created exclusively (mkstemp), and the rename replaces
    whatever is at PATH, a symlink included, without following it. A character device or a pipe
    at PATH (/dev/null, a FIFO the caller chose) is written into instead: renaming over /dev/null
    would replace the device with a plain file.
    """
    try:
        special = stat.S_ISCHR(path.lstat().st_mode) or stat.S_ISFIFO(path.lstat().st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with open(path, "w", encoding="utf-8", newline="") as target:
            target.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:  # bytes as given, on every platform
            file.write(text)
        os.chmod(partial, mode)
        os.replace(partial, path)
    except BaseException:
        try:
            os.unlink(partial)
        except OSError:
            pass
        raise
