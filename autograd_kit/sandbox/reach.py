"""Why workers could not start: the judge's look at the Python they need, once a worker failed to boot.

Workers run as a user of their own (or the grader's user inside namespaces), with /tmp and /run covered by
empty folders of their own. The grader follows sys.path as Python wrote it, links included; so a venv behind
a link inside a 0700 folder, or in /tmp, works for the grader and not for its workers. Here the judge names
the folder in the way and the fix, from the folders' own modes: it is only asked after a worker failed to
boot, and says nothing when it finds no such folder (the caller then shows what the worker printed).
"""

from __future__ import annotations

import os
import stat
import sys

from autograd_kit.i18n import tr

# The folders a worker sees as empty ones of its own (namespaces.HIDDEN): a Python only reached through them
# is gone for the worker, whatever their modes.
COVERED = ("/tmp", "/run", "/var/run")


def python_paths() -> list[str]:
    """Where the workers' Python lives, as the grader reaches it (links not followed) and where the links go."""
    named = [sys.executable, sys.prefix, *(p for p in sys.path if p and "-packages" in p)]
    found = []
    for path in named:
        found += [os.path.abspath(path), os.path.realpath(path)]
    return list(dict.fromkeys(p for p in found if os.path.exists(p)))


def ancestors(path: str) -> list[str]:
    """The folders from / down to PATH's parent."""
    parts = path.split(os.sep)
    return [os.sep.join(parts[:depth]) or os.sep for depth in range(1, len(parts))]


def out_of_reach() -> str | None:
    """What keeps workers from Python and how to fix it, or None when the folders' modes show nothing."""
    if os.name != "posix":
        return None
    paths = python_paths()
    for path in paths:
        for folder in ancestors(path):
            try:
                mode = os.stat(folder).st_mode
            except OSError:
                continue
            if not mode & stat.S_IXOTH and (folder != "/root" or os.geteuid() != 0):
                # /root as root: the namespaces layer shows workers the way through it (namespaces.make_reachable)
                return tr("the workers cannot reach Python under {folder} (mode {mode:04o}): make it readable, "
                          "or use a venv elsewhere", folder=folder, mode=stat.S_IMODE(mode))
    for path in paths:
        covered = next((c for c in COVERED if path.startswith(c + os.sep)), None)
        if covered is not None and os.path.realpath(path) != path:
            return tr("the workers cannot reach Python under {folder}: workers see an empty {covered} of their "
                      "own; use a venv elsewhere", folder=os.path.dirname(path), covered=covered)
    return None
