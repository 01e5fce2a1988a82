"""ATTACK: a symlink and a hard link to the solution in the scratch folder, and /proc/<parent>/cwd."""
import os

import autograd_kit

KIT = os.path.dirname(os.path.dirname(os.path.abspath(autograd_kit.__file__)))
SOLUTION = os.path.join(KIT, "solutions", "07_requires_grad.py")


def predict_requires_grad(flags):
    return any(flags)


def _attempts():
    yield lambda: os.symlink(SOLUTION, "soft") or open("soft", encoding="utf-8").read()
    yield lambda: os.link(SOLUTION, "hard") or open("hard", encoding="utf-8").read()
    for pid in {os.getppid(), 1, 2, 3}:
        yield lambda pid=pid: open(f"/proc/{pid}/root{SOLUTION}", encoding="utf-8").read()
    yield lambda: open(f"/proc/self/root{SOLUTION}", encoding="utf-8").read()


def count_trainable(model):
    for attempt in _attempts():
        try:
            source = attempt()
        except OSError:
            continue
        namespace = {}
        exec(source, namespace)
        return namespace["count_trainable"](model)
    return -1
