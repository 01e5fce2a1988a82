"""The learner path on every Python this machine has (issue 24, part 3): for each, a venv of its own, the kit
installed as the README says (`pip install -e .`), then solutions 100 %, stubs "not started", one notebook check
run in a fresh Jupyter kernel (nbclient), and the judge's reading of source with DeprecationWarning as an error
(ast_deprecations.py). The whole suite stays on one Python; this is its smoke.

    python tests/smoke/python_versions.py                    # every Python found (see PYTHONS below)
    python tests/smoke/python_versions.py /usr/bin/python3.12 # these ones
    python tests/smoke/python_versions.py --use 3.11=.venv/bin/python   # 3.11: a venv that has the kit already

Cheap on a second run: the venvs and pip's wheel cache are kept (AUTOGRAD_KIT_SMOKE_HOME, by default
~/.cache/autograd-kit-smoke), and `pip install -e .` into a venv that has the kit's requirements already
installs nothing. Each Python gets its own torch (no --system-site-packages): torch is built per Python.
Only the standard library here: this file runs under whichever Python calls it.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parents[2]
HOME = Path(os.environ.get("AUTOGRAD_KIT_SMOKE_HOME", Path.home() / ".cache" / "autograd-kit-smoke"))
SUPPORTED = ((3, 11), (3, 12), (3, 13), (3, 14))
# Where these machines keep their Pythons (pyenv), then the usual names on PATH.
PYTHONS = ["/root/.pyenv/versions/*/bin/python3", *(f"python3.{minor}" for _, minor in SUPPORTED)]
LIMIT_S = 1800  # one step (an install downloads torch the first time)

NOTEBOOK_RUN = r"""
import ast, json, sys
import nbformat
from nbclient import NotebookClient

notebook_path, solution_path, folder = sys.argv[1:4]
notebook = nbformat.read(notebook_path, as_version=4)
source = open(solution_path, encoding="utf-8").read()
lines = source.splitlines()
for node in ast.parse(source).body:  # the learner's typing: each stub cell replaced by its solved function
    if isinstance(node, ast.FunctionDef):
        for cell in notebook.cells:
            if cell.cell_type == "code" and f"def {node.name}(" in cell.source:
                cell.source = "\n".join(lines[node.lineno - 1:node.end_lineno])
NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
shown = [o for o in notebook.cells[-1].outputs if o.output_type == "execute_result"]
print(json.dumps(shown[0].data["text/plain"] if shown else notebook.cells[-1].outputs))
"""


def pythons(named: list[str]) -> dict[str, str]:
    """Version ("3.12") -> interpreter, one per supported minor version."""
    found: dict[str, str] = {}
    for pattern in named or PYTHONS:
        for candidate in sorted(glob.glob(pattern)) or ([shutil.which(pattern)] if shutil.which(pattern) else []):
            try:
                version = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                         capture_output=True, text=True, timeout=60).stdout.strip()
            except OSError:
                continue
            parts = tuple(int(p) for p in version.split(".") if p.isdigit())
            if parts in SUPPORTED and version not in found:
                found[version] = candidate
    return dict(sorted(found.items()))


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    ran = subprocess.run(command, capture_output=True, text=True, timeout=LIMIT_S, **kwargs)
    if ran.returncode != 0:
        raise SmokeFailed(f"{' '.join(map(str, command))} exited {ran.returncode}:\n{(ran.stdout + ran.stderr)[-3000:]}")
    return ran


class SmokeFailed(RuntimeError):
    pass


def venv_for(version: str, interpreter: str) -> Path:
    """A venv of VERSION with the kit installed from this checkout (kept between runs)."""
    venv = HOME / f"venv-{version}"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        run([interpreter, "-m", "venv", "--clear", str(venv)])
    env = {**os.environ, "PIP_CACHE_DIR": str(HOME / "pip-cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{KIT}[notebook]"], env=env)
    return python


def grade(python: Path, target: Path) -> dict:
    ran = subprocess.run([str(python), "grader.py", "--target", str(target), "--json", "-", "--seed", "11"], cwd=KIT,
                         capture_output=True, text=True, timeout=LIMIT_S, env={**os.environ, "LANG": "C.UTF-8"})
    if ran.returncode != 0:
        raise SmokeFailed(f"grading {target} exited {ran.returncode}:\n{(ran.stdout + ran.stderr)[-3000:]}")
    return json.loads(ran.stdout)


def smoke(version: str, interpreter: str, installed: bool = False) -> dict[str, float]:
    """Each step's seconds; SmokeFailed says which step failed and why. INSTALLED: INTERPRETER is a venv's,
    with the kit installed already (.ci/run's own, made by the README's setup a moment before)."""
    times: dict[str, float] = {}
    started = time.perf_counter()
    python = Path(interpreter) if installed else venv_for(version, interpreter)
    times["install"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix=f"autograd-kit-smoke-{version}-") as work:
        solutions, stubs = Path(work, "solutions", "exercises"), Path(work, "stubs", "exercises")
        shutil.copytree(KIT / "solutions", solutions)  # copies: state.json goes beside them, not into the kit
        shutil.copytree(KIT / "exercises", stubs)
        mark = time.perf_counter()
        solved = grade(python, solutions)
        if not (solved["points"] == solved["max_points"] > 0):
            raise SmokeFailed(f"solutions scored {solved['points']}/{solved['max_points']} on Python {version}")
        untouched = grade(python, stubs)
        if {e["status"] for e in untouched["exercises"]} != {"not_started"} or untouched["points"] != 0:
            raise SmokeFailed(f"stubs on Python {version}: {[e['status'] for e in untouched['exercises']]}")
        times["grade"] = time.perf_counter() - mark
        mark = time.perf_counter()
        shown = json.loads(run([str(python), "-c", NOTEBOOK_RUN, str(KIT / "notebooks" / "04_gradients_by_hand.ipynb"),
                                str(KIT / "solutions" / "04_gradients_by_hand.py"), work]).stdout.splitlines()[-1])
        if not isinstance(shown, str) or "passed" not in shown or "✘" in shown:
            raise SmokeFailed(f"the notebook check on Python {version} showed: {shown}")
        times["notebook"] = time.perf_counter() - mark
    mark = time.perf_counter()
    # The judge's reading of source, with what this Python deprecates as an error (what the next one drops)
    run([str(python), "-W", "error::DeprecationWarning", str(KIT / "tests" / "smoke" / "ast_deprecations.py")])
    times["ast"] = time.perf_counter() - mark
    return times


def main(argv: list[str]) -> int:
    used: dict[str, str] = {}
    while "--use" in argv:
        at = argv.index("--use")
        version, _, python = argv[at + 1].partition("=")
        used[version] = python
        del argv[at:at + 2]
    found = {**pythons(argv), **used}
    if not found:
        print("no supported Python found", file=sys.stderr)
        return 1
    failed = 0
    for version, interpreter in found.items():
        started = time.perf_counter()
        try:
            times = smoke(version, interpreter, installed=version in used)
        except (SmokeFailed, subprocess.TimeoutExpired) as problem:
            failed += 1
            print(f"Python {version} ({interpreter}): FAILED\n{problem}", flush=True)
            continue
        steps = ", ".join(f"{step} {seconds:.0f} s" for step, seconds in times.items())
        print(f"Python {version} ({interpreter}): solutions 100 %, stubs not started, notebook check passed "
              f"({steps}; {time.perf_counter() - started:.0f} s in all)", flush=True)
    print(f"Python smoke: {len(found) - failed} of {len(found)} Pythons passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
