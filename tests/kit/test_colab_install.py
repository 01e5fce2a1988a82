"""The notebooks' install cell, as Colab runs it (issue 24, part 5): a fresh kernel whose Python has torch and
not the kit, the kit cloned from the course's repository (here a local one, by file:// URL, set with
`dev generate-stubs --repo`), torch kept as it is, then a check cell that grades. No namespaces, as in Colab."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
from conftest import KIT_ROOT, SOLUTIONS
from nbclient import NotebookClient

from autograd_kit.cli.dev import build_dev_parser
from autograd_kit.exercises import notebooks
from autograd_kit.exercises.manifest import find_exercise
from autograd_kit.exercises.stubs import stub_source

GIT = ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org", "-c", "init.defaultBranch=main"]


def course_repository(folder: Path) -> str:
    """A git repository of this kit as it is now (the instructor's copy), and its file:// URL."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=KIT_ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = KIT_ROOT / name
        if source.is_file() and not source.is_symlink():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    subprocess.run([*GIT, "init", "--quiet"], cwd=folder, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*GIT, "commit", "--quiet", "-m", "the course's kit"], cwd=folder, check=True)
    return folder.as_uri()


def python_with_torch_and_no_kit(venv: Path) -> Path:
    """A venv whose Python has torch (this suite's, through a plain path entry: no .pth of it runs, so not the
    kit's editable install) and no autograd_kit, like Colab's runtime."""
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "runtime.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_dev_generate_stubs_takes_the_course_repository():
    assert build_dev_parser().parse_args(["generate-stubs", "--repo", "https://example.org/k.git"]).repository \
        == "https://example.org/k.git"


# A pip install (an editable build of the kit, every requirement checked), a kernel and a grade: on a loaded
# 2-core machine this took 4 minutes, past the suite's 300 s per test.
@pytest.mark.timeout(1200)
def test_the_install_cell_clones_the_course_kit_keeps_torch_and_a_check_grades(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTHONPATH", raising=False)  # the kernel finds the kit only where the cell puts it
    url = course_repository(tmp_path / "course")
    python = python_with_torch_and_no_kit(tmp_path / "venv")
    found = subprocess.run([str(python), "-c", "import importlib.util as u; import torch; "
                            "print(torch.__version__, u.find_spec('autograd_kit') is None)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout.split()
    torch_version = found[0]
    assert found[1] == "True"  # the kit is not there before the install cell
    # A kernel of that Python (its own kernelspec), started from the learner's folder
    spec = tmp_path / "jupyter" / "kernels" / "runtime"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [str(python), "-m", "ipykernel_launcher", "-f",
                                                           "{connection_file}"], "language": "python",
                                                  "display_name": "runtime with torch"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("AUTOGRAD_KIT_WITHOUT_LAYERS", "namespaces")
    work = tmp_path / "learner"
    work.mkdir()
    exercise = find_exercise("04")
    solution = (SOLUTIONS / exercise.filename).read_text(encoding="utf-8")
    notebook = notebooks.notebook_for(exercise, stub_source(solution, exercise.name), repository=url)
    install = next(c for c in notebook.cells if c.cell_type == "code" and "git clone" in c.source)
    assert url in install.source and "YOUR-ORG" not in install.source
    for cell in notebook.cells:  # the learner's work: the solved functions in place of the stubs
        if cell.cell_type == "code" and "raise NotImplementedError" in cell.source:
            name = cell.source.split("def ", 1)[1].split("(", 1)[0]
            cell.source = solution[solution.index(f"def {name}("):].split("\n\n\n")[0]
    NotebookClient(notebook, timeout=900, kernel_name="runtime", resources={"metadata": {"path": str(work)}}).execute()
    shown = [o for o in notebook.cells[-1].outputs if o.output_type == "execute_result"]
    assert shown, notebook.cells[-1].outputs
    text = shown[0].data["text/plain"]
    assert "passed" in text and "✘" not in text, text
    assert (work / "autograd-kit" / ".git").is_dir()  # cloned from the course's repository
    after = subprocess.run([str(python), "-c", "import torch, autograd_kit; print(torch.__version__, torch.__file__,"
                            " autograd_kit.__file__)"], capture_output=True, text=True, check=True, cwd=tmp_path)
    version, torch_file, kit_file = after.stdout.split()
    assert version == torch_version and torch_file.startswith(sysconfig.get_paths()["purelib"])  # torch kept
    assert kit_file.startswith(str(work / "autograd-kit"))
    assert not any((tmp_path / "venv").rglob("torch/__init__.py"))  # nothing of torch installed again
    assert "installed-here.txt" in install.source and os.path.exists(work / "autograd-kit" / "installed-here.txt")
    kept = (work / "autograd-kit" / "installed-here.txt").read_text()
    assert f"torch=={torch_version.split('+')[0]}\n" in kept, kept  # what the metadata says: 2.14.1 for 2.14.1+cu130
    assert nbformat.validate(notebook) is None
