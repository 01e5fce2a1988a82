"""Seeds for the random inputs of a grade."""

from __future__ import annotations

import hashlib
import secrets

SEED_RANGE = 1_000_000


def new_seed() -> int:
    return secrets.randbelow(SEED_RANGE)


def student_seed(student_id: str, course_seed: int | None) -> int:
    """A seed of the student's own, stable across runs: another student's answers were made on other inputs.

    The course seed is the instructor's secret; without it, a student who knows
    this function could compute their own inputs in advance.
    """
    digest = hashlib.sha256(f"{course_seed or 0}:{student_id.strip().lower()}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % SEED_RANGE
