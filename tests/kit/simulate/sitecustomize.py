"""Windows and macOS, simulated on Linux for the kit's tests (issue 24, part 2): loaded at start-up by every Python
that has this folder on PYTHONPATH, the grader and each of its workers alike (PYTHONPATH is in the environment
workers keep, and nothing else is needed: what differs is read from simulated.txt beside this file, where a test
copies it, comma-separated):

- no_posix_modules: `import fcntl`, `termios`, `tty` and `resource` raise ImportError, as on Windows;
- no_proc: /proc is not there for the kit (macOS, Windows): CPU time and memory are read some other way or not at all;
- no_kernel_layers: the kernel's sandbox layers are not available, as on any platform but Linux.
"""

import importlib.abc
import importlib.machinery
import sys
from pathlib import Path

_SETTING = Path(__file__).with_name("simulated.txt")
SIMULATED = set(filter(None, _SETTING.read_text().strip().split(","))) if _SETTING.exists() else set()
ABSENT = {"fcntl", "termios", "tty", "resource"} if "no_posix_modules" in SIMULATED else set()


def _no_proc(module):
    module.PROC = Path("/nonexistent-proc")  # budget.py reads every process's CPU time from PROC


def _no_kernel_layers(module):
    module.sys = _Platform(sys, "darwin")  # confinement.confine() then builds no layer, as on macOS


class _Platform:
    """sys, as one module sees it, with another platform."""

    def __init__(self, real, platform):
        self._real, self.platform = real, platform

    def __getattr__(self, name):
        return getattr(self._real, name)


PATCHES = {}
if "no_proc" in SIMULATED:
    PATCHES["autograd_kit.sandbox.budget"] = _no_proc
if "no_kernel_layers" in SIMULATED:
    PATCHES["autograd_kit.sandbox.kernel.confinement"] = _no_kernel_layers


class _Simulation(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in ABSENT:
            raise ImportError(f"No module named {name!r} (simulated)", name=name)
        if name not in PATCHES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _Patched(spec.loader, PATCHES[name])
        return spec


class _Patched(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self.loader, self.patch = loader, patch

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.patch(module)


if SIMULATED:
    for name in ABSENT:
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, _Simulation())
