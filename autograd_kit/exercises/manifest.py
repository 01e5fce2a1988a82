"""The exercise manifest: the kit's single, fixed list of exercises."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[2]
MANIFEST_PATH = Path(__file__).with_name("exercises.toml")
CHECKS_DIR = KIT_ROOT / "tests" / "checks"
SUPPORTED_FORMAT = 1


@dataclass(frozen=True)
class Exercise:
    name: str
    title: str
    concept: str
    title_ko: str = ""
    concept_ko: str = ""
    link: str = ""  # the tutorial section or API page that explains the exercise's idea

    @property
    def filename(self) -> str:
        return f"{self.name}.py"

    @property
    def number(self) -> str:
        return self.name.split("_", 1)[0]

    @property
    def checks_path(self) -> Path:
        return CHECKS_DIR / f"test_{self.name}.py"

    def path_in(self, folder: Path) -> Path:
        return folder / self.filename


class UnknownExercise(LookupError):
    pass


@cache
def load_exercises() -> tuple[Exercise, ...]:
    data = tomllib.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    if data.get("format_version") != SUPPORTED_FORMAT:
        raise ValueError(f"{MANIFEST_PATH}: unsupported format_version {data.get('format_version')!r}")
    exercises = tuple(Exercise(e["name"], e["title"], e["concept"], e.get("title_ko", ""), e.get("concept_ko", ""),
                               e.get("link", ""))
                      for e in data["exercise"])
    names = [e.name for e in exercises]
    if len(set(names)) != len(names):
        raise ValueError(f"{MANIFEST_PATH}: duplicate exercise names")
    return exercises


def find_exercise(query: str) -> Exercise:
    """Accept '04', '4', '04_gradients_by_hand', 'gradients_by_hand' or a path to the file."""
    key = Path(query).stem if query.endswith(".py") else query
    exercises = load_exercises()
    for exercise in exercises:
        suffix = exercise.name.split("_", 1)[1]
        if key in (exercise.name, suffix) or (key.isdigit() and int(key) == int(exercise.number)):
            return exercise
    names = ", ".join(e.name for e in exercises)
    raise UnknownExercise(f"no exercise called {query!r}. The exercises are: {names}")
