"""The learner's functions, found by name in its module (kit code run in the worker)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from autograd_kit.i18n import tr


class MissingFunction(AttributeError):
    pass


def function(module: ModuleType, name: str) -> Any:
    found = getattr(module, name, None)
    if not callable(found):
        raise MissingFunction(tr("the file has no function called {name}(); keep the name the exercise gives", name=name))
    return found
