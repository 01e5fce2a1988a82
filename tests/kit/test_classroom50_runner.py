"""Classroom50's own runner grades a student repository with the kit's bundle.

Needs a checkout of Classroom50 (github.com/foundation50/classroom50, GPL-3.0: read where it is, never copied
here): set CLASSROOM50_SRC to it. The bundle is built with `grader.py classroom50-package` and served on
127.0.0.1 as the classroom's Pages site; a student repository is made with the template, accept and work
commits; Classroom50's runner.py runs in it with the autograde-runner workflow's environment, and its
collect_scores.validate_result reads what was published.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ENGLISH, KIT_ROOT, SOLUTIONS, run_grader

SOURCE = os.environ.get("CLASSROOM50_SRC", "")
SCRIPTS = Path(SOURCE) / "cli" / "gh-teacher" / "skeleton" / "dotgithub" / "scripts"
pytestmark = pytest.mark.skipif(not SOURCE, reason="CLASSROOM50_SRC is not set (a checkout of Classroom50)")

CLASSROOM, SLUG, OWNER = "autograd-101", "autograd", "alice"
DONE = ["01_forward_pass", "02_loss_backward", "04_gradients_by_hand"]  # what the student has solved


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def _student_repository(repo: Path) -> str:
    """Template (the kit's exercises, no autograde.yaml, no solutions), accept, then work; the work's sha."""
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    shutil.copytree(KIT_ROOT / "exercises", repo / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    (repo / "README.md").write_text("autograd exercises\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "template")
    (repo / ".classroom50.yaml").write_text(f"classroom: {CLASSROOM}\nassignment: {SLUG}\n")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "autograde.yaml").write_text("name: autograde\non: push\njobs: {}\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "accept")
    for name in DONE:
        shutil.copy(SOLUTIONS / f"{name}.py", repo / "exercises" / f"{name}.py")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "work")
    return _git(repo, "rev-parse", "HEAD")


def _serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"classroom50_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_classroom50_s_runner_records_the_kit_s_grade(tmp_path):
    built = run_grader("classroom50-package", "--out", str(tmp_path / "out"), "--slug", SLUG,
                       "--feedback", "actual")
    assert built.returncode == 0, built.stdout + built.stderr
    site = tmp_path / "site" / CLASSROOM / "autograders"
    site.mkdir(parents=True)
    shutil.copy(tmp_path / "out" / f"{SLUG}.tar.gz", site / f"{SLUG}.tar.gz")
    repo = tmp_path / f"{CLASSROOM}-{SLUG}-{OWNER}"
    sha = _student_repository(repo)
    server, base = _serve(tmp_path / "site")
    outputs = tmp_path / "github_output"
    tag = f"submit/2026-12-07T05-00-00Z-{sha[:7]}"
    env = {**os.environ, **ENGLISH, "PAGES_BASE_URL": base, "CLASSROOM": CLASSROOM, "ASSIGNMENT": SLUG,
           "SUBMISSION_TAG": tag, "GITHUB_REPOSITORY": f"{CLASSROOM}-org/{repo.name}", "GITHUB_SHA": sha,
           "GITHUB_SERVER_URL": "https://github.com", "GITHUB_ACTOR": OWNER, "GITHUB_OUTPUT": str(outputs),
           "RUNNER_TEMP": str(tmp_path / "runner_temp"), "MODE": "individual", "PYTHONPATH": ""}
    try:
        ran = subprocess.run([sys.executable, str(SCRIPTS / "runner.py")], cwd=repo, env=env, capture_output=True,
                             text=True, timeout=900)
    finally:
        server.shutdown()
    log = ran.stdout + ran.stderr
    assert ran.returncode == 0, log
    status = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    assert status.get("status") not in (None, "error"), log

    result = json.loads((repo / "result.json").read_text())
    _module("collect_scores").validate_result(result, CLASSROOM, SLUG, OWNER)
    assert _module("runner").validate_result(result, classroom=CLASSROOM, assignment=SLUG, owner=OWNER) is None

    # The total is the kit's: the same checkout graded by grader.py with the same seed and owner
    kit = run_grader("--submission", str(repo), "--student-id", OWNER, "--format", "json", "--seed-from-student",
                     env={"AUTOGRAD_KIT_COURSE_SECRET": _bundle_key(tmp_path / "out" / SLUG)}, limit_s=900)
    grade = json.loads(kit.stdout)
    assert (result["score"], result["max-score"]) == (int(grade["points"]), int(grade["max_points"]))
    assert 0 < result["score"] < result["max-score"]
    body = (repo / "release-body.md").read_text()
    assert f"{result['score']}/{result['max-score']}" in body and str(repo) not in body
    assert "expected:" not in body  # the bundle was built with --feedback actual
    print(f"runner status={status['status']} score={result['score']}/{result['max-score']}: {status.get('summary')}")


def _bundle_key(bundle: Path) -> str:
    return json.loads((bundle / "classroom50.json").read_text())["course_key"]
