"""Figures for a failed check (report/figures.py): the learner's graph beside the truth's with the first difference
marked, a gradient as a heat map; Unicode for the terminal, SVG for notebooks, every name escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import torch

from autograd_kit.learner.notebook import CheckReport
from autograd_kit.exercises.manifest import find_exercise
from autograd_kit.report import figures
from autograd_kit.sandbox import trace, trace_data


def _graph(tensor: torch.Tensor) -> trace_data.Graph:
    graph = figures.graph_of_tensor(tensor)
    assert graph is not None
    return graph


def test_an_extra_detach_or_mul_is_the_first_difference_and_is_marked():
    x = torch.tensor([2.0, 3.0], requires_grad=True)
    truth = _graph((x**2).detach() * x)
    mine = _graph(x**2 * x)  # y not detached: the gradient also flows through y = x^2
    figure = figures.graph_figure(mine, truth)
    assert figure["differs_at"] == 1 and figure["learner"]["nodes"][1]["name"] == "PowBackward0"
    text = figures.as_text(figure)
    assert "PowBackward0  ◀" in text and "the truth's graph" in text
    extra = _graph((x * 2) * 1.0)
    assert figures.graph_figure(extra, _graph(x * 2))["differs_at"] == 1  # where the extra MulBackward0 shows


def test_a_missing_edge_to_a_parameter_is_found():
    layer = torch.nn.Linear(2, 1)
    x = torch.ones(1, 2)
    truth = _graph(layer(x).sum())
    with torch.no_grad():
        frozen_bias = layer.bias.clone()
    mine = _graph((x @ layer.weight.T + frozen_bias).sum())
    figure = figures.graph_figure(mine, truth)
    assert figure["differs_at"] >= 0
    assert sum(1 for n in figure["truth"]["nodes"] if n.get("parameter")) == 2
    assert sum(1 for n in figure["learner"]["nodes"] if n.get("parameter")) == 1


def test_a_saved_tensor_changed_in_place_is_marked_on_its_node():
    x = torch.randn(4, requires_grad=True)
    y = torch.sigmoid(x)
    y *= 2
    mine = trace_data.read_graph(trace.graph_of(y.sum()))
    truth = _graph((torch.sigmoid(x) * 2).sum())
    figure = figures.graph_figure(mine, truth)
    marked = figure["learner"]["nodes"][figure["differs_at"]]
    assert marked == {"name": "SigmoidBackward0", "modified": True}
    assert "saved tensor was changed in place" in figures.as_text(figure)


def test_equal_graphs_have_no_difference():
    x = torch.ones(3, requires_grad=True)
    assert figures.graph_figure(_graph((x * 2).sum()), _graph((x * 2).sum()))["differs_at"] == -1


def test_a_heat_map_marks_the_wrong_entries():
    want = torch.tensor([1.0, -2.0, 3.0, 0.5])
    got = torch.tensor([1.0, 2.0, 3.0, 0.0])
    figure = figures.heatmap_figure(got, want, got != want)
    assert figure["wrong"] == [[False, True, False, True]]
    text = figures.as_text(figure)
    assert text.splitlines()[2] == " " * 10 + "  ✗   ✗ "
    svg = figures.as_svg(figure)
    ElementTree.fromstring(svg)  # well-formed
    assert svg.count('stroke="#c00"') == 2
    assert figures.heatmap_figure(torch.ones(100), torch.ones(100), torch.zeros(100, dtype=torch.bool)) is None


HOSTILE = {"kind": "graph", "differs_at": 0, "learner": {
    "path": "", "nodes": [{"name": "<script>alert(1)</script>"}, {"name": "\x1b[2J&amp;\u202e"}],
    "edges": [[0, 1]], "truncated": False}, "truth": {"path": "", "nodes": [{"name": "SumBackward0"}], "edges": [],
                                                      "truncated": False}}


def test_hostile_names_are_escaped_in_svg_and_stripped_of_controls_in_the_terminal():
    svg = figures.as_svg(HOSTILE)
    ElementTree.fromstring(svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;amp;" in svg
    text = figures.as_text(HOSTILE)
    assert "\x1b" not in text and "\u202e" not in text


def test_the_notebook_draws_the_figure_as_svg_and_escapes_the_rest():
    check = {"description": "d", "points": 0, "max_points": 1, "passed": False, "output": "",
             "message": "wrong <b>\n" + figures.as_text(HOSTILE), "figure": HOSTILE}
    grade = {"seed": 1, "exercises": [{"name": "13_detach", "status": "failed", "points": 0, "max_points": 1,
                                       "checks": [check]}]}
    report = CheckReport(find_exercise("13_detach"), grade)
    page = report._repr_html_()
    assert "<svg" in page and "<script>" not in page and "wrong &lt;b&gt;" in page
    assert figures.as_text(HOSTILE) in repr(report).replace("\n    ", "\n")  # the terminal keeps the Unicode
