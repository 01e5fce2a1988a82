"""Gradescope: `grader.py gradescope-package` builds the autograder zip; `grader.py gradescope-run` grades.

The zip holds the grader and the checks, but not solutions/ (a submission cannot read what is not there)
and not the kit's own tests. Gradescope unpacks it to /autograder/source, runs setup.sh once as root to
build the image, then run_autograder as root for every submission. run_autograder is a thin wrapper: it
makes the course secret (or seed) root's alone and calls `grader.py gradescope-run`, which checks that the
container is big enough, reads the secret, grades /autograder/submission and writes
/autograder/results/results.json once, after every process of the student's code has ended.

With --seed-from-student, each student's seed is an HMAC of their id under the course secret (seeds.py):
256 random bits that gradescope-package draws (or reads from --course-secret-file or the environment). The
secret never appears on a command line, in the environment or in a file anyone but root may read: it sits in
source/course_secret (mode 0600, root's), and only the grader process reads it, before any student code runs.
Workers run as users of their own, under Landlock, and cannot open it. A plain --seed (the same inputs for
everyone) sits in source/course_seed the same way.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import stat
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from autograd_kit.classroom import container
from autograd_kit.classroom.container import GIB
# The torch the kit is tested with (CPU builds) and the files the zip holds, shared with Classroom50's bundle
from autograd_kit.classroom.pins import CPU_INDEX, PACKAGED, TORCH, TORCHVISION
from autograd_kit.exercises.manifest import KIT_ROOT, load_exercises
from autograd_kit.grading.seeds import (
    SECRET_ENV,
    CourseSecretError,
    load_course_secret,
    new_course_secret,
    parse_course_secret,
    read_course_secret_file,
    student_seed,
)
from autograd_kit.report.files import write_atomically

SEED_FILE = "course_seed"  # in /autograder/source: root's, mode 0600; the one seed of a package without
SECRET_FILE = "course_secret"  # --seed-from-student's course secret, in hex: root's, mode 0600
SETTINGS_FILE = "gradescope.json"  # what the instructor chose when building the zip (nothing secret)
DEFAULT_ROOT = Path("/autograder")

# What grading needs. Measured here (torch 2.14.1, 2 cores) on the solutions as a submission: the memory
# cgroup's usage peaked at 1.6 GiB (PSS summed over the process tree: 1.7-1.9 GiB); the grader was killed at a
# 1.5 GiB limit and graded everything at 2 GiB. Instructors saw a 1.35 GiB peak with the CPU build. Half a CPU
# grades honest work in twice the time, but a file that computes until its limit costs 2 x timeout of CPU
# (the retry), 400 s for all 20 at the default: over 13 minutes at half a CPU, 8 measured at 2 CPUs.
# Below MINIMUM the grader refuses; the recommendation leaves room for a student's big tensors too.
MINIMUM = container.Requirement(memory_bytes=int(1.75 * GIB), cpus=1.0)
MEASURED_PEAK_GIB = 1.6
RECOMMENDED_MEMORY_GB = 3
RECOMMENDED_CPUS = 2
GRADESCOPE_MAX_TIMEOUT_MIN = 40  # its documentation's most; its default is 10
# Where Gradescope keeps these settings (its documentation's words).
WHERE = 'the assignment\'s Settings page, section "Autograder Settings"'


@dataclass(frozen=True)
class Settings:
    """What the package was built with: run_autograder passes none of it on a command line."""

    seed_from_student: bool = False
    timeout_s: float | None = None
    accept_weak_sandbox: bool = False
    feedback: str = "full"  # what students see of a failed check; instructors see it all (hidden tests)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Settings:
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Recommendation:
    """What the instructor sets on Gradescope for this assignment."""

    memory_gb: int
    cpus: int
    total_points: float
    hanging_minutes: float  # how long a submission whose every file hangs takes to grade
    timeout_minutes: int  # Gradescope's autograder timeout that leaves room for that

    def lines(self) -> list[str]:
        return [
            f"On Gradescope, in {WHERE}, set:",
            f"  memory:       {self.memory_gb} GB  (the default, 768 MB, is too small: grading peaked at "
            f"{MEASURED_PEAK_GIB:g} GiB; the autograder refuses less than {MINIMUM.memory_bytes / GIB:g} GiB)",
            f"  CPUs:         {self.cpus}     (the default, 0.5, is refused: the autograder needs at least "
            f"{MINIMUM.cpus:g})",
            f"  timeout:      {self.timeout_minutes} minutes  (the default is 10: a submission whose every file hangs "
            f"takes about {self.hanging_minutes:.0f}, and one that Gradescope stops gets no results)",
            f"  total points: {self.total_points:g}   (the sum of every check's points: the score in "
            f"results.json is out of this)",
        ]


# --- gradescope-package -----------------------------------------------------------------------------------

def package_main(argv: list[str]) -> int:
    return command(build_parser().parse_args(argv[1:]))


def run_main(argv: list[str]) -> int:
    return run_command(build_run_parser().parse_args(argv[1:]))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader.py gradescope-package",
                                     description="Build a Gradescope autograder zip (setup.sh, run_autograder).")
    parser.add_argument("--output", type=Path, default=Path("autograder.zip"), help="default: autograder.zip")
    parser.add_argument("--seed-from-student", action="store_true",
                        help="give each student inputs of their own, derived from their id and the course secret "
                             "(a new one, 256 random bits, unless --course-secret-file or "
                             f"{SECRET_ENV} gives it; kept inside the zip, readable by root only)")
    parser.add_argument("--course-secret-file", type=Path, metavar="PATH",
                        help="with --seed-from-student: the course secret to use (mode 0600, 32+ hex digits)")
    parser.add_argument("--seed", type=int, help="one seed for every student (not with --seed-from-student)")
    parser.add_argument("--timeout", type=float, help="per-call time limit for student code")
    parser.add_argument("--accept-weak-sandbox", action="store_true",
                        help="let the autograder grade where the kernel's sandbox layers are not all available "
                             "(a container that forbids namespaces); each result says which layers were on")
    parser.add_argument("--feedback", choices=("full", "actual", "none"), default="full",
                        help="what students see of a failed check: full (expected, got, the mistake), actual (what "
                             "their code gave and the mistake's name), none (the check and its status); "
                             "instructors see the full explanation as hidden tests")
    return parser


def command(args: argparse.Namespace) -> int:
    settings = Settings(args.seed_from_student, None if args.timeout is None else float(args.timeout),
                        args.accept_weak_sandbox, args.feedback)
    try:
        given = load_course_secret(args.course_secret_file) if args.seed_from_student else None
        if args.seed_from_student and args.seed is not None:
            raise CourseSecretError("--seed-from-student does not take --seed: each student's seed comes from the "
                                    "course secret, at least 128 random bits (a number given as --seed is found "
                                    "from two students' results in seconds). Leave --seed out and a new secret "
                                    "is drawn, or give yours with --course-secret-file")
        if args.course_secret_file is not None and not args.seed_from_student:
            raise CourseSecretError("--course-secret-file is for --seed-from-student: add that, or leave it out")
    except CourseSecretError as problem:
        print(f"Not built: {problem}", file=sys.stderr)
        return 2
    # Without a secret, a student who knows seeds.student_seed could compute their inputs in advance.
    secret = (given.key.hex() if given is not None else new_course_secret()) if args.seed_from_student else None
    files = build(args.output, settings, args.seed, secret)
    print(f"wrote {args.output} ({files} files). Upload it as the autograder of a Gradescope programming assignment.")
    if secret is not None and given is None:
        print(f"A new course secret was drawn; it is in the zip's {SECRET_FILE} (keep the zip private, and keep "
              f"the secret to regrade with the same inputs: `grader.py batch --seed-from-student "
              f"--course-secret-file` takes it).")
    print()
    print("\n".join(recommend(settings.timeout_s).lines()))
    return 0


def recommend(timeout_s: float | None) -> Recommendation:
    hanging = hanging_minutes(timeout_s, len(load_exercises()))
    timeout = min(GRADESCOPE_MAX_TIMEOUT_MIN, 5 * math.ceil((hanging + 5) / 5))
    return Recommendation(RECOMMENDED_MEMORY_GB, RECOMMENDED_CPUS, total_points(), hanging, timeout)


def hanging_minutes(timeout_s: float | None, exercises: int) -> float:
    """How long a submission whose every file hangs at import takes: each import meets the wall-clock backstop
    twice (the second try is in a fresh worker). Measured: 20 minutes (1210 s) at the default 10 s."""
    from autograd_kit.sandbox.isolation import Limits

    limits = Limits() if timeout_s is None else Limits(timeout_s=timeout_s)
    return exercises * 2 * limits.wall_s / 60


def total_points() -> float:
    """The assignment's total: every check's points marker, counted without running any."""
    from autograd_kit.grading.grade import max_points

    return max_points()


def build(output: Path, settings: Settings, seed: int | None, secret: str | None = None) -> int:
    """The zip at OUTPUT; SECRET (hex) is the course secret of --seed-from-student, SEED the one seed otherwise."""
    output.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "setup.sh", SETUP_SH, 0o755)
        _add(archive, "run_autograder", RUN_AUTOGRADER, 0o755)
        _add(archive, SETTINGS_FILE, settings.to_json(), 0o644)
        if seed is not None:
            _add(archive, SEED_FILE, f"{int(seed)}\n", 0o600)  # setup.sh and run_autograder enforce it again
            count += 1
        if secret is not None:
            parse_course_secret(secret)  # never a weak one, whoever calls
            _add(archive, SECRET_FILE, f"{secret}\n", 0o600)  # the same
            count += 1
        for name in PACKAGED:
            path = KIT_ROOT / name
            sources = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for source in sources:
                if "__pycache__" in source.parts or source.suffix == ".pyc":
                    continue
                archive.write(source, source.relative_to(KIT_ROOT).as_posix())
                count += 1
    return count + 3


def _add(archive: zipfile.ZipFile, name: str, text: str, mode: int) -> None:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)


# --- gradescope-run ---------------------------------------------------------------------------------------

def build_run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader.py gradescope-run",
                                     description="Grade a Gradescope submission (what run_autograder calls).")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT,
                        help="Gradescope's folder, with source/, submission/ and results/ (default: /autograder)")
    return parser


def run_command(args: argparse.Namespace) -> int:
    try:
        return run(args.root)
    except Exception as problem:
        # Gradescope shows results.json and nothing the grader printed: the reason must be in it.
        _write(args.root / "results" / "results.json",
               failure(f"The grader failed: {type(problem).__name__}: {problem}. Please tell your instructor."))
        raise


def run(root: Path) -> int:
    """Grade root/submission into root/results/results.json; every way out leaves that file."""
    results = root / "results" / "results.json"
    source = root / "source"
    try:
        settings = Settings.from_json((source / SETTINGS_FILE).read_text(encoding="utf-8"))
        # First: no student code has run yet. CourseSecretError is a ValueError, and never quotes the file.
        secret = (read_course_secret_file(source / SECRET_FILE, follow_links=False)
                  if settings.seed_from_student else None)
        course_seed = None if settings.seed_from_student else read_seed(source / SEED_FILE)
    except (OSError, ValueError, TypeError) as problem:
        _write(results, failure(f"The autograder package is broken: {problem}. Please tell your instructor."))
        return 3
    short = container.shortfalls(container.read(), MINIMUM)
    if short:
        _write(results, failure(too_small(short)))
        return 0
    student = student_id(root / "submission_metadata.json")
    seed = student_seed(student, secret) if secret is not None else course_seed
    del secret
    return _grade(root / "submission", results, settings, seed, student)


def _grade(submission: Path, results: Path, settings: Settings, seed: int | None, student: str) -> int:
    from autograd_kit.grading.grade import GradeRequest, GraderFailure, grade_submission
    from autograd_kit.report import leveled
    from autograd_kit.sandbox import isolation

    with _workers_go_first_when_memory_runs_out():
        isolation.warm_up()  # the forkserver, and every worker it forks, inherit this block's score
    limits = isolation.Limits() if settings.timeout_s is None else isolation.Limits(timeout_s=settings.timeout_s)
    # run_autograder grades one submission in a fresh container: peers' work is never there to reach (policy.py)
    request = GradeRequest(submission, (), seed, limits, student=student,
                           accept_weak_sandbox=settings.accept_weak_sandbox, alone=True)
    try:
        grade, _refused = grade_submission(submission, request)
    except GraderFailure as problem:
        _write(results, failure(f"The grader could not grade this submission.\n{problem}"))
        return 3
    _write(results, leveled.render(grade, "gradescope", settings.feedback))
    return 0


def read_seed(path: Path) -> int | None:
    """The course seed, from a file only this user may read; None when the package has none.

    A file that others may read is refused rather than used: run_autograder makes it 0600 before the
    grader starts, so a looser mode means that did not work, and the seed may already be out.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, encoding="ascii") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
            raise ValueError(f"{path} must be a file of this user's with mode 0600, not mode "
                             f"{stat.S_IMODE(info.st_mode):04o} owned by uid {info.st_uid}")
        try:
            return int(file.read().strip())
        except ValueError:
            raise ValueError(f"{path} does not hold a whole number") from None  # and says nothing of what it holds


def student_id(metadata: Path) -> str:
    """The student's id from Gradescope's submission_metadata.json: sid, else email, else the submission's id."""
    try:
        meta = json.loads(metadata.read_text(encoding="utf-8"))
        user = (meta.get("users") or [{}])[0]
        return str(user.get("sid") or user.get("email") or meta.get("id") or "") or "student"
    except (OSError, ValueError, AttributeError, IndexError):
        return "student"


def too_small(short: list[str]) -> str:
    return "\n".join([
        "This submission was not graded: the autograder's container is too small to grade in (PyTorch, the "
        "grader and the student's code need more than Gradescope gives by default).",
        "What the grader found:",
        *(f"  {line}" for line in short),
        f"Instructor: in {WHERE}, set memory to {RECOMMENDED_MEMORY_GB} GB and CPUs to {RECOMMENDED_CPUS} "
        f"(no less than {MINIMUM.memory_bytes / GIB:g} GiB and {MINIMUM.cpus:g} CPU), then regrade the "
        "submissions. `grader.py gradescope-package` prints these settings.",
        "Student: nothing is wrong with your work; your instructor has to change a setting.",
    ])


def failure(reason: str) -> str:
    """A results.json with no points and the reason, which is all Gradescope shows when nothing was graded."""
    from autograd_kit.report.formats import render_failure

    return render_failure("gradescope", reason, 0) or ""


def _write(results: Path, text: str) -> None:
    write_atomically(results, text + "\n")


@contextmanager
def _workers_go_first_when_memory_runs_out() -> Iterator[None]:
    """When a student's code fills the container's memory, the kernel kills the process with the highest
    score; without this that can be the grader (the biggest), which leaves no results at all. Processes
    started in this block (the forkserver, so every worker) get the highest score; the grader keeps its
    own. Raising a score needs no privilege, and lowering it back to where it was needs none either."""
    setting = Path("/proc/self/oom_score_adj")
    try:
        before = setting.read_text(encoding="ascii").strip()
        setting.write_text("1000", encoding="ascii")
    except OSError:
        yield  # no /proc: the kernel's usual choice then
        return
    try:
        yield
    finally:
        try:
            setting.write_text(before, encoding="ascii")
        except OSError:
            pass


SCRIPTS = Path(__file__).with_name("gradescope_scripts")


def _script(name: str) -> str:
    """One of the package's scripts, its @NAME@ placeholders filled in (bash's own $ and "$@" left alone)."""
    values = {"SEED_FILE": SEED_FILE, "SECRET_FILE": SECRET_FILE, "CPU_INDEX": CPU_INDEX, "TORCH": TORCH, "TORCHVISION": TORCHVISION}
    text = (SCRIPTS / name).read_text(encoding="utf-8")
    return re.sub(r"@([A-Z_]+)@", lambda match: values[match.group(1)], text)


SETUP_SH = _script("setup.sh")  # Gradescope runs it once, as root, to build the image
RUN_AUTOGRADER = _script("run_autograder")  # and this for every submission
