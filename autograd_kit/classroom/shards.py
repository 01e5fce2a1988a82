"""Sharding a class across machines: which shard grades which student, and which shard this one is.

We don't schedule anything. A job engine the university already runs (a Slurm
job array, a Kubernetes Indexed Job, a GitHub Actions matrix) starts N copies of
`grader.py batch DIR --shard K/N`; each grades the students that a stable hash
of their id assigns to it, and `grader.py merge` puts the N outputs together.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass

# Where a job engine puts the index of this copy: Kubernetes' Indexed Job (0-based), then Slurm's job array.
KUBERNETES_INDEX = "JOB_COMPLETION_INDEX"
SLURM_INDEX = "SLURM_ARRAY_TASK_ID"
SLURM_FIRST = "SLURM_ARRAY_TASK_MIN"  # `--array=1-4` numbers tasks from 1: K is counted from the first
SLURM_COUNT = "SLURM_ARRAY_TASK_COUNT"
AUTO = "auto"


class ShardError(ValueError):
    """A --shard value (or the job engine's environment) that does not name one shard of N."""


@dataclass(frozen=True)
class Shard:
    index: int  # K, from 0
    count: int  # N

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, student_id: str) -> bool:
        return shard_of(student_id, self.count) == self.index


WHOLE_CLASS = Shard(0, 1)


def shard_of(student_id: str, count: int) -> int:
    """The shard of STUDENT_ID among COUNT: the same on every machine, Python version and run.

    Python's hash() is salted per process, so a digest of the id decides.
    """
    digest = hashlib.sha256(student_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def parse_shard(text: str, environ: Mapping[str, str] | None = None) -> Shard:
    """'K/N' (K from 0), or 'auto/N' to take K from the job engine's environment."""
    environ = os.environ if environ is None else environ
    index_text, slash, count_text = text.partition("/")
    if not slash:
        raise ShardError(f"--shard takes K/N (for example 0/4) or auto/N, not {text!r}")
    count = _whole_number(count_text, "N")
    if count < 1:
        raise ShardError("N in --shard K/N must be at least 1")
    index = _index_from(environ, count) if index_text.strip().lower() == AUTO else _whole_number(index_text, "K")
    if not 0 <= index < count:
        raise ShardError(f"shard {index} does not exist among {count}: K counts from 0 to {count - 1}")
    return Shard(index, count)


def _index_from(environ: Mapping[str, str], count: int) -> int:
    if KUBERNETES_INDEX in environ:
        return _whole_number(environ[KUBERNETES_INDEX], KUBERNETES_INDEX)
    if SLURM_INDEX in environ:
        if SLURM_COUNT in environ and _whole_number(environ[SLURM_COUNT], SLURM_COUNT) != count:
            raise ShardError(f"the Slurm job array has {environ[SLURM_COUNT]} tasks but --shard says N={count}: "
                             "some students would be graded by no task, or by two")
        first = _whole_number(environ.get(SLURM_FIRST, "0"), SLURM_FIRST)
        return _whole_number(environ[SLURM_INDEX], SLURM_INDEX) - first
    raise ShardError(f"--shard auto/N reads the index from {KUBERNETES_INDEX} (a Kubernetes Indexed Job) or "
                     f"{SLURM_INDEX} (a Slurm job array), and neither is set: give K/N instead")


def _whole_number(text: str, name: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ShardError(f"{name} must be a whole number, not {text!r}") from None
