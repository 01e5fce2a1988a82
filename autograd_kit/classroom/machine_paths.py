"""The grading machine's paths out of what a student reads: feedback is handed back, and the instructor's folders
are none of the student's business."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any


def without_machine_paths(value: Any, submission: Path, classes: Path) -> Any:
    """VALUE with the grading machine's paths made the student's own: SUBMISSION/exercises/04.py reads
    exercises/04.py, and the class folder's path goes too. Feedback is handed back to students, and the
    instructor's folders are none of theirs."""
    roots = sorted({str(p) for p in (submission, submission.resolve(), classes, classes.resolve())}, key=len,
                   reverse=True)

    def scrub(text: str) -> str:
        for root in roots:
            text = re.sub(re.escape(root) + r"(?:" + re.escape(os.sep) + r"|(?![\w.@+-]))", lambda m: "" if
                          m.group(0).endswith(os.sep) else ".", text)
        return text

    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: without_machine_paths(item, submission, classes) for key, item in value.items()}
    if isinstance(value, list):
        return [without_machine_paths(item, submission, classes) for item in value]
    return value
