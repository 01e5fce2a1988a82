"""Generate notebooks/ from solutions/, the way stubs.py generates exercises/: one source for both.

Each notebook holds the exercise's explanation (its docstring, in English and in Korean) as markdown,
a cell that installs the kit where the kernel lacks it (Colab), a cell with the imports, one code cell
per function or class (the stub), and a check cell. Cell ids are derived from the exercise and the cell's
place, so generating twice writes the same bytes, and the test suite can prove the notebooks in sync.

    python grader.py dev generate-stubs     # writes exercises/, stubs.json and notebooks/
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
from nbformat import v4

from autograd_kit.exercises.manifest import KIT_ROOT, Exercise, load_exercises
from autograd_kit.exercises.stubs import stub_source
from autograd_kit.submission.notebook_cells import statement_source

KOREAN_SECTION = "----- 한국어 -----"
REPOSITORY = "https://github.com/YOUR-ORG/autograd-kit"  # the instructor's copy of the kit; see docs/learners.md (Colab)

INSTALL = """\
# Colab (or any kernel without the kit): fetch the kit and its checks once. Elsewhere this does nothing.
# A torch already here (Colab's CUDA build) is kept: pip is told to keep its version and installs only what is missing.
# 코랩처럼 키트가 없는 커널에서만 키트와 검사를 한 번 받아옵니다. 다른 곳에서는 아무것도 하지 않습니다.
# 이미 있는 torch(코랩의 CUDA 빌드)는 그대로 두고, 없는 것만 설치합니다.
try:
    import autograd_kit
except ImportError:
    import importlib.metadata, importlib.util, os, sys
    kit = "/content/autograd-kit" if os.path.isdir("/content") else os.path.abspath("autograd-kit")
    if not os.path.isdir(kit):
        !git clone --quiet --depth 1 {repository} "$kit"
    kept = [f"{{name}}=={{importlib.metadata.version(name)}}" for name in ("torch", "torchvision")
            if importlib.util.find_spec(name) is not None]
    with open(os.path.join(kit, "installed-here.txt"), "w") as keep:
        keep.write("\\n".join(kept) + "\\n")
    %pip install --quiet -e "$kit" -c "$kit/installed-here.txt"
    sys.path.insert(0, kit)"""

HOW_EN = ("**In this notebook:** write each function in its cell and run it, then run the last cell: "
          "`check(\"{number}\")` grades the code as your cells ran, in a sandbox, and says what to fix. "
          "`hint(\"{number}\")` gives one more hint each time.")
HOW_KO = ("**이 노트북에서는:** 각 함수를 그 셀에 작성해 실행한 다음, 마지막 셀을 실행하세요. "
          "`check(\"{number}\")`는 셀이 실행된 그대로의 코드를 샌드박스에서 채점하고 무엇을 고칠지 알려 줍니다. "
          "`hint(\"{number}\")`는 실행할 때마다 힌트를 하나씩 더 줍니다.")


# The module's docstring tells a terminal's learner the command; a notebook's learner has the check cell.
TERMINAL_EN = re.compile(r"Run `python grader\.py (\d\d)` to check your work\.")
TERMINAL_KO = re.compile(r"`python grader\.py (\d\d)`(?:으로|로) 확인하세요\.")


def for_the_notebook(docstring: str) -> str:
    docstring = TERMINAL_EN.sub(r'Run `check("\1")` in the last cell to check your work.', docstring)
    return TERMINAL_KO.sub(r'마지막 셀에서 `check("\1")`를 실행해 확인하세요.', docstring)


def notebook_for(exercise: Exercise, source: str, repository: str = REPOSITORY) -> nbformat.NotebookNode:
    """The notebook of one exercise, from its module's source (a stub, or a solution for the tests)."""
    tree = ast.parse(source)
    docstring = for_the_notebook(ast.get_docstring(tree, clean=False) or "")
    english, _, korean = docstring.partition(KOREAN_SECTION)
    number = exercise.name[:2]
    cells = [_markdown(english.strip(), HOW_EN.format(number=number))]
    if korean.strip():
        cells.append(_markdown(korean.strip(), HOW_KO.format(number=number)))
    cells.append(v4.new_code_cell(INSTALL.format(repository=repository)))
    loose: list[str] = []
    body = tree.body[1:] if docstring else tree.body
    for node in body:
        text = statement_source(source, node)
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            if loose:
                cells.append(v4.new_code_cell("\n".join(loose)))
                loose = []
            cells.append(v4.new_code_cell(text))
        else:
            loose.append(text)
    if loose:
        cells.append(v4.new_code_cell("\n".join(loose)))
    cells.append(v4.new_code_cell(f'from autograd_kit.notebook import check, hint\n\ncheck("{number}")'))
    for index, cell in enumerate(cells):
        cell["id"] = f"{exercise.name[:2]}-{index:02d}"
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata.update({
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "autograd_kit": {"exercise": exercise.name},
    })
    return notebook


def _markdown(explanation: str, how: str) -> nbformat.NotebookNode:
    title, _, rest = explanation.partition("\n")
    return v4.new_markdown_cell(f"# {title.strip()}\n{rest.rstrip()}\n\n{how}")


def write(notebook: nbformat.NotebookNode, path: Path) -> None:
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def generate(solutions_dir: Path, out_dir: Path, *, stubbed: bool = True, repository: str = REPOSITORY) -> list[Path]:
    """Write NN_name.ipynb for every exercise: the stubs (or, stubbed=False, the solutions themselves)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for exercise in load_exercises():
        source = exercise.path_in(solutions_dir).read_text(encoding="utf-8")
        if stubbed:
            source = stub_source(source, exercise.name)
        path = out_dir / f"{exercise.name}.ipynb"
        write(notebook_for(exercise, source, repository), path)
        written.append(path)
    return written


def default_dir() -> Path:
    return KIT_ROOT / "notebooks"
