"""The instructor sees each student: a section per student in report.html, feedback files to hand back, and no
failure left unexplained (issue 27).

A class with every status (passed, failed, error, timeout, crashed, not started, missing) and hostile text in
its ids and messages is graded by a real `grader.py batch`; the report's sections and the feedback files are
parsed back and compared with the gradebook, number by number.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import KIT_ROOT, LEARNERS, SOLUTIONS, run_grader

from autograd_kit.checks import catalogue
from autograd_kit.classroom.record import ClassHeader, ClassRecord
from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.report import class_stats

# A real batch of the whole class runs in the first test's setup: on a busy 2-core machine it takes minutes.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
SLOTS = {e.number: e.name for e in load_exercises()}
SEED = 11
HOSTILE = "<script>alert(1)</script> `code` ``` </pre> **bold** /etc/passwd"
RAISES = f'''def q_function(a, b):
    print("<img src=x onerror=alert(1)>")
    raise ValueError({HOSTILE!r})


def dq_da(a, b):
    raise ValueError({HOSTILE!r})


def dq_db(a, b):
    raise ValueError({HOSTILE!r})
'''

# folder name -> {exercise number: a learner file, "solution", "stub", "" (an empty file) or source text}
CLASS: dict[str, dict[str, str]] = {
    "+cmd@x": {"04": "solution", "09": "stub"},  # a spreadsheet formula as an id; passed, not started, missing
    "<i onmouseover='x'>syntax&": {"04": "def q_function(a, b)\n    return 1\n", "09": "import_error.py"},
    "mistakes": {"04": "mistakes.py", "02": "mean_loss.py"},
    "raises": {"04": RAISES, "09": ""},  # its own error, with hostile text; an empty file
    "hangs": {"04": "hang_at_import.py"},
    "crashes": {"04": "segfault.py"},
    "empty": {},
}
SYNTAX_ID = re.sub(r"[^\w.@+-]+", "_", "<i onmouseover='x'>syntax&")
STATUSES = {"passed", "failed", "error", "timeout", "crashed", "not_started", "missing"}


def _write(folder: Path, files: dict[str, str]) -> None:
    target = folder / "exercises"
    target.mkdir(parents=True)
    for number, source in files.items():
        path = target / f"{SLOTS[number]}.py"
        if source == "solution":
            shutil.copy(SOLUTIONS / path.name, path)
        elif source == "stub":
            shutil.copy(KIT_ROOT / "exercises" / path.name, path)
        elif source.endswith(".py") and "\n" not in source:
            shutil.copy(LEARNERS / source, path)
        else:
            path.write_text(source, encoding="utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    root = tmp_path_factory.mktemp("hostile-class")
    for student, files in CLASS.items():
        _write(root / "submissions" / student, files)
    result = run_grader("batch", str(root / "submissions"), "--out", str(root / "grades"), "--seed", str(SEED),
                        "--jobs", "2", "--timeout", "3", "--memory-mb", "512", limit_s=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, root / "grades", result


def gradebook(grades: Path) -> dict[str, dict[str, str]]:
    with (grades / "gradebook.csv").open(encoding="utf-8") as file:
        return {row["student"].removeprefix("'"): row for row in csv.DictReader(file)}


def results(grades: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (grades / "results").glob("*.json")}


def page(grades: Path):
    from lxml import html

    return html.fromstring((grades / "report.html").read_text(encoding="utf-8"))


def text(element) -> str:
    return element.text_content().strip()


def test_every_status_is_in_the_gradebook_beside_the_points(graded):
    _, grades, _ = graded
    book = gradebook(grades)
    assert set(book) == {re.sub(r"[^\w.@+-]+", "_", s) for s in CLASS}
    seen = {row[f"{name} status"] for row in book.values() for name in SLOTS.values()}
    assert seen == STATUSES
    for student, answer in results(grades).items():
        for exercise in answer["grade"]["exercises"]:
            row = book[student]
            assert float(row[exercise["name"]]) == exercise["points"]
            status = row[f"{exercise['name']} status"]
            assert status == exercise["status"] or (status, exercise["status"]) == ("missing", "not_started")
    assert book["hangs"]["note"] == "timeout: 04" and book["crashes"]["note"] == "crashed: 04"


def test_each_student_s_section_has_the_gradebook_s_numbers_and_every_failing_check(graded):
    _, grades, _ = graded
    book, answers, tree = gradebook(grades), results(grades), page(grades)
    sections = {s.get("data-student"): s for s in tree.xpath("//section[@class='student']")}
    assert set(sections) == set(book)
    for student, section in sections.items():
        row, grade = book[student], answers[student]["grade"]
        field = {s.get("data-field"): text(s) for s in section.xpath(".//p/span[@data-field]")}
        assert (float(field["points"]), float(field["max_points"]), field["percent"], field["seed"]) == (
            float(row["total"]), float(row["max_points"]), row["percent"], row["seed"])
        for line in section.xpath(".//tr[@data-exercise]"):
            name = line.get("data-exercise")
            assert line.get("data-status") == row[f"{name} status"]
            assert text(line.xpath("td[@data-field='points']")[0]).split("/")[0] == row[name]
        shown = {(f.get("data-exercise"), c.get("data-check")): text(c.xpath("pre")[0])
                 for f in section.xpath(".//div[@class='failing']") for c in f.xpath("div[@class='check']")}
        for exercise in grade["exercises"]:
            if exercise["status"] in ("passed", "not_started"):
                continue
            for check in exercise["checks"]:
                if not check["passed"]:
                    assert shown[(exercise["name"], check["name"])] == check["message"].strip(), (student, check)
        named = {m for e in grade["exercises"] for c in e["checks"] for m in c["mistakes"]}
        listed = {li.get("data-mistake") for li in section.xpath(".//li[@data-mistake]")}
        assert listed == {class_stats.belief(m) for m in named}


def test_every_mistake_and_exercise_links_to_the_students_behind_it(graded):
    _, grades, _ = graded
    tree = page(grades)
    anchors = {s.get("id") for s in tree.xpath("//section[@class='student']")}
    with (grades / "mistakes.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows
    for row in tree.xpath("//table[@id='mistakes-table']//tr[@data-mistake]"):
        who = {a.get("data-student") for a in row.xpath(".//a[@data-student]")}
        assert who == {r["student"] for r in rows if r["mistake"] == row.get("data-mistake")}
        assert all(a.get("href")[1:] in anchors for a in row.xpath(".//a[@data-student]"))
        title = catalogue.by_id(row.get("data-mistake")).title_text()
        assert text(row.xpath("td")[1]).startswith(title.replace("`", ""))  # the title, then the id
    answers = results(grades)
    for details in tree.xpath("//details[@data-exercise]"):
        name = details.get("data-exercise")
        failed = {s for s, a in answers.items() for e in a["grade"]["exercises"]
                  if e["name"] == name and e["status"] not in ("passed", "not_started")}
        listed = {r.get("data-student"): r for r in details.xpath(".//tr[@data-student]")}
        assert set(listed) == failed
        unnamed = {s for s in failed if not any(m for e in answers[s]["grade"]["exercises"] if e["name"] == name
                                                for c in e["checks"] for m in c["mistakes"])}
        assert {s for s, r in listed.items() if r.get("data-named") == "0"} == unnamed
        count = tree.xpath(f"//table[@id='statuses']//tr[@data-exercise='{name}']/td[@data-field='unnamed']")
        assert int(text(count[0])) == len(unnamed)
    assert tree.xpath("//details[@data-exercise='04_gradients_by_hand']//tr[@data-named='0']")


def test_no_failure_is_left_unexplained(graded):
    _, grades, _ = graded
    listed = {(r.get("data-student"), r.get("data-status")): text(r.xpath("td")[-1])
              for r in page(grades).xpath("//table[@id='troubles']//tr[@data-student]")}
    for key in [(SYNTAX_ID, "syntax error"), (SYNTAX_ID, "could not be imported"),
                ("empty", "empty submission"), ("raises", "empty file"), ("hangs", "timeout"),
                ("crashes", "crashed"), ("mistakes", "missing")]:
        assert key in listed and listed[key], (key, sorted(listed))
    assert "SyntaxError" in listed[(SYNTAX_ID, "syntax error")]


def test_feedback_files_say_what_the_terminal_said_with_the_gradebook_s_numbers(graded):
    _, grades, _ = graded
    book, answers = gradebook(grades), results(grades)
    assert {p.name for p in (grades / "feedback").iterdir()} == {f"{s}.{x}" for s in book for x in ("md", "html")}
    for student, answer in answers.items():
        grade, row = answer["grade"], book[student]
        markdown = (grades / "feedback" / f"{student}.md").read_text(encoding="utf-8")
        assert f"Seed: {SEED}." in markdown and "Feedback level: full" in markdown
        score = re.search(r"^Score: ([\d.]+)/([\d.]+) points", markdown, re.M)
        assert (float(score[1]), float(score[2])) == (float(row["total"]), float(row["max_points"]))
        table = dict(re.findall(r"^(\d\d) │ .*│ *([\d.]+)/[\d.]+$", markdown, re.M))
        assert {SLOTS[n]: float(p) for n, p in table.items()} == {n: float(row[n]) for n in SLOTS.values()}
        for exercise in grade["exercises"]:
            if exercise["status"] in ("passed", "not_started"):
                continue
            first = next(c for c in exercise["checks"] if not c["passed"])
            assert first["description"] in markdown
            assert first["message"].strip().splitlines()[0].strip() in markdown, (student, first["message"])
        page_text = (grades / "feedback" / f"{student}.html").read_text(encoding="utf-8")
        assert f"Score: {row['total']}/{row['max_points']}" in re.sub(r"<[^>]+>", "", page_text)


def test_hostile_text_is_escaped_everywhere(graded):
    _, grades, _ = graded
    for path in [grades / "report.html", *(grades / "feedback").glob("*.html")]:
        tree_text = path.read_text(encoding="utf-8")
        assert "<script>" not in tree_text and "<img src=x" not in tree_text, path.name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tree_text or path.stem != "raises", path.name
    section = page(grades).xpath("//section[@data-student='raises']")[0]
    assert HOSTILE in text(section)  # shown as typed, as text
    markdown = (grades / "feedback" / "raises.md").read_text(encoding="utf-8")
    fence = re.search(r"^(`{3,})text$", markdown, re.M)[1]
    assert len(fence) > 3  # the learner's ``` cannot close the block
    assert markdown.rstrip().endswith(fence) and markdown.count("\n" + fence + "\n") == 1  # one block, unbroken
    assert "+cmd@x" in gradebook(grades) and "\n'+cmd@x," in (grades / "gradebook.csv").read_text()


def test_no_path_of_the_grading_machine_reaches_a_student(graded):
    root, grades, _ = graded
    private = [str(root), str(root.resolve()), str(KIT_ROOT), "autograd-kit-submission-", "/tmp/"]
    for path in [*(grades / "feedback").iterdir(), *(grades / "results").iterdir()]:
        content = path.read_text(encoding="utf-8")
        assert not [p for p in private if p in content], (path.name, [p for p in private if p in content])
    assert "Open exercises/04_gradients_by_hand.py, then run" in (grades / "feedback" / "mistakes.md").read_text()


def test_batch_log_tells_each_student_s_start_finish_and_score_and_nothing_else_is_noise(graded):
    _, grades, _ = graded
    log = (grades / "batch.log").read_text(encoding="utf-8")
    assert "ResourceWarning" not in log and "Traceback" not in log
    book = gradebook(grades)
    for student, row in book.items():
        assert re.search(rf"Z? {re.escape(student)}: started$", log, re.M), student
        assert f"{student}: finished, {row['total']}/{row['max_points']} points ({row['percent']} %)" in log


def test_a_second_batch_without_resume_is_refused_and_changes_nothing(graded):
    root, grades, _ = graded

    def snapshot() -> dict[str, str]:
        return {str(p.relative_to(grades)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(grades.rglob("*")) if p.is_file()}

    before = snapshot()
    again = run_grader("batch", str(root / "submissions"), "--out", str(grades), limit_s=120)
    assert again.returncode == 2
    assert "--resume" in again.stdout and "--force" in again.stdout and "already holds a batch" in again.stdout
    assert snapshot() == before


def test_one_belief_named_by_two_ids_counts_the_student_once():
    parent, child = "02_loss_backward/mean-tutorial-s-loss", "02_loss_backward/gradients-1-1000-truth"
    assert catalogue.by_id(child).belief == parent

    def check(name: str, mistakes: list[str]) -> dict:
        return {"name": name, "description": name, "max_points": 1, "kind": "wrong", "passed": False,
                "message": "wrong", "mistakes": mistakes}

    exercise = {"name": "02_loss_backward", "title": "", "status": "failed", "points": 0, "max_points": 3,
                "checks": [check("a", [parent]), check("b", [child]), check("c", [parent, child])]}
    grade = {"seed": 1, "points": 0, "max_points": 3, "percent": 0.0, "exercises": [exercise]}
    record = ClassRecord(ClassHeader(1, False, 3.0, 512, roster=("ana",)), {"ana": {"student": "ana", "grade": grade}})
    stats = class_stats.class_stats(record)
    assert [(m.id, m.students, m.by_exercise) for m in stats.mistakes] == [(parent, 1, {"02_loss_backward": 1})]
    assert stats.mistakes[0].aliases == (child,)
    assert [(r.mistake, r.checks, r.ids) for r in stats.student_mistakes] == [(parent, 3, (child, parent))]


def test_the_class_page_and_a_student_s_section_in_chromium_pass_axe(graded, tmp_path):
    """Screenshots of the class page and of one student's section at 1280 px, kept to look at; axe-core, run
    in headless Chromium against the page, finds no serious or critical violation."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is needed: apt-get install chromium (.ci/run installs it)"
    axe = KIT_ROOT / "tests" / "tools" / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.is_file(), "axe-core is needed: npm ci --prefix tests/tools"
    _, grades, _ = graded
    keep = KIT_ROOT / ".autograd-kit" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    report = grades / "report.html"
    anchor = page(grades).xpath("//section[@data-student='mistakes']")[0].get("id")
    # One student's section alone: a copy of the page whose other parts are hidden, with the page's own styles.
    alone = tmp_path / "student.html"
    alone.write_text(report.read_text(encoding="utf-8").replace(
        "</head>", f"<style>body > :not(main), main > :not(#{anchor}) {{ display: none; }}</style></head>"),
        encoding="utf-8")
    for name, url, height in (("class-page", report.as_uri(), 5000), ("student-page", alone.as_uri(), 1400)):
        picture = tmp_path / f"{name}.png"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--window-size=1280,{height}", f"--screenshot={picture}", url],
                       capture_output=True, timeout=120, check=True)
        assert picture.stat().st_size > 10_000
        shutil.copy(picture, keep / f"{name}.png")
    probe = tmp_path / "axe.html"
    script = axe.read_text(encoding="utf-8")
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", f"""<script>{script}</script>
<script>
axe.run(document, {{resultTypes: ["violations"]}}).then(r => {{
  const found = r.violations.map(v => ({{id: v.id, impact: v.impact, nodes: v.nodes.length,
    first: v.nodes[0] && v.nodes[0].html.slice(0, 160)}}));
  document.body.setAttribute("data-axe", JSON.stringify(found));
}}, e => document.body.setAttribute("data-axe", JSON.stringify([{{id: "axe failed", impact: "critical",
  first: String(e)}}])));
</script></body>"""), encoding="utf-8")
    dumped = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                             "--virtual-time-budget=30000", "--dump-dom", probe.as_uri()],
                            capture_output=True, text=True, timeout=300, check=True).stdout
    from lxml import html

    found = html.fromstring(dumped).xpath("//body/@data-axe")
    assert found, "axe-core did not finish in the page"
    violations = json.loads(found[0])
    (keep / "axe.json").write_text(json.dumps(violations, indent=2))
    assert not [v for v in violations if v["impact"] in ("serious", "critical")], violations


def test_code_in_an_explanation_is_shown_as_code_and_nothing_else_becomes_markup():
    from autograd_kit.report.class_page import code_spans

    assert str(code_spans("use `with torch.no_grad():` here")) == "use <code>with torch.no_grad():</code> here"
    assert str(code_spans("`<b>` & <i>")) == "<code>&lt;b&gt;</code> &amp; &lt;i&gt;"
    assert str(code_spans("a lone ` stays")) == "a lone ` stays"


def test_force_replaces_an_earlier_batch_and_keeps_none_of_its_files(tmp_path):
    grades = tmp_path / "grades"
    (grades / "results").mkdir(parents=True)
    (grades / "feedback").mkdir()
    (grades / "batch.json").write_text(json.dumps({"seed": 1, "timeout_s": 3, "memory_mb": 512}))
    (grades / "results" / "ana.json").write_text("{}")
    (grades / "feedback" / "ana.md").write_text("old")
    (tmp_path / "class").mkdir()  # nobody to grade: only what --force keeps and removes is in question
    assert run_grader("batch", str(tmp_path / "class"), "--out", str(grades), limit_s=120).returncode == 2
    again = run_grader("batch", str(tmp_path / "class"), "--out", str(grades), "--force", "--seed", "5", limit_s=120)
    assert again.returncode == 0, again.stdout + again.stderr
    assert not (grades / "results" / "ana.json").exists() and not (grades / "feedback" / "ana.md").exists()
    assert json.loads((grades / "batch.json").read_text())["seed"] == 5
    both = run_grader("batch", str(tmp_path / "class"), "--out", str(grades), "--force", "--resume", limit_s=120)
    assert both.returncode == 2 and "contradict" in both.stdout
