"""Notebooks: generated from solutions/ like the stubs, and run headless with nbclient the way a learner runs
them, with the grade shown by the check cell."""

from __future__ import annotations

import ast
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import KIT_ROOT, LEARNERS, SOLUTIONS, run_grader, valid_result
from nbclient import NotebookClient

from autograd_kit.exercises import notebooks
from autograd_kit.exercises.manifest import load_exercises

NOTEBOOKS = KIT_ROOT / "notebooks"
EXERCISES = load_exercises()


def test_committed_notebooks_equal_the_generated_ones(tmp_path):
    notebooks.generate(SOLUTIONS, tmp_path)
    for exercise in EXERCISES:
        name = f"{exercise.name}.ipynb"
        assert (tmp_path / name).read_bytes() == (NOTEBOOKS / name).read_bytes(), (
            f"{name} is out of date: run `python grader.py dev generate-stubs`")
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == sorted(f"{e.name}.ipynb" for e in EXERCISES)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name[:2])
def test_each_notebook_explains_in_two_languages_with_a_cell_per_function_and_a_check(exercise):
    notebook = nbformat.read(NOTEBOOKS / f"{exercise.name}.ipynb", as_version=4)
    nbformat.validate(notebook)
    english, korean = (cell for cell in notebook.cells if cell.cell_type == "markdown")
    stub = (KIT_ROOT / "exercises" / exercise.filename).read_text(encoding="utf-8")
    assert english.source.startswith(f"# Exercise {exercise.name[:2]}") and "check(" in english.source
    assert korean.source.startswith(f"# 연습 {exercise.name[:2]}") and "실행" in korean.source
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    defined = [node.name for node in ast.parse(stub).body if isinstance(node, ast.FunctionDef | ast.ClassDef)]
    for name in defined:  # each function or class in a cell of its own, its TODO and stub with it
        cells = [c for c in code if f"def {name}(" in c or f"class {name}(" in c]
        assert len(cells) == 1 and "NotImplementedError" in stub
    assert code[-1] == f'from autograd_kit.notebook import check, hint\n\ncheck("{exercise.name[:2]}")'
    assert "import autograd_kit" in code[0] and "except ImportError" in code[0]  # Colab's install cell


# --- run as a learner runs them ------------------------------------------------------------------------------

def run_notebook(notebook: nbformat.NotebookNode, folder: Path, order: list[int] | None = None,
                 lang: str = "en", then: nbformat.NotebookNode | None = None) -> nbformat.NotebookNode:
    """Run the cells in ORDER (default: top to bottom) in a fresh kernel started in FOLDER, as JupyterLab does;
    THEN, a changed copy of the notebook: its changed cells and its check cell, in the same kernel (a learner
    who writes the functions after a first check)."""
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    cells = order if order is not None else list(range(len(notebook.cells)))
    with client.setup_kernel(env={**os.environ, "LANG": "ko_KR.UTF-8" if lang == "ko" else "C.UTF-8", "LC_ALL": ""}):
        for index in cells:
            client.execute_cell(notebook.cells[index], index)
        if then is not None:
            client.nb = then
            last = len(then.cells) - 1
            for index, (before, after) in enumerate(zip(notebook.cells, then.cells, strict=True)):
                if before.source != after.source or index == last:
                    client.execute_cell(then.cells[index], index)
    return notebook


def check_output(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """The HTML and the text the last cell (check) shows."""
    outputs = notebook.cells[-1].outputs
    shown = [o for o in outputs if o.output_type == "execute_result"]
    assert shown, outputs
    return shown[0].data["text/html"], shown[0].data["text/plain"]


def with_function(notebook: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    """NOTEBOOK with the cells of SOURCE's functions put in place of the stubs' (what a learner types)."""
    changed = nbformat.from_dict(json.loads(json.dumps(notebook)))
    tree = ast.parse(source)
    lines = source.splitlines()
    imports = [ast.get_source_segment(source, node) for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    import_cell = next(c for c in changed.cells if c.cell_type == "code" and c.source.startswith(("import", "from")))
    import_cell.source = "\n".join(imports)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            for cell in changed.cells:
                if cell.cell_type == "code" and (f"def {node.name}(" in cell.source or f"class {node.name}(" in cell.source):
                    cell.source = "\n".join(lines[first - 1:node.end_lineno])
    return changed


@pytest.fixture(scope="module")
def every_notebook_run(tmp_path_factory) -> dict[str, tuple[nbformat.NotebookNode, nbformat.NotebookNode]]:
    """Each exercise's notebook run top to bottom, then with the solution's cells typed in and checked again: all
    twenty in one kernel, one after the other, as a learner working through the course in one session (one torch
    import and one grader for the twenty instead of twenty; no two exercises define the same name)."""
    folder = tmp_path_factory.mktemp("course")
    ran = {}
    for exercise in EXERCISES:
        stub = nbformat.read(NOTEBOOKS / f"{exercise.name}.ipynb", as_version=4)
        solved = with_function(stub, (SOLUTIONS / exercise.filename).read_text(encoding="utf-8"))
        ran[exercise.name] = (stub, solved)
    client = NotebookClient(nbformat.v4.new_notebook(), timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    with client.setup_kernel(env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": ""}):
        for stub, solved in ran.values():
            _run_cells(client, stub, range(len(stub.cells)))
            last = len(solved.cells) - 1
            _run_cells(client, solved, [i for i, (before, after) in enumerate(zip(stub.cells, solved.cells, strict=True))
                                        if before.source != after.source or i == last])
    return ran


def _run_cells(client: NotebookClient, notebook: nbformat.NotebookNode, indices) -> None:
    client.nb = notebook
    for index in indices:
        client.execute_cell(notebook.cells[index], index)


@pytest.mark.slow
@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name[:2])
def test_stub_notebook_is_not_started_and_the_solved_one_earns_every_point(exercise, every_notebook_run):
    stub, solved = every_notebook_run[exercise.name]
    html, text = check_output(stub)
    assert "not started" in text and "hint(" in text
    html, text = check_output(solved)
    assert "✘" not in text and "passed" in text, text
    assert "Passed. Next" in text or "last exercise" in text
    assert "<div" in html and "✔" in html


def test_a_typical_mistake_is_named_in_the_cell_output_and_hint_follows_it(tmp_path):
    stub = nbformat.read(NOTEBOOKS / "04_gradients_by_hand.ipynb", as_version=4)
    notebook = with_function(stub, (LEARNERS / "mistakes.py").read_text(encoding="utf-8"))
    notebook.cells.append(nbformat.v4.new_code_cell('hint("04")'))
    notebook.cells.append(nbformat.v4.new_code_cell('hint("04")'))
    run_notebook(notebook, tmp_path)
    check_cell = next(c for c in notebook.cells if c.source.endswith('check("04")'))
    shown = next(o for o in check_cell.outputs if o.output_type == "execute_result")
    html, text = shown.data["text/html"], shown.data["text/plain"]
    assert "Mistake: this is 3a^2" in html and "expected: tensor([36., 81.])" in html
    assert "1/10" in text and "hint(&quot;04&quot;)" in html
    # hint() gives the levels the terminal's `hint 04` gives, one more each time, in the notebook's folder
    first, second = (c.outputs[0].data["text/plain"] for c in notebook.cells[-2:])
    assert "1. a nudge" in first and "2. the API" not in first, first
    assert "1. a nudge" in second and "2. the API to use: The power rule" in second, second


def test_cells_run_out_of_order_or_twice_are_graded_as_they_ran_last(tmp_path):
    stub = nbformat.read(NOTEBOOKS / "04_gradients_by_hand.ipynb", as_version=4)
    solved = with_function(stub, (SOLUTIONS / "04_gradients_by_hand.py").read_text(encoding="utf-8"))
    wrong = with_function(stub, (LEARNERS / "mistakes.py").read_text(encoding="utf-8"))
    dq_da = next(i for i, c in enumerate(solved.cells) if "def dq_da(" in c.source)
    # One notebook whose dq_da cell holds the wrong version, and a cell after it with the right one,
    # run as: everything, then the right cell, then the wrong cell again: the wrong one ran last.
    cells = solved.cells[:dq_da + 1] + [wrong.cells[dq_da]] + solved.cells[dq_da + 1:]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.source) if c.cell_type == "code"
                                               else nbformat.v4.new_markdown_cell(c.source) for c in cells])
    last = len(notebook.cells) - 1
    order = list(range(last)) + [dq_da, dq_da + 1, last]
    _, text = check_output(run_notebook(notebook, tmp_path, order))
    assert "dq_da(a, b) follows the power rule" in text and "✘ dq_da" in text
    # ...and the other way round: the right one ran last
    order = list(range(last)) + [dq_da + 1, dq_da, last]
    _, text = check_output(run_notebook(notebook, tmp_path, order))
    assert "✔ dq_da" in text


def test_a_check_before_any_cell_ran_says_to_run_them(tmp_path):
    stub = nbformat.read(NOTEBOOKS / "09_no_grad_context.ipynb", as_version=4)
    _, text = check_output(run_notebook(stub, tmp_path, order=[len(stub.cells) - 1]))
    assert "No cell that defines a function has run in this kernel yet" in text
    # each missing function is named as a cell to run, not as a file without it
    assert "is not defined by any cell that has run" in text and "the file has no function" not in text


def test_the_kernel_keeps_one_grader_and_starts_it_again_when_it_died(tmp_path):
    stub = nbformat.read(NOTEBOOKS / "09_no_grad_context.ipynb", as_version=4)
    last = len(stub.cells) - 1
    stub.cells.append(nbformat.v4.new_code_cell(
        "import autograd_kit.learner.notebook as nb\nfirst = nb._GRADER.process.pid\nnb._GRADER.process.kill()\n"
        "nb._GRADER.process.wait()"))
    stub.cells.append(nbformat.v4.new_code_cell(stub.cells[last].source))
    stub.cells.append(nbformat.v4.new_code_cell("nb._GRADER.process.pid != first"))
    run_notebook(stub, tmp_path, order=list(range(len(stub.cells))))
    again = next(o for o in stub.cells[-2].outputs if o.output_type == "execute_result").data["text/plain"]
    assert "not started" in again  # graded by a new grader process, the same way
    assert stub.cells[-1].outputs[0].data["text/plain"] == "True"


def test_check_speaks_korean_when_the_kernel_does(tmp_path):
    stub = nbformat.read(NOTEBOOKS / "04_gradients_by_hand.ipynb", as_version=4)
    notebook = with_function(stub, (LEARNERS / "mistakes.py").read_text(encoding="utf-8"))
    _, text = check_output(run_notebook(notebook, tmp_path, lang="ko"))
    assert "실패" in text and "실수:" in text and "hint(\"04\")로" in text


# --- notebooks as submissions ------------------------------------------------------------------------------

HOSTILE = """\
import glob, os


def q_function(a, b):
    # Reach for the reference solution and the grader, from a notebook's cell
    for pattern in ("/work/**/solutions/*.py", "/root/**/solutions/*.py", "/proc/1/environ"):
        for path in glob.glob(pattern, recursive=True)[:3]:
            try:
                print(open(path).read()[:200])
            except OSError as error:
                print("refused:", error)
    return 3 * a**3 - b**2


def dq_da(a, b):
    os.system("touch /tmp/notebook-escaped")
    return 9 * a**2


def dq_db(a, b):
    return -2 * b
"""


def test_a_class_of_notebooks_is_graded_in_batch_malformed_and_hostile_ones_included(tmp_path):
    solved = tmp_path / "solved"
    notebooks.generate(SOLUTIONS, solved, stubbed=False)
    stub = nbformat.read(NOTEBOOKS / "04_gradients_by_hand.ipynb", as_version=4)
    submissions = tmp_path / "submissions"
    for student in ("alice", "bob", "mallory"):
        (submissions / student).mkdir(parents=True)
    for name in ("04_gradients_by_hand", "09_no_grad_context"):
        shutil.copy(solved / f"{name}.ipynb", submissions / "alice")
    (submissions / "bob" / "04_gradients_by_hand.ipynb").write_text("{ this is not a notebook")
    (submissions / "bob" / "05_vector_backward.ipynb").write_bytes("{}".encode("utf-16"))
    shutil.copy(solved / "09_no_grad_context.ipynb", submissions / "bob")
    nbformat.write(with_function(stub, HOSTILE), submissions / "mallory" / "04_gradients_by_hand.ipynb")
    out = tmp_path / "grades"
    result = run_grader("batch", str(submissions), "--out", str(out), "--seed", "5", "--jobs", "2", limit_s=600)
    assert result.returncode == 0, result.stdout + result.stderr

    def exercise(student: str, name: str) -> dict:
        grade = valid_result(json.loads((out / "results" / f"{student}.json").read_text())["grade"])
        return next(e for e in grade["exercises"] if e["name"] == name)

    assert exercise("alice", "04_gradients_by_hand")["status"] == "passed"
    assert exercise("alice", "09_no_grad_context")["status"] == "passed"
    # A notebook that cannot be read costs its own exercise, with the reason, and nothing else
    broken = exercise("bob", "04_gradients_by_hand")
    assert broken["points"] == 0 and "04_gradients_by_hand.ipynb cannot be graded" in broken["checks"][0]["message"]
    assert "not UTF-8" in exercise("bob", "05_vector_backward")["checks"][0]["message"]
    assert exercise("bob", "09_no_grad_context")["status"] == "passed"
    # The hostile notebook runs in the same sandbox: no solution read, no process started, no file escaped
    hostile = exercise("mallory", "04_gradients_by_hand")
    printed = "\n".join(c["output"] + c["message"] for c in hostile["checks"])
    assert "BEGIN SOLUTION" not in printed and "def dq_da" not in printed
    # dq_da's os.system is refused; the cell reaches past its own objects, so how the functions are written
    # cannot be vouched for, and only q_function's value counts (checks/source.py)
    assert hostile["points"] == 1
    assert not Path("/tmp/notebook-escaped").exists()


# --- what a learner sees, in a real browser ----------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_check_output_reads_in_a_browser_in_light_and_dark_themes(tmp_path, theme):
    """nbconvert renders an executed notebook (one check failing, one passing) with JupyterLab's theme, and
    headless Chromium takes a screenshot: the page must be the theme's, and the README shows both."""
    from nbconvert import HTMLExporter
    from PIL import Image, ImageStat

    assert CHROMIUM, "Chromium is needed: apt-get install chromium (.ci/run installs it)"
    stub = nbformat.read(NOTEBOOKS / "04_gradients_by_hand.ipynb", as_version=4)
    failing = run_notebook(with_function(stub, (LEARNERS / "mistakes.py").read_text(encoding="utf-8")), tmp_path)
    passing = run_notebook(with_function(stub, (SOLUTIONS / "04_gradients_by_hand.py").read_text()), tmp_path)
    shown = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("A check that fails, then passes:")])
    for ran in (failing.cells[-1], passing.cells[-1]):
        cell = nbformat.v4.new_code_cell(ran.source, execution_count=ran.execution_count)
        cell.outputs = ran.outputs
        shown.cells.append(cell)
    page, _ = HTMLExporter(template_name="lab", theme=theme).from_notebook_node(shown)
    assert "cdn." not in page.split("<body")[1]  # the check's output loads nothing
    html_file = tmp_path / f"check-{theme}.html"
    html_file.write_text(page, encoding="utf-8")
    picture = tmp_path / f"check-{theme}.png"
    import subprocess

    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={picture}", "--window-size=1000,1100", html_file.as_uri()],
                   capture_output=True, timeout=120, check=True)
    brightness = ImageStat.Stat(Image.open(picture).convert("L")).mean[0]
    assert (brightness < 100) if theme == "dark" else (brightness > 180), brightness
    keep = KIT_ROOT / ".autograd-kit" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(picture, keep / picture.name)  # to look at: .autograd-kit/screenshots/


# --- a newcomer's first hour (issue 28): where, which id, links, one folder ------------------------------------

RAISES_ON_LINE_3 = '''def dq_da(a, b):
    scale = 9
    raise ValueError("not written yet")
'''


@pytest.fixture(scope="module")
def first_hour(tmp_path_factory):
    """04's notebook with a dq_da that raises on line 3 of its cell, checked; then check() with each kind of id,
    an unknown one, and hint(), all in one kernel (a learner's first hour, in order)."""
    folder = tmp_path_factory.mktemp("first-hour")
    notebook = nbformat.read(NOTEBOOKS / "04_gradients_by_hand.ipynb", as_version=4)
    notebook = with_function(notebook, (SOLUTIONS / "04_gradients_by_hand.py").read_text(encoding="utf-8"))
    cell = next(c for c in notebook.cells if c.cell_type == "code" and "def dq_da(" in c.source)
    cell.source = RAISES_ON_LINE_3
    check_cell = notebook.cells.pop()
    # An extra cell first, so that the cell's In [n] differs from its place on the page.
    notebook.cells.insert(0, nbformat.v4.new_code_cell("1 + 1"))
    notebook.cells += [check_cell,
                       nbformat.v4.new_code_cell('[check(4).points, check("4").points, '
                                                 'check("04_gradients_by_hand").points, check("04").points]'),
                       nbformat.v4.new_code_cell('check("99")'),
                       nbformat.v4.new_code_cell("check(99)"),
                       nbformat.v4.new_code_cell('hint("04")')]
    run_notebook(notebook, folder)
    return notebook, folder, cell.execution_count


def shown(cell: nbformat.NotebookNode) -> dict:
    assert not [o for o in cell.outputs if o.output_type == "error"], cell.outputs  # no traceback, ever
    return next(o for o in cell.outputs if o.output_type == "execute_result").data


def test_a_failure_names_the_cell_and_the_line_within_it(first_hour):
    notebook, _, count = first_hour
    text = shown(notebook.cells[-5])["text/plain"]
    assert count != notebook.cells.index(next(c for c in notebook.cells if "def dq_da(" in c.source))
    assert f"in dq_da, cell In [{count}], line 3: raise ValueError" in text, text
    assert ".py:" not in text and ".ipynb:" not in text


def test_check_takes_the_number_as_an_int_a_string_or_the_name(first_hour):
    notebook, _, _ = first_hour
    points = ast.literal_eval(shown(notebook.cells[-4])["text/plain"])
    assert len(set(points)) == 1 and points[0] > 0  # the same grade, whichever way 04 was named


@pytest.mark.parametrize("offset, asked", [(-3, "'99'"), (-2, "99")])
def test_an_unknown_id_lists_the_ids_instead_of_a_traceback(first_hour, offset, asked):
    notebook, _, _ = first_hour
    data = shown(notebook.cells[offset])
    assert data["text/plain"].startswith(f"There is no exercise {asked}. The exercises are \"01\", \"02\"")
    assert '"20"' in data["text/plain"] and 'check(4)' in data["text/plain"]
    assert "There is no exercise" in data["text/html"]


def test_read_and_hint_links_are_links_and_values_are_monospace(first_hour):
    notebook, _, _ = first_hour
    card = shown(notebook.cells[-5])["text/html"]
    exercise_page = load_exercises()[3].link
    assert f'Read: <a href="{exercise_page}" target="_blank" rel="noopener">{exercise_page}</a>' in card
    message = card.split('<pre style="', 1)[1]
    assert message.startswith("font-family: var(--jp-code-font-family") and "word-break: normal" in message
    hint_html = shown(notebook.cells[-1])["text/html"]
    assert f'<a href="{exercise_page}"' in hint_html


def test_the_kernel_s_state_lives_in_one_folder(first_hour):
    _, folder, _ = first_hour
    assert (folder / ".autograd-kit" / "state.json").is_file()
    assert (folder / ".autograd-kit" / "notebook" / "04_gradients_by_hand.py").is_file()
    assert not (folder / ".autograd-kit" / ".autograd-kit").exists()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name[:2])
def test_the_notebook_names_check_not_the_terminal_command(exercise):
    notebook = nbformat.read(NOTEBOOKS / f"{exercise.name}.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "grader.py" not in text
    assert f'Run `check("{exercise.name[:2]}")` in the last cell' in text
    assert f'`check("{exercise.name[:2]}")`를 실행해 확인하세요' in text


# Measured in the browser after layout: each word's boxes (a word broken across lines has two tops), and where
# "tensor(" starts on the expected and got lines. The page writes them into an attribute --dump-dom prints.
MEASURE = """<script>
window.addEventListener("load", () => {
  const card = document.querySelector(".autograd-kit-check");
  const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  const broken = [], starts = {};
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // A link's address is not a word: on a narrow page it may wrap at a slash rather than run off the card.
    const words = node.parentElement.closest("a") ? [] : node.data.matchAll(/\\S+/g);
    for (const word of words) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
      if (tops.size > 1) broken.push(word[0]);
    }
    for (const label of ["expected:", "got:"]) {
      const at = node.data.indexOf(label);
      if (at < 0 || label in starts) continue;
      const range = document.createRange();
      const value = node.data.indexOf("tensor(", at);
      range.setStart(node, value);
      range.setEnd(node, value + 1);
      starts[label] = range.getBoundingClientRect().left;
    }
  }
  const font = getComputedStyle(card.querySelector("pre")).fontFamily;
  document.body.setAttribute("data-measure", JSON.stringify({broken, starts, font}));
});
</script>"""


def test_a_failing_card_in_a_narrow_browser_lines_values_up_and_breaks_no_word(tmp_path):
    """Chromium lays out a failing check's card in a narrow notebook (the mistake's sentence must wrap): expected
    and got start their values at the same x, every word stays on one line. The screenshot is kept to look at."""
    import re
    import subprocess
    from html import unescape

    from nbconvert import HTMLExporter

    assert CHROMIUM, "Chromium is needed: apt-get install chromium (.ci/run installs it)"
    stub = nbformat.read(NOTEBOOKS / "04_gradients_by_hand.ipynb", as_version=4)
    failing = run_notebook(with_function(stub, (LEARNERS / "mistakes.py").read_text(encoding="utf-8")), tmp_path)
    shown = nbformat.v4.new_notebook(cells=[failing.cells[-1]])
    page, _ = HTMLExporter(template_name="lab", theme="light").from_notebook_node(shown)
    html_file = tmp_path / "failing-card.html"
    html_file.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=560,1400"]
    dom = subprocess.run([*browser, "--virtual-time-budget=5000", "--dump-dom", html_file.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    found = re.search(r'data-measure="([^"]*)"', dom)
    assert found, dom[-2000:]
    measured = json.loads(unescape(found.group(1)))
    assert measured["broken"] == []
    assert set(measured["starts"]) == {"expected:", "got:"}
    assert abs(measured["starts"]["expected:"] - measured["starts"]["got:"]) < 0.5, measured
    assert "monospace" in measured["font"] or "Mono" in measured["font"], measured["font"]
    picture = tmp_path / "failing-card-narrow.png"
    subprocess.run([*browser, f"--screenshot={picture}", html_file.as_uri()], capture_output=True, timeout=120,
                   check=True)
    keep = KIT_ROOT / ".autograd-kit" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(picture, keep / picture.name)  # to look at: .autograd-kit/screenshots/
