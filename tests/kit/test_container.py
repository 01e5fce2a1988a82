"""The Gradescope path in a real container runtime (podman or docker, their default seccomp profile and
capabilities, root inside, no network), where the grader gets no namespaces: tests/container/run.sh.

It needs root, a container engine and a Debian root file system (tests/container/make_rootfs.sh); .ci/run
installs them and sets AUTOGRAD_KIT_REQUIRE_CONTAINER=1, so there a missing piece fails the test. Elsewhere
the test is skipped with a reason that says it did not run: it never passes without having run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KIT_ROOT

SCRIPT = KIT_ROOT / "tests" / "container" / "run.sh"
ROOTFS = Path(os.environ.get("AUTOGRAD_KIT_ROOTFS", "/srv/rootfs"))
ENGINE = shutil.which("podman") or shutil.which("docker")


def _missing() -> str:
    if os.geteuid() != 0:
        return "root"
    if ENGINE is None:
        return "podman or docker"
    if not (ROOTFS / "bin" / "sh").exists():
        return f"a root file system at {ROOTFS} (tests/container/make_rootfs.sh)"
    return ""


@pytest.fixture
def container_ready() -> None:
    missing = _missing()
    if missing and os.environ.get("AUTOGRAD_KIT_REQUIRE_CONTAINER") == "1":
        pytest.fail(f"the container test must run here but needs {missing}")
    if missing:
        pytest.skip(f"CONTAINER TEST NOT RUN: it needs {missing}")


@pytest.mark.timeout(2400)
def test_gradescope_in_a_container_without_namespaces(container_ready):
    """Honest work earns every point with namespaces refused by the runtime, and the grade says what is not
    enforced; Python the worker cannot reach is refused, naming it; each attack, alone in its container, gets
    its honest points, changes neither the kit nor results.json, and never sees the course secret."""
    ran = subprocess.run(["bash", str(SCRIPT), str(ROOTFS)], cwd=KIT_ROOT, capture_output=True, text=True,
                         timeout=2300, env={**os.environ, "VENV": sys.prefix})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert " 0 failed" in ran.stdout.splitlines()[-1], ran.stdout
    assert "ok   honest: score 14.0" in ran.stdout and "ok   python_unreachable" in ran.stdout
