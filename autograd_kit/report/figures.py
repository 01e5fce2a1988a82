"""Figures for a failed check: the learner's autograd graph beside the truth's, and a gradient as a heat map.

A figure is plain data (it travels in the result's JSON as `figure`), drawn
here as Unicode for the terminal and as SVG for notebooks and HTML. Graphs
come from grad_fn / next_functions (sandbox/trace.py draws the learner's in
the worker, the judge draws the truth's the same way), with no graphviz. Every
name is escaped where it is drawn: the learner's graph comes from its process.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

from autograd_kit.i18n import tr
from autograd_kit.sandbox import trace, trace_data

if TYPE_CHECKING:
    from autograd_kit.checks.trace_rules import Observed

MAX_CELLS = 64  # a heat map's entries: a vector exercise's gradient is small
SHADES = " ░▒▓█"
LEAF = "AccumulateGrad"


def graph_of_tensor(tensor: Any) -> trace_data.Graph | None:
    """The judge's own tensor's graph, drawn the way the worker draws the learner's."""
    return trace_data.read_graph(trace.graph_of(tensor)) if getattr(tensor, "grad_fn", None) is not None else None


def graph_figure(learner: trace_data.Graph, truth: trace_data.Graph) -> dict:
    return {"kind": "graph", "learner": _plain(learner), "truth": _plain(truth),
            "differs_at": first_difference(learner, truth)}


def _plain(graph: trace_data.Graph) -> dict:
    return {"path": graph.path, "nodes": [_plain_node(n) for n in graph.nodes],
            "edges": [list(e) for e in graph.edges], "truncated": graph.truncated}


def _plain_node(node: trace_data.Node) -> dict:
    plain: dict = {"name": node.name}
    if node.shape is not None:
        plain["shape"] = list(node.shape)
    if node.parameter:
        plain["parameter"] = True
    if node.modified:
        plain["modified"] = True
    return plain


def first_difference(learner: trace_data.Graph, truth: trace_data.Graph) -> int:
    """The index, breadth first, of the first node unlike the truth's (an extra DetachBackward or MulBackward, a
    node whose saved tensor changed); past the learner's last node where its graph is a prefix of the truth's (a
    missing edge, to a parameter say: the truth's node there is marked); -1 when they agree."""
    for index, (mine, theirs) in enumerate(zip(learner.nodes, truth.nodes)):
        if _label(mine) != _label(theirs):
            return index
    if len(learner.nodes) != len(truth.nodes):
        return min(len(learner.nodes), len(truth.nodes))
    return -1


def _label(node: trace_data.Node | dict) -> str:
    name = node.name if isinstance(node, trace_data.Node) else str(node.get("name", "?"))
    shape = node.shape if isinstance(node, trace_data.Node) else node.get("shape")
    parameter = node.parameter if isinstance(node, trace_data.Node) else node.get("parameter", False)
    modified = node.modified if isinstance(node, trace_data.Node) else node.get("modified", False)
    if name == LEAF and shape is not None:
        return f"{'parameter' if parameter else 'leaf'} {tuple(shape)}"
    return name + (" " + tr("(its saved tensor was changed in place)") if modified else "")


def heatmap_figure(got: Any, want: Any, wrong: Any) -> dict | None:
    """GOT against WANT (tensors of one shape, at most MAX_CELLS entries), WRONG marking the entries off the truth."""
    if got.shape != want.shape or not 1 < want.numel() <= MAX_CELLS or want.dim() > 2:
        return None
    rows = 1 if want.dim() < 2 else want.shape[0]
    as_rows = lambda t: [[_finite(v) for v in row] for row in t.detach().double().reshape(rows, -1).tolist()]  # noqa: E731
    return {"kind": "heatmap", "got": as_rows(got), "want": as_rows(want),
            "wrong": [[bool(v) for v in row] for row in wrong.reshape(rows, -1).tolist()]}


def _finite(value: float) -> float:
    return value if math.isfinite(value) else 0.0


# --- Unicode, for the terminal ---------------------------------------------------------------------------

def as_text(figure: dict) -> str:
    if figure.get("kind") == "graph":
        return _graph_text(figure)
    if figure.get("kind") == "heatmap":
        return _heatmap_text(figure)
    return ""


def _tree_lines(graph: dict, marked: int) -> list[str]:
    nodes, children = graph["nodes"], _adjacency(graph)
    lines: list[str] = []
    seen: set[int] = set()

    def visit(index: int, prefix: str, last: bool, depth: int) -> None:
        branch = "" if depth == 0 else ("└─ " if last else "├─ ")
        label = _clean(_label(nodes[index]))
        mark = "  ◀" if index == marked else ""
        if index in seen:
            lines.append(f"{prefix}{branch}↺ {label}")
            return
        seen.add(index)
        lines.append(f"{prefix}{branch}{label}{mark}")
        following = children.get(index, [])
        for position, child in enumerate(following):
            visit(child, prefix + ("" if depth == 0 else ("   " if last else "│  ")), position == len(following) - 1,
                  depth + 1)

    if nodes:
        visit(0, "", True, 0)
    if graph.get("truncated"):
        lines.append("…")
    return lines


def _graph_text(figure: dict) -> str:
    marked = figure.get("differs_at", -1)
    mine = _tree_lines(figure["learner"], marked)
    missing = marked >= len(figure["learner"]["nodes"])  # the learner's graph stops where the truth's goes on
    truth = _tree_lines(figure["truth"], marked if missing else -1)
    width = max([len(line) for line in mine] + [len(tr("your graph"))]) + 4
    lines = [tr("your graph").ljust(width) + tr("the truth's graph")]
    for index in range(max(len(mine), len(truth))):
        left = mine[index] if index < len(mine) else ""
        right = truth[index] if index < len(truth) else ""
        lines.append(left.ljust(width) + right)
    if marked >= 0:
        lines.append(tr("◀ the first node where your graph differs from the truth's"))
    return "\n".join(lines)


def _heatmap_text(figure: dict) -> str:
    peak = max((abs(v) for row in figure["want"] + figure["got"] for v in row), default=0.0) or 1.0
    shade = lambda v: SHADES[min(len(SHADES) - 1, int(abs(v) / peak * (len(SHADES) - 1) + 0.5))]  # noqa: E731
    lines = []
    for label, key in ((tr("truth"), "want"), (tr("yours"), "got")):
        for row_index, row in enumerate(figure[key]):
            head = label if row_index == 0 else ""
            lines.append(f"{head:>8} │" + "".join(shade(v) * 2 for v in row) + "│")
    for row in figure["wrong"]:
        lines.append(" " * 9 + " " + "".join("✗ " if bad else "  " for bad in row))
    lines.append(tr("✗ marks the entries that differ from the truth (darker: larger in size)"))
    return "\n".join(lines)


def _adjacency(graph: dict) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for a, b in graph["edges"]:
        children.setdefault(a, []).append(b)
    return children


def _clean(text: str) -> str:
    """No control characters reach the terminal (names are validated already: this is the second lock)."""
    return "".join(c if c.isprintable() else "?" for c in text)


# --- SVG, for notebooks and HTML ---------------------------------------------------------------------------

BOX_W, BOX_H, GAP_X, GAP_Y = 150, 26, 16, 34


def as_svg(figure: dict) -> str:
    if figure.get("kind") == "graph":
        return _graph_svg(figure)
    if figure.get("kind") == "heatmap":
        return _heatmap_svg(figure)
    return ""


def _layout(graph: dict) -> dict[int, tuple[int, int]]:
    """Each node's (column, row): its depth, breadth first from the root, and its place in that layer."""
    depth = {0: 0}
    order = [0]
    children = _adjacency(graph)
    for index in order:
        for child in children.get(index, []):
            if child not in depth:
                depth[child] = depth[index] + 1
                order.append(child)
    rows: dict[int, int] = {}
    place = {}
    for index in order:
        place[index] = (rows.get(depth[index], 0), depth[index])
        rows[depth[index]] = rows.get(depth[index], 0) + 1
    return place


def _one_graph_svg(graph: dict, marked: int, x0: int, title: str) -> tuple[list[str], int, int]:
    place = _layout(graph)
    parts = [f'<text x="{x0}" y="14" font-weight="bold">{html.escape(title)}</text>']
    centre = {i: (x0 + c * (BOX_W + GAP_X) + BOX_W // 2, 24 + r * (BOX_H + GAP_Y) + BOX_H // 2)
              for i, (c, r) in place.items()}
    for a, b in graph["edges"]:
        if a in centre and b in centre:
            (ax, ay), (bx, by) = centre[a], centre[b]
            parts.append(f'<line x1="{ax}" y1="{ay + BOX_H // 2}" x2="{bx}" y2="{by - BOX_H // 2}" '
                         'stroke="#888" marker-end="url(#arrow)"/>')
    for index, (cx, cy) in centre.items():
        node = graph["nodes"][index]
        wrong = index == marked
        fill = "#fdd" if wrong else ("#dfd" if node.get("parameter") else "#eef")
        stroke = "#c00" if wrong else "#666"
        parts.append(f'<rect x="{cx - BOX_W // 2}" y="{cy - BOX_H // 2}" width="{BOX_W}" height="{BOX_H}" rx="4" '
                     f'fill="{fill}" stroke="{stroke}" stroke-width="{3 if wrong else 1}"/>')
        parts.append(f'<text x="{cx}" y="{cy + 4}" text-anchor="middle" font-size="11">'
                     f"{html.escape(_clean(_label(node))[:40])}</text>")
    width = (max((c for c, _ in place.values()), default=0) + 1) * (BOX_W + GAP_X)
    height = 24 + (max((r for _, r in place.values()), default=0) + 1) * (BOX_H + GAP_Y)
    return parts, width, height


def _graph_svg(figure: dict) -> str:
    marked = figure.get("differs_at", -1)
    missing = marked >= len(figure["learner"]["nodes"])
    mine, width, height = _one_graph_svg(figure["learner"], marked, 0, tr("your graph"))
    truth, width2, height2 = _one_graph_svg(figure["truth"], marked if missing else -1, width + 30,
                                            tr("the truth's graph"))
    total_w, total_h = width + 30 + width2, max(height, height2)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{total_h}" '
            f'font-family="monospace"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker>'
            '</defs>' + "".join(mine + truth) + "</svg>")


def _heatmap_svg(figure: dict, cell: int = 22) -> str:
    peak = max((abs(v) for row in figure["want"] + figure["got"] for v in row), default=0.0) or 1.0
    parts = []
    y = 0
    for label, key in ((tr("truth"), "want"), (tr("yours"), "got")):
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{html.escape(label)}</text>')
        for r, row in enumerate(figure[key]):
            for c, value in enumerate(row):
                strength = abs(value) / peak
                colour = f"rgba(200,60,40,{strength:.2f})" if value < 0 else f"rgba(40,90,200,{strength:.2f})"
                bad = key == "got" and figure["wrong"][r][c]
                parts.append(f'<rect x="{70 + c * cell}" y="{y + r * cell}" width="{cell - 2}" height="{cell - 2}" '
                             f'fill="{colour}" stroke="{"#c00" if bad else "#999"}" stroke-width="{3 if bad else 1}">'
                             f'<title>{value:.6g}</title></rect>')
        y += len(figure[key]) * cell + 8
    columns = max((len(row) for row in figure["want"]), default=0)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{70 + columns * cell}" height="{y}" '
            'font-family="sans-serif">' + "".join(parts) + "</svg>")


def figure_of(observed: Observed) -> dict:
    """What to draw for a failed check: the learner's graph beside the truth's where the check named its truth's
    (expect.graph_truth) and the learner's call returned a graph, else a heat map a comparison left."""
    if observed.truth_graph is not None:
        graphs = [graph for trace in reversed(observed.traces) for graph in trace.graphs]  # the call that failed
        # The graph a backward() ran through, else a returned tensor's.
        mine = next((g for g in graphs if g.path.startswith(("backward:", "grad:"))), graphs[0] if graphs else None)
        if mine is not None:
            figure = graph_figure(mine, observed.truth_graph)
            if figure["differs_at"] >= 0:  # two equal graphs teach nothing here
                return figure
    return observed.figure
