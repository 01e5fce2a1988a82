"""A learner's source as any editor saves it: the one way the kit reads a learner's file.

Notepad saves "UTF-8 with BOM", Windows editors save CRLF line endings, some editors indent with tabs. Python
runs all of these, so the grader must read them alike: a byte-order mark is dropped (`utf-8-sig`), and every
line ending becomes "\n". Everything that reads a learner's source goes through here (the judge's parse, the
bytes the worker runs, notebooks, submissions, fingerprints, `list`'s "not started"), so the file that is
checked, run, fingerprinted and compared with the stub is the same text.
"""

from __future__ import annotations

from pathlib import Path

ENCODING = "utf-8-sig"  # UTF-8, and a leading byte-order mark if there is one


def decode_source(data: bytes, errors: str = "strict") -> str:
    """The text of a learner's file: no byte-order mark, "\n" line endings. Raises UnicodeDecodeError on
    bytes that are not UTF-8, unless ERRORS says otherwise."""
    text = data.decode(ENCODING, errors)
    # Python itself reads "\r\n" and a lone "\r" as line ends; so does the grader.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def canonical_source(data: bytes) -> bytes:
    """The bytes the judge parses and the worker runs: the file's text as plain UTF-8 with "\n" line endings.
    Bytes that are not UTF-8 stay as they are, so the worker reports the decoding error where the file has it."""
    try:
        return decode_source(data).encode("utf-8")
    except UnicodeDecodeError:
        return data


def read_source(path: Path, errors: str = "replace") -> str:
    """PATH's text, decoded as the grader decodes it (undecodable bytes replaced by default)."""
    return decode_source(path.read_bytes(), errors)


def shown_path(path: Path) -> str:
    """How feedback names a learner's file: relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
