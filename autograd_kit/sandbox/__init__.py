"""Running learner code in isolation: the judge's side (judge.py, the worker process, calls), the worker's side
(worker.py, guard.py, offline.py), the wire between them, and the kernel's layers (kernel/)."""
