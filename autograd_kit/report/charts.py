"""The class report's charts, drawn with matplotlib as SVG (text kept as text, so it stays sharp and searchable).

Matplotlib draws on the machine that builds the report, with no browser, no
JavaScript and no network: the SVG goes into report.html as it is, so the
report opens from disk, offline, years later. Only the object-oriented API is
used (Figure, never pyplot), so nothing here touches a display or global state.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from functools import wraps

from autograd_kit.report.class_stats import STATUSES, ClassStats

# Okabe and Ito's palette: told apart with every common kind of colour blindness.
STATUS_COLOURS = {"passed": "#009E73", "failed": "#D55E00", "not_started": "#BBBBBB", "error": "#CC79A7",
                  "timeout": "#E69F00", "crashed": "#000000"}
BAR = "#0072B2"
STYLE = {"svg.fonttype": "none", "svg.hashsalt": "autograd-kit", "font.size": 10, "axes.titlesize": 11,
         "axes.spines.top": False, "axes.spines.right": False,
         "text.parse_math": False}  # a title such as "x^2 $5" is text, never mathtext
HEATMAP_ROWS = 25  # the most frequent mistakes; the table below the chart lists them all
SMALLEST = 9  # px: no text smaller at 1280 px wide (each chart is shown at its drawn size or larger)
LABEL_CHARS = 48  # a title longer than this is cut at a word, with "…"


def _styled(draw: Callable[[ClassStats], str]) -> Callable[[ClassStats], str]:
    """Draw in the report's style; matplotlib reads its settings as a figure is made, and again as it is saved."""

    @wraps(draw)
    def styled(stats: ClassStats) -> str:
        from matplotlib import rc_context

        with rc_context(STYLE):
            return draw(stats)

    return styled


@_styled
def score_distribution(stats: ClassStats) -> str:
    figure, axes = _figure(6.4, 3.2)
    counts = stats.score_bins()
    labels = [f"{10 * i}–{10 * i + 10}" for i in range(len(counts))]
    bars = axes.bar(labels, counts, color=BAR)
    axes.bar_label(bars, padding=2)
    axes.set_xlabel(f"score (% of {stats.max_points:g} points)")
    axes.set_ylabel("students")
    axes.set_title(f"Score distribution ({stats.graded} students graded)")
    axes.margins(y=0.15)
    _whole_numbers(axes.yaxis)
    return _svg(figure)


@_styled
def exercise_statuses(stats: ClassStats) -> str:
    rows = stats.exercises
    figure, axes = _figure(7.2, 0.32 * len(rows) + 1.4)
    labels = [f"{e.number} {e.title}" for e in rows]
    left = [0] * len(rows)
    for status in STATUSES:
        counts = [e.statuses[status.value] for e in rows]
        axes.barh(labels, counts, left=left, color=STATUS_COLOURS[status.value],
                  label=status.value.replace("_", " "))
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.invert_yaxis()  # exercise 01 at the top, as in the table
    axes.set_xlabel("students")
    axes.set_ylabel("exercise")
    axes.set_title("How each exercise ended")
    _whole_numbers(axes.xaxis)
    figure.legend(loc="outside upper center", ncols=len(STATUSES), frameon=False, fontsize=SMALLEST)
    return _svg(figure)


@_styled
def check_pass_rates(stats: ClassStats) -> str:
    rows = stats.checks
    figure, axes = _figure(8.4, 0.2 * len(rows) + 1.2)
    # A parametrised check's variants share a description: its [param] tells them apart, and bars go at
    # positions, so two equal labels can never be drawn as one bar.
    labels = [f"{c.exercise[:2]} {_short(c.description or c.name.removeprefix('test_'))}"
              + (f" [{c.name.partition('[')[2]}" if "[" in c.name and c.description else "") for c in rows]
    rates = [100 * c.rate for c in rows]
    axes.barh(range(len(rows)), rates, color=BAR)
    axes.set_yticks(range(len(rows)), labels)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("students who passed (%)")
    axes.set_ylabel("check")
    axes.set_title("Pass rate of each check")
    axes.tick_params(axis="y", labelsize=SMALLEST)
    axes.grid(axis="x", color="#dddddd")
    axes.set_axisbelow(True)
    return _svg(figure)


@_styled
def mistake_heatmap(stats: ClassStats) -> str:
    """Rows: the most frequent mistakes; columns: the exercises; cells: students, and their share of the class."""
    mistakes = stats.mistakes[:HEATMAP_ROWS]
    exercises = stats.exercises
    if not mistakes:
        return ""
    import numpy
    from matplotlib import colormaps

    grid = [[m.by_exercise.get(e.name, 0) for e in exercises] for m in mistakes]
    # At most 11.2 in (1075 px): shown at its drawn size in the page's 1100 px, so its text stays 9 px or more
    figure, axes = _figure(min(11.2, max(8.4, 0.32 * len(exercises) + 4.6)), 0.4 * len(mistakes) + 1.6)
    colours = colormaps["Oranges"].with_extremes(bad="white")  # no student: a white cell, not the palest orange
    image = axes.imshow(numpy.ma.masked_equal(grid, 0), cmap=colours, aspect="auto", vmin=0)
    axes.set_xticks([x - 0.5 for x in range(1, len(exercises))], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, len(mistakes))], minor=True)
    axes.grid(which="minor", color="#eeeeee", linewidth=0.6)
    axes.tick_params(which="minor", length=0)
    axes.set_xticks(range(len(exercises)), [e.number for e in exercises])
    axes.set_yticks(range(len(mistakes)), [_short(m.title or m.id) for m in mistakes], fontsize=SMALLEST)
    axes.set_xlabel("exercise")
    axes.set_ylabel("mistake")
    axes.set_title("Who made which mistake, and where (students, % of the class)")
    axes.spines[:].set_visible(False)
    darkest = max(max(row) for row in grid) or 1
    for y, row in enumerate(grid):
        for x, count in enumerate(row):
            if count:
                colour = "white" if count > 0.7 * darkest else "black"  # white only on the darkest oranges
                axes.text(x, y, f"{count}\n{100 * stats.share(count):.0f}%", ha="center", va="center",
                          fontsize=SMALLEST, color=colour, linespacing=1.0)
    bar = figure.colorbar(image, ax=axes, label="students", shrink=0.6)
    _whole_numbers(bar.ax.yaxis)
    return _svg(figure)


def _whole_numbers(axis) -> None:
    """Ticks at whole numbers only: an axis of students has no 0.5 student."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))


def _short(text: str) -> str:
    """A chart label: TEXT on one line, cut at a word when it is longer than LABEL_CHARS."""
    text = " ".join(text.split())
    if len(text) <= LABEL_CHARS:
        return text
    return text[:LABEL_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def as_data_uri(svg: str) -> str:
    """An <img src> for SVG: each chart its own document, so the ids matplotlib gives clip paths never collide."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})  # no date: the same class, the same file
    return buffer.getvalue()


