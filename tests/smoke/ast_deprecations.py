"""The judge's reading of source (checks/: parsing, scopes, tampering, liveness; stubs, notebooks' cells, the
message scan) over every learner file the kit has, for warnings a newer Python gives. Run it with
`python -W error::DeprecationWarning tests/smoke/ast_deprecations.py` (tests/smoke/python_versions.py does, on
every Python): a use of an API that the next Python drops fails here first. Needs no torch.
"""

from __future__ import annotations

import ast
import sys
import warnings
from pathlib import Path

KIT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(KIT))

from autograd_kit.checks.source import LearnerSource  # noqa: E402
from autograd_kit.exercises.stubs import stub_source  # noqa: E402
from autograd_kit.i18n import message_ids  # noqa: E402
from autograd_kit.submission.notebook_cells import module_from_cells  # noqa: E402

FOLDERS = ["solutions", "exercises", "tests/kit/learners", "tests/kit/cheats", "tests/kit/attacks",
           "tests/kit/blind_mistakes", "tests/kit/honest_variants", "tests/kit/mistakes"]


def read_everything() -> int:
    files = [p for folder in FOLDERS for p in sorted((KIT / folder).rglob("*.py"))]
    for path in files:
        source = LearnerSource(path.read_bytes())
        source.tampering, source.imports, source.defined  # noqa: B018 - each is computed on first use
        for name in list(source.defs):
            source.rebinding(name)
            code = source.code_of(name)
            if code is not None:
                code.liveness  # noqa: B018
                code.calls("backward")
                code.api_calls("torch.autograd.grad")
                code.live_calls("backward")
                code.decorators()
        if source.tree is not None:
            module_from_cells([source.text])
    for path in sorted((KIT / "solutions").glob("*.py")):
        stub_source(path.read_text(encoding="utf-8"), path.stem)
    message_ids.find(KIT)
    return len(files)


if __name__ == "__main__":
    if not sys.warnoptions:
        warnings.simplefilter("error", DeprecationWarning)
    ast.parse("x = 1")  # the module is there
    print(f"read {read_everything()} learner files without a DeprecationWarning on Python {sys.version.split()[0]}")
