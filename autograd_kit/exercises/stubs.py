"""Generate exercises/ from solutions/: the solutions are the single source.

In a solution file, code between `# BEGIN SOLUTION` and `# END SOLUTION` is
the answer. Inside a function body the generator replaces it with a `raise
NotImplementedError` that names the exercise and function; anywhere else (a
decorator, say) it is simply removed. Everything else is copied as it is.

    python grader.py dev generate-stubs            # rewrite exercises/ (and stubs.json)
    python grader.py dev generate-stubs --out DIR  # write somewhere else

The same stubs are bundled in autograd_kit/stubs.json, so that `grader.py
reset` can restore one even in a copy of the kit without solutions/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from autograd_kit.exercises.manifest import KIT_ROOT, load_exercises

PRISTINE_PATH = Path(__file__).with_name("stubs.json")
BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
DEF = re.compile(r"^(\s*)def\s+(\w+)\s*\(")


class StubError(ValueError):
    pass


def stub_source(solution: str, exercise: str, filename: str = "<solution>") -> str:
    out: list[str] = []
    lines = solution.splitlines(keepends=True)
    inside = False
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise StubError(f"{filename}:{number}: nested {BEGIN}")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            function = _enclosing_function(lines[: number - 1], len(indent))
            if function:
                out.append(f'{indent}raise NotImplementedError("{exercise}: {function}() is not written yet / 아직 작성 전")\n')
        elif marker == END:
            if not inside:
                raise StubError(f"{filename}:{number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise StubError(f"{filename}: {BEGIN} is never closed")
    return "".join(out)


def _enclosing_function(before: list[str], indent: int) -> str | None:
    if indent == 0:
        return None
    for line in reversed(before):
        match = DEF.match(line)
        if match and len(match.group(1)) < indent:
            return match.group(2)
    return None


def generate(solutions_dir: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for exercise in load_exercises():
        source = exercise.path_in(solutions_dir)
        if not source.exists():
            raise StubError(f"missing solution {source}")
        target = exercise.path_in(out_dir)
        target.write_text(stub_source(source.read_text(encoding="utf-8"), exercise.name, str(source)), encoding="utf-8")
        written.append(target)
    return written


def default_dirs() -> tuple[Path, Path]:
    return KIT_ROOT / "solutions", KIT_ROOT / "exercises"


def write_pristine(stub_dir: Path, path: Path = PRISTINE_PATH) -> None:
    """Bundle the stubs in stub_dir, for reset."""
    from autograd_kit.report.files import write_atomically

    bundle = {e.name: e.path_in(stub_dir).read_text(encoding="utf-8") for e in load_exercises()}
    write_atomically(path, json.dumps(bundle, indent=1, ensure_ascii=False) + "\n")


def pristine(name: str, path: Path = PRISTINE_PATH) -> str:
    """The untouched stub of one exercise."""
    return json.loads(path.read_text(encoding="utf-8"))[name]


def pristine_or_none(name: str) -> str | None:
    """The untouched stub, or None where the bundle is missing or damaged (the learner's commands go on)."""
    try:
        return pristine(name)
    except (OSError, KeyError, ValueError):
        return None
