"""ATTACK: a symlink swapped between a harmless file and the solution while another thread keeps opening it
(a race that beats any check made before the kernel opens the file)."""
import os
import threading

import autograd_kit

SOLUTION = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(autograd_kit.__file__))), "solutions",
                        "07_requires_grad.py")


def predict_requires_grad(flags):
    return any(flags)


def count_trainable(model):
    with open("harmless.py", "w", encoding="utf-8") as file:
        file.write("# nothing\n")
    stop = threading.Event()

    def flip():
        while not stop.is_set():
            for target in ("harmless.py", SOLUTION):
                try:
                    os.symlink(target, "link.tmp")
                    os.replace("link.tmp", "link.py")
                except OSError:
                    pass

    flipper = threading.Thread(target=flip, daemon=True)
    flipper.start()
    try:
        for _ in range(20000):
            try:
                with open("link.py", encoding="utf-8") as file:
                    source = file.read()
            except OSError:
                continue
            if "count_trainable" in source:
                namespace = {}
                exec(source, namespace)
                return namespace["count_trainable"](model)
    finally:
        stop.set()
    return -1
