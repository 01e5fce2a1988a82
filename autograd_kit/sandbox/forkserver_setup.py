"""Imported only by the forkserver (isolation.FORKSERVER_ONLY), never by the judge.

multiprocessing's forkserver can only be told which modules to import, so this
module's import is the setup: on Linux, every worker it forks from now on is
PID 1 of a PID namespace of its own (namespaces.pid_namespace_per_fork), which
saves each worker a second fork of a process that holds torch.
"""

import sys

if sys.platform.startswith("linux"):
    from autograd_kit.sandbox.kernel import namespaces

    namespaces.pid_namespace_per_fork()
