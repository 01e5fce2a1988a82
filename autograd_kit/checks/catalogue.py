"""The mistake catalogue: each exercise's typical wrong beliefs, under stable ids.

mistakes/NN_name.toml holds one exercise's entries, mistakes/common.toml the
slips that can happen anywhere (an exercise's entry with the same key wins).
An entry is recognised in one of four ways, all decided in the judge:
- by value: a check compares the answer with what a buggy reference (a
  "mutant") gives on the same inputs: expect.Mistake(value, key);
- by the error raised: `raises` lists fragments of the error's message, and
  `functions` (optional) the functions where the entry applies;
- by the source: `source` names a pattern of mistake_patterns, looked for in
  the judge's own parse of the function that failed;
- by what the code did: `trace` names a rule of trace_rules.py over the
  worker's record of the calls (feedback only, never points).
Advice keyed on an error or a value may name `refuted_by`, a test over that
record: where it holds the advice is not given, and `instead` is tried.

Each entry has a short `title` (what a person reads in a report: ids are stable
but read as slugs) and a message in English and Korean that names the belief and
the fix; `parent`, the key of another entry of the same exercise, when the two
describe one belief (the class report counts a student once under the parent);
optionally a `hint` (the next hint after it fired) and a `link` (the
tutorial section or API page), and `learner`, a file under tests/kit/ that
proves it is recognised. The id shown in results is "<exercise>/<key>".
"""

from __future__ import annotations

import contextvars
import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from autograd_kit import i18n

FOLDER = Path(__file__).with_name("mistakes")
COMMON = "common"

# The exercise whose check is running, and the ids its messages named so far (set by the checks plugin).
current_exercise: contextvars.ContextVar[str] = contextvars.ContextVar("current_exercise", default=COMMON)
_named: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("named", default=None)


@dataclass(frozen=True)
class Entry:
    exercise: str
    key: str
    message: dict[str, str]
    title: dict[str, str] = field(default_factory=dict)
    parent: str = ""  # the key of the entry whose belief this one is too (class reports count it there)
    hint: dict[str, str] = field(default_factory=dict)
    link: str = ""
    raises: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    source: str = ""
    always: bool = False  # a source slip shown even when the check named another mistake
    learner: str = ""
    trace: str = ""  # a rule of trace_rules.py: named where it fires on what the code did
    refuted_by: str = ""  # a test of trace_rules.py: where it holds, the code shows this advice does not apply
    instead: tuple[str, ...] = ()  # what to try in its place then: keys, in order

    @property
    def id(self) -> str:
        return f"{self.exercise}/{self.key}"

    def text(self, **values: object) -> str:
        """The message in the current language, filled in with VALUES."""
        return _localised(self.message, **values)

    def explanation(self) -> str:
        """The message for a reader who did not make the mistake: the values a check fills in shown as "…"."""
        return _localised(self.message, **{name: "…" for name in _fields(self.message)})

    def title_text(self) -> str:
        """The entry's short title in the current language (its key when it has none)."""
        return _localised(self.title) if self.title.get("en") else self.key

    @property
    def belief(self) -> str:
        """The id a class report counts this entry under: its parent's when it has one."""
        return f"{self.exercise}/{self.parent}" if self.parent else self.id

    def hint_text(self) -> str:
        return _localised(self.hint) if self.hint else ""


class UnknownMistake(KeyError):
    """A check named a key that is in neither its exercise's catalogue nor the common one."""


def _fields(texts: dict[str, str]) -> set[str]:
    return {name for text in texts.values() for _, name, _, _ in string.Formatter().parse(text) if name}


def _localised(texts: dict[str, str], **values: object) -> str:
    text = texts.get(i18n.current()) or texts["en"]
    return i18n.finish(text.format(**values) if values else text)


@cache
def entries(exercise: str) -> dict[str, Entry]:
    """The exercise's own entries, by key (common.toml's for COMMON)."""
    path = FOLDER / f"{exercise}.toml"
    if not path.exists():
        return {}
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {key: _entry(exercise, key, value) for key, value in raw.items()}


def _entry(exercise: str, key: str, raw: dict) -> Entry:
    return Entry(
        exercise, key,
        message={"en": raw["message"], "ko": raw.get("message_ko", "")},
        title={"en": raw.get("title", ""), "ko": raw.get("title_ko", "")},
        parent=raw.get("parent", ""),
        hint={"en": raw["hint"], "ko": raw.get("hint_ko", "")} if "hint" in raw else {},
        link=raw.get("link", ""),
        raises=tuple(raw.get("raises", ())),
        functions=tuple(raw.get("functions", ())),
        source=raw.get("source", ""),
        always=bool(raw.get("always", False)),
        learner=raw.get("learner", ""),
        trace=raw.get("trace", ""),
        refuted_by=raw.get("refuted_by", ""),
        instead=tuple(raw.get("instead", ())),
    )


def visible(exercise: str) -> list[Entry]:
    """What can be recognised in EXERCISE: its own entries, then the common ones it does not replace."""
    own = entries(exercise)
    return list(own.values()) + [e for key, e in entries(COMMON).items() if key not in own]


def lookup(key: str, exercise: str | None = None) -> Entry:
    exercise = exercise or current_exercise.get()
    found = entries(exercise).get(key) or entries(COMMON).get(key)
    if found is None:
        raise UnknownMistake(f"{exercise}/{key}")
    return found


def by_id(mistake_id: str) -> Entry | None:
    exercise, _, key = mistake_id.rpartition("/")
    return entries(exercise).get(key)


def all_entries() -> list[Entry]:
    names = sorted(p.stem for p in FOLDER.glob("*.toml"))
    return [e for name in names for e in entries(name).values()]


# --- which mistakes a check named -------------------------------------------

def start_check(exercise: str) -> None:
    current_exercise.set(exercise)
    _named.set([])


def remember(entry: Entry) -> None:
    named = _named.get()
    if named is not None and entry.id not in named:
        named.append(entry.id)


def named_in_check() -> list[str]:
    return list(_named.get() or [])
