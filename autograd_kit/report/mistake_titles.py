"""What a person reads for a mistake id: its short title, its explanation, and the belief it is counted under."""

from __future__ import annotations

from autograd_kit.checks import catalogue


def belief(mistake_id: str) -> str:
    """The id a mistake is counted under: its catalogue parent's, when two ids describe one belief."""
    entry = catalogue.by_id(mistake_id)
    return entry.belief if entry is not None else mistake_id


def title_of(mistake_id: str) -> str:
    """A mistake's short title, from the catalogue (the id itself for one this kit does not know)."""
    entry = catalogue.by_id(mistake_id)
    if entry is None:
        entry = catalogue.entries(catalogue.COMMON).get(mistake_id.rpartition("/")[2])
    return entry.title_text() if entry is not None else mistake_id


def explanation(mistake_id: str) -> tuple[str, str]:
    """The catalogue's message for the mistake, with the values a check fills in left as "…"."""
    entry = catalogue.by_id(mistake_id)
    if entry is None:
        exercise, _, key = mistake_id.rpartition("/")
        entry = catalogue.entries(catalogue.COMMON).get(key)
    if entry is None:
        return "(not in this kit's catalogue)", ""
    return entry.explanation(), entry.link
