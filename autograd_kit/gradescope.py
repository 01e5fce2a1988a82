"""`grader.py gradescope-package`: build the zip that Gradescope's autograder setup takes.

The zip holds the grader and the checks, but not solutions/ (a submission
cannot read what is not there) and not the kit's own tests. run_autograder
grades /autograder/submission and writes /autograder/results/results.json
once, after every process of the student's code has ended.
"""

from __future__ import annotations

import argparse
import shlex
import stat
import zipfile
from pathlib import Path

from autograd_kit.manifest import KIT_ROOT

PACKAGED = ["grader.py", "pyproject.toml", "README.md", "autograd_kit", "tests/checks"]

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
python=$(command -v python3.12 || command -v python3.11 || true)
if [ -z "$python" ]; then
  apt-get update
  apt-get install -y python3.11 python3.11-venv
  python=python3.11
fi
"$python" -m venv /autograder/venv
# The CPU builds of torch: no GPU on Gradescope, and a tenth of the download.
/autograder/venv/bin/pip install --index-url https://download.pytorch.org/whl/cpu "torch>=2.4,<3" "torchvision>=0.19,<1"
/autograder/venv/bin/pip install -e /autograder/source
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. The grader writes results.json
# itself, once, after all of the student's code has finished.
root=${{AUTOGRADER_ROOT:-/autograder}}
python=${{AUTOGRADER_PYTHON:-$root/venv/bin/python}}
cd "$root/source"
student=$("$python" - "$root/submission_metadata.json" <<'PY' 2>/dev/null
import json, sys
meta = json.load(open(sys.argv[1], encoding="utf-8"))
user = (meta.get("users") or [{{}}])[0]
print(user.get("sid") or user.get("email") or meta.get("id") or "")
PY
)
"$python" grader.py --submission "$root/submission" --format gradescope \\
    --output "$root/results/results.json" --student-id "${{student:-student}}"{extra}
status=$?
if [ ! -s "$root/results/results.json" ]; then
  mkdir -p "$root/results"
  printf '{{"score": 0, "output": "The autograder itself failed (exit code %s). Please tell your instructor."}}\\n' \\
    "$status" > "$root/results/results.json"
fi
exit 0
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader.py gradescope-package",
                                     description="Build a Gradescope autograder zip (setup.sh, run_autograder).")
    parser.add_argument("--output", type=Path, default=Path("autograder.zip"), help="default: autograder.zip")
    parser.add_argument("--seed-from-student", action="store_true",
                        help="give each student inputs of their own, derived from their id and --seed")
    parser.add_argument("--seed", type=int, help="the course's secret seed (kept inside the zip)")
    parser.add_argument("--timeout", type=float, help="per-call time limit for student code")
    parser.add_argument("--accept-weak-sandbox", action="store_true",
                        help="let the autograder grade where the kernel's sandbox layers are not all available "
                             "(a container that forbids namespaces); each result says which layers were on")
    return parser


def command(args: argparse.Namespace) -> int:
    extra = ""
    if args.seed is not None:
        extra += f" --seed {int(args.seed)}"
    if args.seed_from_student:
        extra += " --seed-from-student"
    if args.timeout is not None:
        extra += f" --timeout {shlex.quote(str(float(args.timeout)))}"
    if args.accept_weak_sandbox:
        extra += " --accept-weak-sandbox"
    files = build(args.output, RUN_AUTOGRADER.format(extra=extra))
    print(f"wrote {args.output} ({files} files). Upload it as the autograder of a Gradescope programming assignment.")
    return 0


def build(output: Path, run_autograder: str) -> int:
    output.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        _add_script(archive, "setup.sh", SETUP_SH)
        _add_script(archive, "run_autograder", run_autograder)
        for name in PACKAGED:
            path = KIT_ROOT / name
            sources = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for source in sources:
                if "__pycache__" in source.parts or source.suffix == ".pyc":
                    continue
                archive.write(source, source.relative_to(KIT_ROOT).as_posix())
                count += 1
    return count + 2


def _add_script(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFREG | 0o755) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)
