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


# --- every pass is linear, and the code is capped ---------------------------------------------------------

def long_cell(size: int) -> str:
    """One cell of SIZE bytes or so: comments, a chain of assignments only the last function reads, try-outs."""
    parts, total, i = [], 0, 0
    while total < size:
        part = f"# step {i}\nv{i} = v{i - 1} + 1 if {i} else 0\nprint(v{i})\n"
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts) + f"def last(x):\n    return x + v{i - 1}\n"


def notebook_of(code: str) -> bytes:
    notebook = v4.new_notebook(cells=[v4.new_code_cell(code, execution_count=1)])
    return nbformat.writes(notebook).encode()


def lines_run(function, *args) -> int:
    """How many lines of notebook_cells.py ran: the work its own loops did, whatever the machine's load."""
    import sys

    from autograd_kit.submission import notebook_cells

    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != notebook_cells.__file__:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        function(*args)
    finally:
        sys.settrace(None)
    return count


def cpu_seconds(function, *args) -> float:
    import time

    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        function(*args)
        best = min(best, time.process_time() - started)
    return best


def test_building_a_module_grows_linearly_with_the_code():
    sizes = (1_000, 10_000, 100_000)
    work = [lines_run(module_from_cells, [long_cell(size)]) for size in sizes]
    # the chain of assignments kept through one function: a fixed point per link was quadratic in it
    assert work[1] <= 12 * work[0] and work[2] <= 12 * work[1], work
    source = module_from_cells([long_cell(100_000)]).source
    assert "def last" in source and "v0 = " in source and "print(" not in source
    # what runs below this module's own lines (splitting the cell's text once per statement was quadratic):
    # CPU time, compared by ratio only and generously (linear is about 10x, quadratic about 100x)
    small, large = cpu_seconds(module_from_cells, [long_cell(10_000)]), cpu_seconds(module_from_cells,
                                                                                   [long_cell(100_000)])
    assert large <= 30 * max(small, 0.002), (small, large)


def test_reading_a_notebook_grows_linearly_with_it():
    notebooks = [notebook_of(long_cell(size)) for size in (1_000, 10_000, 100_000)]
    work = [lines_run(notebook_module, raw) for raw in notebooks]
    assert work[1] <= 12 * work[0] and work[2] <= 12 * work[1], work
    small, large = cpu_seconds(notebook_module, notebooks[1]), cpu_seconds(notebook_module, notebooks[2])
    assert large <= 30 * max(small, 0.002), (small, large)


def test_comments_are_looked_for_above_a_statement_only_as_far_as_the_one_before():
    code = 'x = """\n# not a comment: inside the string\n"""\n# about f\ndef f():\n    return x\n'
    source = module_from_cells([code]).source
    assert source.count("# not a comment") == 1 and "# about f\ndef f" in source


def test_code_over_the_cap_is_refused_with_the_limit():
    import pytest

    from autograd_kit.submission.limits import MAX_FILE_BYTES
    from autograd_kit.submission.notebook_cells import NotebookError

    with pytest.raises(NotebookError, match=f"larger than {MAX_FILE_BYTES // 1024} KiB"):
        notebook_module(notebook_of("x = 1\n" * (MAX_FILE_BYTES // 6 + 1)))


def test_cells_the_parser_cannot_take_are_unreadable_not_a_crash():
    deep = "x = " + "-" * 200_000 + "1\n"
    module = module_from_cells(["def f():\n    return 1\n", deep, "y = 'a\0b'\n"])
    assert "def f" in module.source and len(module.unreadable) >= 1
