"""The three hint levels of each exercise (hints.toml), and the worked step as code.

Levels 1 and 2 are sentences; level 3 is a worked step: a lead sentence and
code for one or more functions, which apply() writes into the stub (a test
proves the result passes the checks the step names).
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autograd_kit import i18n

HINTS_PATH = Path(__file__).with_name("hints.toml")
LEVELS = 3


@dataclass(frozen=True)
class WorkedStep:
    function: str
    code: str
    decorator: str = ""


@dataclass(frozen=True)
class ExerciseHints:
    exercise: str
    sentences: dict[str, list[str]]  # language -> levels 1 and 2
    lead: dict[str, str]
    worked: tuple[WorkedStep, ...]
    passes: tuple[str, ...]

    def levels(self) -> list[str]:
        """The three levels in the current language; the third is the worked step, code included."""
        language = i18n.current()
        sentences = self.sentences.get(language) or self.sentences["en"]
        return [*sentences, self.worked_text(language)]

    def worked_text(self, language: str) -> str:
        lead = self.lead.get(language) or self.lead["en"]
        blocks = []
        for step in self.worked:
            header = f"{step.decorator}\n" if step.decorator else ""
            blocks.append(f"# {step.function}\n{header}{step.code.strip()}")
        return lead + "\n" + "\n\n".join(blocks)

    def apply(self, stub: str) -> str:
        """STUB with each worked step in place of its function's `raise NotImplementedError(...)`."""
        for step in self.worked:
            pattern = re.compile(rf"^(?P<indent>[ \t]+)raise NotImplementedError\(\"{re.escape(self.exercise)}: "
                                 rf"{re.escape(step.function)}\(\) is not written yet[^\n]*$", re.MULTILINE)
            match = pattern.search(stub)
            if match is None:
                raise ValueError(f"{self.exercise}: the stub has no TODO for {step.function}()")
            body = textwrap.indent(step.code.strip(), match["indent"])
            stub = stub[:match.start()] + body + stub[match.end():]
            if step.decorator:
                stub = re.sub(rf"^def {re.escape(step.function)}\(", f"{step.decorator}\ndef {step.function}(",
                              stub, count=1, flags=re.MULTILINE)
        return stub


@cache
def _table() -> dict:
    return tomllib.loads(HINTS_PATH.read_text(encoding="utf-8"))


def for_exercise(name: str) -> ExerciseHints:
    raw = _table()[name]
    return ExerciseHints(
        name,
        sentences={"en": list(raw["hints"]), "ko": list(raw.get("hints_ko", ()))},
        lead={"en": raw["worked_lead"], "ko": raw.get("worked_lead_ko", "")},
        worked=tuple(WorkedStep(w["function"], w["code"], w.get("decorator", "")) for w in raw["worked"]),
        passes=tuple(raw["passes"]),
    )
