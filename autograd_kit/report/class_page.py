"""report.html: one self-contained page of class analytics, for an instructor planning the next lecture.

Jinja2 fills templates/class_report.html.j2 (with autoescaping: student ids
and messages are text, never markup); the charts are matplotlib's SVG,
inlined as data URIs. The page loads nothing: no script, no font, no CDN.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from autograd_kit import __version__
from autograd_kit.classroom.record import ClassRecord
from autograd_kit.report import charts
from autograd_kit.report.class_stats import STATUSES, ClassStats

TEMPLATES = Path(__file__).with_name("templates")


def render(stats: ClassStats, record: ClassRecord) -> str:
    drawn = {"scores": charts.score_distribution, "statuses": charts.exercise_statuses,
             "checks": charts.check_pass_rates, "heatmap": charts.mistake_heatmap}
    drawn = {name: draw(stats) if stats.graded else "" for name, draw in drawn.items()}  # no grade, no chart
    return _template().render(
        stats=stats, statuses=[s.value for s in STATUSES], kit_version=__version__,
        charts={name: charts.as_data_uri(svg) if svg else "" for name, svg in drawn.items()},
        graded_until=max((g.get("timestamp", "") for g in record.grades().values()), default=""),
        percent=lambda value: "–" if value is None else f"{value:g} %")


def code_spans(text: str) -> Markup:
    """TEXT escaped, with the catalogue's `backticked` code shown as code (never markup of anyone's)."""
    parts = re.split(r"`([^`\n]+)`", str(text))
    return Markup("").join(escape(part) if index % 2 == 0 else Markup("<code>%s</code>") % part
                           for index, part in enumerate(parts))


@cache
def _template():
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=False)
    environment.filters["code"] = code_spans
    return environment.get_template("class_report.html.j2")
