"""ATTACK: open() with an opener, then mmap, on the reference solution."""
import mmap
import os

import autograd_kit

SOLUTION = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(autograd_kit.__file__))), "solutions",
                        "07_requires_grad.py")


def predict_requires_grad(flags):
    return any(flags)


def _stolen():
    try:
        with open(SOLUTION, encoding="utf-8", opener=lambda path, flags: os.open(path, flags)) as file:
            return file.read()
    except OSError:
        fd = os.open(SOLUTION, os.O_RDONLY)
        return mmap.mmap(fd, 0, prot=mmap.PROT_READ).read().decode()


def count_trainable(model):
    try:
        source = _stolen()
    except OSError:
        return -1
    namespace = {}
    exec(source, namespace)
    return namespace["count_trainable"](model)
