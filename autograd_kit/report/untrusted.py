"""Text that came from a learner (output, exception messages, reprs, ids, file names), made safe to show.

A terminal obeys escape sequences wherever they come from: a learner's print could move the cursor and draw
"passed 7/7" over the real score, set the clipboard (OSC 52), hide a link (OSC 8), or reorder what is shown
with bidi overrides. `clean` removes every control sequence and leaves the words.
"""

from __future__ import annotations

import re
from typing import Any

_SEQUENCES = re.compile(
    # strings: OSC, DCS, SOS, PM, APC (7-bit ESC ] P X ^ _, or their C1 forms), up to BEL or ST
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    # CSI: parameters, intermediates, one final byte
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    # any other escape sequence: intermediates, one final byte
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
    # what is left of one: C0 but newline and tab, DEL, C1, and the bidi embeddings, overrides and isolates
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def clean(text: object) -> str:
    """TEXT as a string without control sequences: newlines and tabs stay, everything else that steers a
    terminal goes (an unterminated sequence loses its introducer, so the rest is plain text)."""
    return _SEQUENCES.sub("", text if isinstance(text, str) else str(text))


def clean_tree(value: Any) -> Any:
    """`clean` for every string in a JSON-like value (a student's answer as a batch stores it), keys included."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_tree(key): clean_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_tree(item) for item in value]
    return value
