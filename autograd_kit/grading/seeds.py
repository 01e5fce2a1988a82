"""Seeds for the random inputs of a grade, and the course secret that each student's own seed comes from.

A student's seed is HMAC-SHA256(course secret, student id): without the secret, knowing this function and
any number of students' seeds tells nothing about another student's. The secret is at least 128 random bits
(a short typed number was found from two students' results in seconds), and it reaches the grader from a
file or the environment, never a command line (any local user reads /proc/PID/cmdline).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

SEED_RANGE = 1_000_000
SECRET_ENV = "AUTOGRAD_KIT_COURSE_SECRET"  # read once, then removed from the environment
MIN_SECRET_HEX_DIGITS = 32  # 128 bits
SECRET_FILE_MODE = 0o600
FINGERPRINT_LABEL = b"autograd-kit course secret fingerprint v1"
# How to make one, in every refusal that asks for one.
MAKE_ONE = ("make one with `(umask 077; python -c \"import secrets; print(secrets.token_hex(32))\" > "
            "course-secret)` and pass `--course-secret-file course-secret`, or put it in the environment "
            f"variable {SECRET_ENV}")


class CourseSecretError(ValueError):
    """A course secret that is missing, too short, or kept where others may read it; the message says how to fix it."""


@dataclass(frozen=True)
class CourseSecret:
    """The course's secret key. Its repr and str never show it; `fingerprint` tells two secrets apart."""

    key: bytes = field(repr=False)

    @property
    def fingerprint(self) -> str:
        """An HMAC of a fixed label under the secret: equal for the same secret, and reveals nothing of it."""
        return hmac.new(self.key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]

    def __str__(self) -> str:
        return f"course secret {self.fingerprint}"


def new_seed() -> int:
    return secrets.randbelow(SEED_RANGE)


def new_course_secret() -> str:
    """A fresh course secret, as text to keep in a file: 256 random bits in hex."""
    return secrets.token_hex(32)


def student_seed(student_id: str, secret: CourseSecret) -> int:
    """A seed of the student's own, stable across runs: HMAC-SHA256 of their id (trimmed, lower case) under
    the course secret, reduced to SEED_RANGE. Another student's answers were made on other inputs."""
    if not isinstance(secret, CourseSecret):
        raise TypeError("student_seed needs a CourseSecret (parse_course_secret), not a number")
    digest = hmac.new(secret.key, student_id.strip().lower().encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % SEED_RANGE


def parse_course_secret(text: str) -> CourseSecret:
    """The secret in TEXT: at least 32 hex digits (128 bits), as new_course_secret writes; CourseSecretError
    when it is shorter or plainly not random. The message never repeats what TEXT holds."""
    digits = text.strip().lower()
    if len(digits) % 2 or any(ch not in "0123456789abcdef" for ch in digits):
        raise CourseSecretError(f"the course secret must be hex digits (an even number of them); {MAKE_ONE}")
    if len(digits) < MIN_SECRET_HEX_DIGITS:
        raise CourseSecretError(f"the course secret has {len(digits) * 4} bits, fewer than the 128 that keep "
                                f"students from finding it; {MAKE_ONE}")
    if len(set(digits)) < 8:  # "0000...", "0123" * 8: typed, not drawn (a random one has about 15 of 16)
        raise CourseSecretError(f"the course secret repeats a few digits: it was typed, not drawn; {MAKE_ONE}")
    return CourseSecret(bytes.fromhex(digits))


def read_course_secret_file(path: Path, follow_links: bool = True) -> CourseSecret:
    """The secret in PATH, a file of this user's that nobody else may read (mode 0600 or 0400).

    A Kubernetes Secret's files are links into its volume, so links are followed unless FOLLOW_LINKS is False.
    """
    flags = os.O_RDONLY | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    try:
        descriptor = os.open(path, flags)
    except OSError as problem:
        raise CourseSecretError(f"cannot read the course secret file {path} ({problem.strerror})") from None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
            raise CourseSecretError(
                f"the course secret file {path} must be a file of this user's that nobody else may read "
                f"(chmod 600), not mode {stat.S_IMODE(info.st_mode):04o} owned by uid {info.st_uid}")
        raw = file.read(4096)
    try:
        return parse_course_secret(raw.decode("ascii"))
    except UnicodeDecodeError:
        raise CourseSecretError(f"{path} does not hold a course secret in hex; {MAKE_ONE}") from None


def load_course_secret(path: Path | None = None,
                       environ: MutableMapping[str, str] | None = None) -> CourseSecret | None:
    """The course secret from PATH, else from the environment variable SECRET_ENV; None when neither gives one.

    The variable is removed from the environment either way, before any process is started that could inherit
    it (workers, the forkserver, a batch's pool)."""
    environ = os.environ if environ is None else environ
    from_environment = environ.pop(SECRET_ENV, None)
    if path is not None:
        return read_course_secret_file(path)
    if from_environment is not None and from_environment.strip():
        return parse_course_secret(from_environment)
    return None
