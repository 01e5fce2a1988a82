"""Classroom50: `grader.py classroom50-package` builds an assignment's bundle; `grader.py classroom50-run` grades.

Classroom50's runner fetches `<classroom>/autograders/<slug>.tar.gz` (at most 10 MB), extracts it and runs
`<slug>/autograder.py` with `python`, in the student's checkout, in a 15-minute job with no secrets. The
bundle holds autograder.py (classroom50_scripts/), the kit without solutions/, and classroom50.json (what the
package was built with). autograder.py installs what is missing, then calls `grader.py classroom50-run`,
which grades the checkout and writes ./result.json and ./release-body.md. Exit 0 means graded, whatever the
score; non-zero means the kit could not grade, after saying why (runner.py then records an error, 0/0).

The bundle is public (anyone can fetch it from the classroom's Pages site), so its seed makes each student's
inputs their own (from OWNER) but hides nothing: a student can compute their inputs. Grades that count come
from `grader.py batch` on the instructor's machine.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import sys
import tarfile
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from autograd_kit.classroom import pins
from autograd_kit.exercises.manifest import KIT_ROOT

SETTINGS_FILE = "classroom50.json"
MAX_BUNDLE_BYTES = 10 * 1024 * 1024  # runner.py's MAX_FETCH_BYTES
JOB_SECONDS = 15 * 60  # the autograde job's timeout-minutes
BEFORE_US_SECONDS = 120  # checkout, setup-python, fetching runner.py and the bundle (room kept for them)
TESTED_PYTHON = "3.11"  # a Python the kit's test suite runs with
SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
SCRIPTS = Path(__file__).with_name("classroom50_scripts")


@dataclass(frozen=True)
class Settings:
    """What the bundle was built with; nothing in it is secret (the bundle is public)."""

    slug: str = ""
    course_key: str = ""  # the per-student seeds' HMAC key (seeds.student_seed): public, like the bundle
    feedback: str = "full"
    timeout_s: float | None = None
    accept_weak_sandbox: bool = True  # a runner without sudo still grades, and the Release names the missing layers

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Settings:
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def new_bundle_key() -> str:
    """The bundle's key for per-student seeds: drawn like a course secret, though the bundle makes it public."""
    from autograd_kit.grading.seeds import new_course_secret

    return new_course_secret()


def student_seed_for(owner: str, bundle_key: str) -> int:
    """The student's seed: HMAC-SHA256 of the repository's owner under the bundle's key, as `batch
    --seed-from-student` computes it with that key as the course secret (so a regrade uses the same inputs)."""
    from autograd_kit.grading.seeds import parse_course_secret, student_seed

    return student_seed(owner, parse_course_secret(bundle_key))


# --- classroom50-package ----------------------------------------------------------------------------------

def package_main(argv: list[str]) -> int:
    return package_command(build_parser().parse_args(argv[1:]))


def build_parser() -> argparse.ArgumentParser:
    from autograd_kit.report.feedback_levels import LEVELS

    parser = argparse.ArgumentParser(prog="grader.py classroom50-package",
                                     description="Build a Classroom50 autograder bundle (autograder.py and the kit).")
    parser.add_argument("--out", type=Path, required=True, help="folder to write SLUG/ and SLUG.tar.gz into")
    parser.add_argument("--slug", required=True, help="the assignment's slug in Classroom50")
    parser.add_argument("--feedback", choices=LEVELS, default="full",
                        help="what students see of a failed check (default: full)")
    parser.add_argument("--timeout", type=float, help="per-call time limit for student code")
    parser.add_argument("--require-full-sandbox", action="store_true",
                        help="refuse to grade (an error result) on a runner without every kernel layer, instead of "
                             "grading and naming the missing layers in the Release")
    return parser


def package_command(args: argparse.Namespace) -> int:
    if not SLUG.match(args.slug):
        print(f"grader.py classroom50-package: {args.slug!r} is not an assignment slug (a-z, 0-9, '.', '_', '-')",
              file=sys.stderr)
        return 2
    settings = Settings(args.slug, new_bundle_key(), args.feedback,
                        args.timeout, not args.require_full_sandbox)
    folder, archive = build(args.out, settings)
    size = archive.stat().st_size
    if size > MAX_BUNDLE_BYTES:
        print(f"{archive} is {size} bytes: over Classroom50's {MAX_BUNDLE_BYTES} bytes", file=sys.stderr)
        return 3
    print(f"wrote {folder}/ and {archive} ({size / 1e6:.1f} MB of Classroom50's 10 MB).")
    print(f"Put {folder.name}/ in your config repository as <classroom>/autograders/{args.slug}/ "
          "(publish-pages bundles it), and commit no solutions.")
    print(runtime_lines())
    return 0


def runtime_lines() -> str:
    pinned = json.dumps({"runs-on": "ubuntu-latest", "python": TESTED_PYTHON})
    return "\n".join([
        "Runtime, for `gh teacher assignment add --runtime FILE` (a Python the kit is tested with):",
        f"  {pinned}",
        "Classroom-default variant (no runtime block: the runner's default Python; autograder.py installs",
        "torch for it, which is not a Python the kit's tests ran with):",
        '  {"runs-on": "ubuntu-latest"}',
    ])


def build(out: Path, settings: Settings) -> tuple[Path, Path]:
    """OUT/SLUG/ (autograder.py, classroom50.json, the kit without solutions/) and OUT/SLUG.tar.gz of it."""
    folder = out / settings.slug
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "autograder.py").write_text(autograder_script(), encoding="utf-8")
    (folder / SETTINGS_FILE).write_text(settings.to_json(), encoding="utf-8")
    for name in pins.PACKAGED:
        source = KIT_ROOT / name
        if source.is_file():
            shutil.copy2(source, folder / name)
        else:
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    archive = out / f"{settings.slug}.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(folder, arcname=settings.slug, filter=_plain)
    archive.write_bytes(buffer.getvalue())
    return folder, archive


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def autograder_script() -> str:
    values = {"CPU_INDEX": pins.CPU_INDEX, "TORCH": pins.TORCH, "TORCHVISION": pins.TORCHVISION,
              "JOB_SECONDS": str(JOB_SECONDS), "BEFORE_US_SECONDS": str(BEFORE_US_SECONDS)}
    text = (SCRIPTS / "autograder.py").read_text(encoding="utf-8")
    return re.sub(r"@([A-Z_]+)@", lambda match: values[match.group(1)], text)


# --- classroom50-run --------------------------------------------------------------------------------------

def run_main(argv: list[str]) -> int:
    args = build_run_parser().parse_args(argv[1:])
    return run(args.bundle, args.total_timeout, Path.cwd())


def build_run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader.py classroom50-run",
                                     description="Grade the checkout in the working directory (autograder.py calls it).")
    parser.add_argument("--bundle", type=Path, required=True, help="the bundle's folder (with classroom50.json)")
    parser.add_argument("--total-timeout", type=float, required=True, help="seconds left for grading")
    return parser


def run(bundle: Path, total_timeout_s: float, checkout: Path) -> int:
    """Grade CHECKOUT into CHECKOUT/result.json and release-body.md; 0 when graded, 3 when it could not."""
    import os

    from autograd_kit.grading.grade import GradeRequest, GraderFailure, grade_submission
    from autograd_kit.report import classroom50 as result_v1
    from autograd_kit.report import feedback_levels, leveled
    from autograd_kit.report.files import write_atomically
    from autograd_kit.sandbox import isolation

    started = time.perf_counter()
    try:
        settings = Settings.from_json((bundle / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError) as problem:
        print(f"autograd-kit could not grade: the bundle's {SETTINGS_FILE} cannot be read ({problem})")
        return 3
    owner = os.environ.get("OWNER", "").strip() or os.environ.get("USERNAME", "").strip() or "student"
    limits = isolation.Limits() if settings.timeout_s is None else isolation.Limits(timeout_s=settings.timeout_s)
    isolation.warm_up()
    request = GradeRequest(Path("."), (), student_seed_for(owner, settings.course_key), limits, student=owner,
                           accept_weak_sandbox=settings.accept_weak_sandbox,
                           total_timeout_s=max(total_timeout_s - (time.perf_counter() - started), 30.0))
    try:
        grade, refused = grade_submission(Path("."), request)  # relative: the report names repository paths
        result_v1.check_whole_points(grade)
    except (GraderFailure, result_v1.FractionalPoints) as problem:
        print(f"autograd-kit could not grade this submission:\n{problem}")
        return 3
    shown = feedback_levels.apply(grade, settings.feedback)
    write_atomically(checkout / "result.json", leveled.render(grade, "classroom50", settings.feedback) + "\n")
    body = result_v1.release_body(shown, str(checkout.resolve()))
    if refused:
        body = f"**The submission could not be read:** {refused}\n\n" + body
    write_atomically(checkout / "release-body.md", result_v1.fit(body) + "\n")
    print(f"autograd-kit: {grade.points:g}/{grade.max_points:g} points, seed {grade.seed}")
    return 0
