"""CSV text that a spreadsheet opens as data: no cell of a student's id or message runs as a formula.

Excel, LibreOffice and Google Sheets evaluate a cell that begins with =, +, -, @ (or a tab or carriage
return before one): a student id such as `=HYPERLINK(...)` or `+cmd|...` would run on the instructor's
machine. OWASP's advice: such a cell starts with a quote, which the spreadsheet shows as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """CELL, with a leading ' when a spreadsheet would read it as a formula. The kit's own numbers are never
    negative, so every number column stays a number."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    file = io.StringIO(newline="")
    csv.writer(file).writerows([spreadsheet_safe(str(cell)) for cell in row] for row in rows)
    return file.getvalue()
