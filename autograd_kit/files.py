"""Writing result files so that no reader ever sees half of one."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Replace a regular file in one step; write straight into anything else (/dev/null, a pipe).

    Renaming over /dev/null would replace the device with a plain file.
    """
    try:
        special = not stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with open(path, "w", encoding="utf-8", newline="") as target:
            target.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8", newline="")  # bytes as given, on every platform
    os.replace(partial, path)
