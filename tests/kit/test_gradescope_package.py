"""The Gradescope autograder zip, built and then run the way Gradescope runs it."""

import json
import os
import stat
import subprocess
import sys
import zipfile

from conftest import LEARNERS, SOLUTIONS, run_grader


def test_the_package_grades_a_submission_like_gradescope(tmp_path):
    package = tmp_path / "autograder.zip"
    built = run_grader("gradescope-package", "--output", str(package), "--seed", "5", "--timeout", "3", limit_s=60)
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        root = tmp_path / "autograder"
        archive.extractall(root / "source")
    assert {"setup.sh", "run_autograder", "grader.py", "autograd_kit/grading.py",
            "tests/checks/test_04_gradients_by_hand.py"} <= set(names)
    assert not [n for n in names if n.startswith(("solutions/", "exercises/", "tests/kit/"))]
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR

    # Gradescope's layout: the student's files, their metadata, and an empty results folder.
    (root / "submission").mkdir()
    (root / "results").mkdir()
    (root / "submission" / "04_gradients_by_hand.py").write_bytes((SOLUTIONS / "04_gradients_by_hand.py").read_bytes())
    (root / "submission" / "09_no_grad_context.py").write_bytes((LEARNERS / "tampers_and_lies.py").read_bytes())
    (root / "submission_metadata.json").write_text(json.dumps({"id": 1, "users": [{"sid": "s123", "email": "a@b"}]}))
    script = root / "source" / "run_autograder"
    script.chmod(0o755)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    ran = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 7.0  # exercise 04 in full; the tampering file earns nothing
    assert {t["status"] for t in results["tests"] if t["name"].startswith("04")} == {"passed"}
    assert sorted(p.name for p in (root / "results").iterdir()) == ["results.json"]


def test_a_container_without_the_kernel_layers_gets_a_results_file_that_names_them(tmp_path):
    package = tmp_path / "autograder.zip"
    assert run_grader("gradescope-package", "--output", str(package), limit_s=60).returncode == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    (root / "submission" / "04_gradients_by_hand.py").write_bytes((SOLUTIONS / "04_gradients_by_hand.py").read_bytes())
    script = root / "source" / "run_autograder"
    script.chmod(0o755)
    # What a container that forbids Landlock looks like to the grader.
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable,
           "AUTOGRAD_KIT_WITHOUT_LAYERS": "landlock"}
    ran = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0
    assert "will not run untrusted code" in results["output"] and "landlock (left out" in results["output"]
    assert "--accept-weak-sandbox" in results["output"]


def test_run_autograder_still_leaves_a_results_file_when_the_grader_cannot_run(tmp_path):
    package = tmp_path / "autograder.zip"
    assert run_grader("gradescope-package", "--output", str(package), limit_s=60).returncode == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / "source")
    script = root / "source" / "run_autograder"
    script.chmod(0o755)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": str(tmp_path / "no-python")}
    ran = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0 and "autograder itself failed" in results["output"]
