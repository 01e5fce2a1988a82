"""Learner-facing words, in English and Korean.

The language is --lang when given, else LC_ALL / LC_MESSAGES / LANG (ko_*
selects Korean), else English.

Two kinds of text:
- The CLI's own messages live in messages/en.toml and messages/ko.toml under
  the same keys, read with t(key).
- Feedback from the checks and the judge is written in English where it is
  raised, like gettext's msgids, so a check reads as plain English:
  tr("{what} is wrong.", what=...). messages/feedback.ko.toml maps each English
  template to its Korean one. A Mistake's explanation and a check's title
  (its docstring's first line) are translated where they are shown; other
  text kept for later is marked with tr_later(). `message_ids` finds every
  template, and a test keeps the catalogue complete.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "ko")
MESSAGES = Path(__file__).with_name("messages")
# choose() passes the language to the learner's worker processes through this.
CHILD_VARIABLE = "AUTOGRAD_KIT_LANG"
_chosen: str | None = None


def choose(language: str | None) -> str:
    """Fix the language for this process: the explicit one, or the environment's."""
    global _chosen
    _chosen = language if language in LANGUAGES else from_environment()
    os.environ[CHILD_VARIABLE] = _chosen
    return _chosen


def current() -> str:
    inherited = os.environ.get(CHILD_VARIABLE)
    return _chosen or (inherited if inherited in LANGUAGES else from_environment())


def from_environment(environ: Mapping[str, str] = os.environ) -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


@cache
def catalog(language: str) -> dict[str, str]:
    return tomllib.loads((MESSAGES / f"{language}.toml").read_text(encoding="utf-8"))


def t(key: str, **values: object) -> str:
    """The message for KEY in the current language, filled in with VALUES."""
    text = catalog(current()).get(key) or catalog("en")[key]
    return finish(text.format(**values))


@cache
def feedback_catalog(language: str) -> dict[str, str]:
    """English template -> template in LANGUAGE (empty for English)."""
    if language == "en":
        return {}
    return tomllib.loads((MESSAGES / f"feedback.{language}.toml").read_text(encoding="utf-8"))


def tr(english: str, **values: object) -> str:
    """ENGLISH, or its translation in the current language, filled in with VALUES."""
    text = feedback_catalog(current()).get(english) or english
    return finish(text.format(**values) if values else text)


def tr_later(english: str) -> str:
    """Mark ENGLISH for the catalogue; it is passed through tr() where it is shown."""
    return english


def take_language_option(argv: list[str]) -> tuple[list[str], str | None]:
    """Remove `--lang X` (or `--lang=X`) from argv, wherever it stands; return the rest and X."""
    rest, language, skip = [], None, False
    for index, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == "--lang":
            language = argv[index + 1] if index + 1 < len(argv) else ""
            skip = True
        elif arg.startswith("--lang="):
            language = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return rest, language


def exercise_text(name: str, field: str, default: str) -> str:
    """An exercise's title or concept in the current language (the manifest's title_ko, concept_ko)."""
    language = current()
    if language == "en":
        return default
    from autograd_kit.exercises.manifest import load_exercises

    exercise = next((e for e in load_exercises() if e.name == name), None)
    return (getattr(exercise, f"{field}_{language}", "") if exercise else "") or default


def finish(text: str) -> str:
    """Resolve two-form Korean particles (을(를)) from the words filled in before them; English is as is."""
    if current() != "ko":
        return text
    from autograd_kit.i18n.korean import finish as resolve

    return resolve(text)
