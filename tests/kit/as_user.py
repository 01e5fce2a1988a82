"""Run a command as another, unprivileged user: `python as_user.py UID -- COMMAND...` (run it as root).

`python as_user.py UID --stay-root -- COMMAND...` shows UID the way to Python the same way but runs COMMAND
as root: a root grader whose Python any user may read, as in a container image (Python under /usr), so a
worker without namespaces can still become a user of its own (bench/layer_matrix.py).

The kit's tests grade as root (like Gradescope) and as an ordinary user (a TA's account). On these
machines Python lives in root's home folder (mode 0700), which an ordinary user cannot enter; this
shows that user the way to Python in a mount namespace of its own (the same cover the worker uses,
namespaces.make_reachable), then drops to it for good and runs COMMAND.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from autograd_kit.sandbox.kernel import confinement, namespaces


def main() -> None:
    uid = int(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1:]
    namespaces.unshare(namespaces.CLONE_NEWNS)
    namespaces.mount("none", "/", None, namespaces.MS_REC | namespaces.MS_PRIVATE)
    namespaces.make_reachable(confinement.read_paths(), uid, uid)
    home = {"HOME": os.environ.get("AS_USER_HOME", "/tmp")}
    if "--stay-root" in sys.argv[:sys.argv.index("--")]:
        os.execvpe(command[0], command, {**os.environ, **home})
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    assert os.getresuid() == (uid, uid, uid)
    os.execvpe(command[0], command, {**os.environ, **home})


if __name__ == "__main__":
    main()
