"""From cells to a module: the order the cells ran, the last definition winning, experiments left out."""

import nbformat
from nbformat import v4

from autograd_kit.submission.notebook_cells import module_from_cells, notebook_module


def test_the_last_definition_that_ran_wins_wherever_its_cell_is():
    # Run as: imports, a first dq_da, a second dq_da, then the first cell again (run twice, out of order)
    first = "def dq_da(a, b):\n    return 3 * a**2\n"
    second = "def dq_da(a, b):\n    return 9 * a**2\n"
    assert "9 * a**2" in module_from_cells(["import torch", first, second]).source
    assert "3 * a**2" in module_from_cells(["import torch", second, first]).source
    source = module_from_cells(["import torch", first, second, first]).source
    assert source.count("def dq_da") == 1 and "3 * a**2" in source


def test_what_the_learner_tried_out_is_left_out():
    cells = [
        "import torch\nimport sys",
        "LR = 0.1\nSCALE = LR * 2\nx = torch.ones(2)",
        "# scaled by hand\n@torch.no_grad()\ndef f(a):\n    return a * SCALE",
        "print(f(x))\nloss = f(x).sum()\nfor i in range(3):\n    f(x)",
        "!pip install something\n%timeit f(x)",
        "from autograd_kit.notebook import check, hint\ncheck('04')",
    ]
    source = module_from_cells(cells).source
    compile(source, "<module>", "exec")
    assert source.splitlines()[0] == "import torch"
    # kept: what f reads (SCALE, and LR through it), f with its decorator and comment
    assert "LR = 0.1" in source and "SCALE = LR * 2" in source and "# scaled by hand\n@torch.no_grad()" in source
    # left out: try-outs, an import nothing kept uses, magics, the check cell
    for gone in ("x = torch.ones", "print(", "loss =", "for i", "import sys", "pip", "timeit", "autograd_kit", "check("):
        assert gone not in source, gone


def test_a_cell_that_did_not_parse_is_named_and_defined_nothing():
    module = module_from_cells(["def ok():\n    return 1", "def broken(:\n    pass", "x = ("])
    assert "def ok" in module.source and "broken" not in module.source
    assert [note.split(":")[0] for note in module.unreadable] == ["cell 2", "cell 3"]


def test_a_notebook_file_is_read_in_the_order_its_cells_ran():
    cells = [v4.new_code_cell("import torch"), v4.new_code_cell("def f():\n    return 2"),
             v4.new_code_cell("def f():\n    return 1")]
    cells[0].execution_count, cells[1].execution_count, cells[2].execution_count = 1, 3, 2  # the middle one last
    text = nbformat.writes(v4.new_notebook(cells=cells))
    assert "return 2" in notebook_module(text.encode()).source
    for cell in cells:
        cell.execution_count = None  # never run (written in an editor): the page's order
    assert "return 1" in notebook_module(nbformat.writes(v4.new_notebook(cells=cells)).encode()).source


def test_a_never_run_notebook_keeps_its_syntax_error_so_the_learner_sees_it():
    cells = [v4.new_code_cell("def f(:\n    return 1")]
    module = notebook_module(nbformat.writes(v4.new_notebook(cells=cells)).encode())
    assert "def f(:" in module.source and module.unreadable


def test_malformed_and_foreign_notebooks_get_a_reason():
    import pytest

    from autograd_kit.submission.notebook_cells import NotebookError

    for raw, reason in [(b"{not json", "not a notebook"), ("\ufeff{}".encode("utf-16"), "not UTF-8"),
                        (b'{"cells": 3}', "not a notebook"), (b"[]", "not a notebook")]:
        with pytest.raises(NotebookError, match=reason):
            notebook_module(raw)
