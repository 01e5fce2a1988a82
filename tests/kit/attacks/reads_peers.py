"""ATTACK: copy from the other students of a batch: their submissions and the grader's results.
PEERS is filled in by the test with the batch's folders."""
import os

PEERS = []  # the test puts the submissions folder and the output folder here


def predict_requires_grad(flags):
    return any(flags)


def _peer_solution():
    for folder in PEERS:
        for root, _, files in os.walk(folder):
            for name in files:
                if name == "07_requires_grad.py" and "reads_peers" not in root:
                    try:
                        with open(os.path.join(root, name), encoding="utf-8") as file:
                            return file.read()
                    except OSError:
                        continue
    return None


def count_trainable(model):
    source = _peer_solution()
    if source is None:
        return -1
    namespace = {}
    exec(source, namespace)
    return namespace["count_trainable"](model)
