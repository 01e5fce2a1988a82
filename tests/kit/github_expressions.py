"""GitHub's ${{ ... }} expressions, as far as the kit's workflows use them: a.b.c, and `x || y`, for replaying a
workflow's steps with bash the way a runner expands them."""

from __future__ import annotations

import re


def expand(text: object, context: dict) -> str:
    def lookup(path: str) -> object:
        found: object = context
        for part in path.strip().split("."):
            found = found.get(part, "") if isinstance(found, dict) else ""
        return found

    def value(expression: str) -> str:
        *earlier, last = expression.split("||")
        for alternative in earlier:  # `x || y`: x when it is truthy (GitHub's rule: 0 and '' are not)
            if found := lookup(alternative):
                return str(found)
        found = lookup(last)
        return "" if found in ("", None) else str(found)  # a lone value is shown as it is: matrix.shard 0 is "0"

    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: value(m.group(1)), str(text))
