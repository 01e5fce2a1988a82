"""Class scale: the analytics report, mistakes.csv, sharded batches and their merge.

A palette of eight real submissions (solutions, stubs, realistic mistakes, a
crash, a hang: synthetic_class.py) is graded once by a real `grader.py batch`,
then again as three shards in three processes, which must merge into exactly
the same gradebook. A class of 200 is composed from the palette's real results
and rebuilt by `grader.py report`: the numbers in report.html must be the
gradebook's and mistakes.csv's, and a real browser must show the charts.
"""

from __future__ import annotations

import base64
import csv
import json
import re
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import KIT_ROOT, grading_limit_s, run_grader, valid_result
from synthetic_class import PALETTE, SEED, class_from_palette, write_palette

from autograd_kit.checks import catalogue
from autograd_kit.classroom.shards import ShardError, parse_shard, shard_of
from autograd_kit.report import charts as chart_svgs
from autograd_kit.report.class_stats import CheckRate, ClassStats

SHARDS = 3
# The first test grades the palette (one grade per student): its limit grows with the palette.
PALETTE_LIMIT_S = grading_limit_s(len(PALETTE))
pytestmark = [pytest.mark.slow, pytest.mark.timeout(PALETTE_LIMIT_S)]


@pytest.fixture(scope="module")
def palette(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("palette")
    write_palette(root / "class")
    result = run_grader("batch", str(root / "class"), "--out", str(root / "grades"), "--seed", str(SEED),
                        "--jobs", "2", limit_s=PALETTE_LIMIT_S)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "class", root / "grades"


@pytest.fixture(scope="module")
def shards(palette) -> list[Path]:
    """The palette graded again as SHARDS shards, each its own `grader.py batch` process, all at once."""
    folder, grades = palette
    outs = [grades.parent / f"shard-{k}" for k in range(SHARDS)]
    processes = [subprocess.Popen([sys.executable, "grader.py", "batch", str(folder), "--out", str(out),
                                   "--seed", str(SEED), "--jobs", "1", "--shard", f"{k}/{SHARDS}"],
                                  cwd=KIT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for k, out in enumerate(outs)]
    for process in processes:
        output, _ = process.communicate(timeout=PALETTE_LIMIT_S)
        assert process.returncode == 0, output
    return outs


@pytest.fixture(scope="module")
def big_class(palette, tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    out = tmp_path_factory.mktemp("class200")
    answers = class_from_palette(palette[1], out, 200)
    result = run_grader("report", str(out), limit_s=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "198 of 200 students graded" in result.stdout
    return out, answers


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def html_tree(folder: Path):
    from lxml import html

    return html.fromstring((folder / "report.html").read_text(encoding="utf-8"))


def charts(folder: Path) -> dict[str, str]:
    """Each chart's SVG, by the first words of its image's alt text."""
    found = {}
    for image in html_tree(folder).iter("img"):
        source = image.get("src")
        assert source.startswith("data:image/svg+xml;base64,"), source[:60]
        found[image.get("alt").split(":")[0]] = base64.b64decode(source.split(",", 1)[1]).decode("utf-8")
    return found


def svg_texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", text) for text in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]


# --- the batch writes the class's files ---------------------------------------------------------------------

def test_the_batch_writes_the_report_and_the_mistakes_next_to_the_gradebook(palette):
    _, grades = palette
    for name in ("gradebook.csv", "summary.json", "mistakes.csv", "report.html", "batch.json"):
        assert (grades / name).stat().st_mode & 0o777 == 0o600, name  # grades are the instructor's alone
    header = json.loads((grades / "batch.json").read_text())
    assert header["roster"] == sorted(PALETTE) and header["shard"] == {"index": 0, "count": 1}
    assert len(header["checks"]) == 16 and header["kit_version"]
    mistakes = rows(grades / "mistakes.csv")
    assert {r["student"] for r in mistakes} >= {"mistakes_a", "mistakes_b", "mistakes_c"}
    assert not any(r["student"] in ("correct", "not_started") for r in mistakes)  # no mistake where none was made
    for row in mistakes:  # each row's belief was named by that student's checks (by its ids), in those exercises
        grade = json.loads((grades / "results" / f"{row['student']}.json").read_text())["grade"]
        ids = set(row["ids"].split(";"))
        assert {catalogue.by_id(i).belief for i in ids} == {row["mistake"]}
        assert row["title"] == catalogue.by_id(row["mistake"]).title_text()
        named = [e["name"] for e in grade["exercises"] for c in e["checks"] if ids & set(c["mistakes"])]
        assert sorted(set(named)) == row["exercises"].split(";") and len(named) == int(row["checks"])
    summary = json.loads((grades / "summary.json").read_text())
    assert summary["exercises"]["04_gradients_by_hand"] == {"passed": 2, "failed": 2, "error": 1, "not_started": 1,
                                                             "timeout": 1, "crashed": 1}


def test_the_report_is_self_contained_and_loads_nothing(palette):
    _, grades = palette
    page = (grades / "report.html").read_text(encoding="utf-8")
    tree = html_tree(grades)
    assert not tree.xpath("//script | //link | //iframe | //object | //embed")
    assert all(e.get("src", "").startswith("data:") for e in tree.xpath("//*[@src]"))
    assert "@import" not in page and "url(" not in page
    # The catalogue's links (the tutorial, the API docs) are for the reader to follow; nothing is fetched.
    links = {entry.link for entry in catalogue.all_entries() if entry.link}
    own = {f"feedback/{quote(s)}.{x}" for s in json.loads((grades / "batch.json").read_text())["roster"]
           for x in ("html", "md")}  # each student's feedback file, beside the report
    assert all(a.get("href").startswith("#") or a.get("href") in links | own for a in tree.iter("a"))
    assert any(a.get("href") in links for a in tree.iter("a"))


def test_crashes_and_timeouts_are_listed_for_a_person_to_read(palette):
    _, grades = palette
    troubles = {(row.get("data-student"), row.get("data-status")) for row in html_tree(grades).xpath(
        "//table[@id='troubles']//tr[@data-student]")}
    assert troubles == {("crashes", "crashed"), ("hangs", "timeout")}


# --- the numbers in the HTML are the gradebook's and the mistake CSV's --------------------------------------

def test_the_score_numbers_are_the_gradebook_s(big_class):
    out, _ = big_class
    graded = [r for r in rows(out / "gradebook.csv") if r["percent"]]
    percents = [float(r["percent"]) for r in graded]
    tree = html_tree(out)

    def stat(name: str) -> str:
        return tree.xpath(f"//dd[@data-stat='{name}']")[0].text_content().strip()

    assert int(stat("graded")) == len(graded) == 198
    assert stat("mean") == f"{round(statistics.fmean(percents), 2):g} %"
    assert stat("median") == f"{round(statistics.median(percents), 2):g} %"
    assert int(stat("full_marks")) == sum(p >= 100 for p in percents)
    bins = [int(td.text) for td in tree.xpath("//table[@id='score-bins']//td[@data-bin]")]
    assert bins == [sum(min(int(p // 10), 9) == i for p in percents) for i in range(10)] and sum(bins) == 198
    histogram = charts(out)["Histogram"]
    assert [int(t) for t in svg_texts(histogram) if t.isdigit()][-10:] == bins  # the bars' labels


def test_each_exercise_s_statuses_agree_with_the_gradebook(big_class):
    out, answers = big_class
    book = {r["student"]: r for r in rows(out / "gradebook.csv") if r["percent"]}
    for row in html_tree(out).xpath("//table[@id='statuses']//tr[@data-exercise]"):
        exercise = row.get("data-exercise")
        counts = {td.get("data-status"): int(td.text) for td in row.xpath("td[@data-status]")}
        assert sum(counts.values()) == len(book)
        statuses = Counter(e["status"] for a in answers.values() if "grade" in a
                           for e in a["grade"]["exercises"] if e["name"] == exercise)
        assert counts == {s: statuses.get(s, 0) for s in counts}
        full = {e["name"]: e["max_points"] for e in answers["student000"]["grade"]["exercises"]}[exercise]
        assert counts["passed"] == sum(float(r[exercise]) == full for r in book.values())  # full points = passed


def test_each_check_s_pass_rate_is_counted_over_the_graded_students(big_class):
    out, answers = big_class
    table = html_tree(out).xpath("//table[@id='check-rates']//tr[@data-check]")
    assert len(table) == sum(len(e["checks"]) for e in answers["student000"]["grade"]["exercises"])
    for row in table:
        exercise, check = row.get("data-exercise"), row.get("data-check")
        passed = sum(c["passed"] for a in answers.values() if "grade" in a for e in a["grade"]["exercises"]
                     if e["name"] == exercise for c in e["checks"] if c["name"] == check)
        assert int(row.xpath("td[@data-field='passed']")[0].text) == passed
        assert int(row.xpath("td[@data-field='graded']")[0].text) == 198


def test_the_mistakes_table_and_heat_map_count_the_csv_s_rows(big_class):
    out, _ = big_class
    csv_rows = rows(out / "mistakes.csv")
    students = Counter(r["mistake"] for r in csv_rows)
    where = Counter((r["mistake"], e) for r in csv_rows for e in r["exercises"].split(";"))
    assert len(csv_rows) == len({(r["student"], r["mistake"]) for r in csv_rows})  # one row per student and id
    table = html_tree(out).xpath("//table[@id='mistakes-table']//tr[@data-mistake]")
    assert len(table) == len(students) > 20
    shown = []
    for row in table:
        mistake = row.get("data-mistake")
        count = int(row.xpath("td[@data-field='students']")[0].text)
        assert count == students[mistake]
        for span in row.xpath(".//span[@data-exercise]"):
            assert int(span.get("data-count")) == where[(mistake, span.get("data-exercise"))]
        shown.append(count)
        assert row.xpath("td")[-1].text_content().strip()  # an explanation from the catalogue
    assert shown == sorted(shown, reverse=True)  # most frequent first
    heatmap = svg_texts(charts(out)["Heat map"])
    # Each cell reads "count" over "share %": matplotlib writes the two lines as two texts
    cells = [int(count) for count, share in zip(heatmap, heatmap[1:]) if count.isdigit() and re.fullmatch(r"\d+%", share)]
    top = [m.get("data-mistake") for m in table[:25]]
    assert sorted(cells) == sorted(where[(m, e)] for (m, e) in where if m in top)
    assert {"exercise", "mistake", "students"} <= set(heatmap)
    titles = {catalogue.by_id(m).title_text() for m in top}
    assert sum(label in titles or label.endswith(" …") for label in heatmap) >= len(top)  # titles, not ids


def test_students_who_could_not_be_graded_are_named_with_the_reason(big_class):
    out, answers = big_class
    failed = {s for s, a in answers.items() if "failure" in a}
    book = {r["student"]: r for r in rows(out / "gradebook.csv")}
    assert {s for s, r in book.items() if r["note"].startswith("not graded")} == failed
    listed = {r.get("data-student") for r in html_tree(out).xpath(
        "//table[@id='troubles']//tr[@data-status='not graded']")}
    assert listed == failed and len(failed) == 2


def test_every_chart_has_labelled_axes(big_class):
    out, _ = big_class
    drawn = charts(out)
    assert set(drawn) == {"Histogram", "Stacked bars", "Bars", "Heat map"}
    from autograd_kit.grading.grade import max_points

    labels = {"Histogram": {f"score (% of {max_points():g} points)", "students"}, "Stacked bars": {"students", "exercise"},
              "Bars": {"students who passed (%)", "check"}, "Heat map": {"exercise", "mistake"}}
    for name, svg in drawn.items():
        assert labels[name] <= set(svg_texts(svg)), name
        sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", svg)]
        assert sizes and min(sizes) >= 9, (name, sorted(set(sizes))[:3])  # nothing under 9 px at its drawn size
        assert not any(re.fullmatch(r"\d+\.\d+", t) for t in svg_texts(svg) if name != "Bars"), name  # whole ticks
    assert not any("test_" in t or "_" in t.split(" ", 1)[0] for t in svg_texts(drawn["Bars"]))  # titles, not names


def test_hostile_text_in_results_is_shown_as_text(big_class, tmp_path):
    out, _ = big_class
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    answer = {"student": "student066", "failure": "<script>alert('x')</script><img src=x onerror=alert(1)>"}
    (copy / "results" / "student066.json").write_text(json.dumps(answer))
    assert run_grader("report", str(copy)).returncode == 0
    page = (copy / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(" in page
    assert not html_tree(copy).xpath("//script | //img[@onerror]")


def test_a_class_without_a_single_grade_still_gets_its_report(big_class, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(big_class[0], copy)
    for result in (copy / "results").glob("*.json"):
        result.write_text(json.dumps({"student": result.stem, "failure": "the grading process stopped"}))
    assert run_grader("report", str(copy)).returncode == 0
    tree = html_tree(copy)
    assert not tree.xpath("//img") and tree.xpath("//dd[@data-stat='graded']")[0].text == "0"
    assert len(tree.xpath("//table[@id='troubles']//tr[@data-status='not graded']")) == 200
    assert all(r["note"] == "not graded: the grading process stopped" for r in rows(copy / "gradebook.csv"))


def test_a_check_the_kit_could_not_run_is_listed_apart_from_the_student_s_errors(big_class, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(big_class[0], copy)
    answer = json.loads((copy / "results" / "student001.json").read_text())
    check = answer["grade"]["exercises"][2]["checks"][0]
    check.update(kind="grader_error", passed=False, message="the kit could not start a worker")
    (copy / "results" / "student001.json").write_text(json.dumps(answer))
    assert run_grader("report", str(copy)).returncode == 0
    listed = html_tree(copy).xpath("//table[@id='troubles']//tr[@data-status='grader error']")
    assert [r.get("data-student") for r in listed] == ["student001"]
    assert "could not start a worker" in listed[0].text_content()


def test_a_crash_without_a_message_is_still_listed(big_class, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(big_class[0], copy)
    answer = json.loads((copy / "results" / "student002.json").read_text())
    exercise = answer["grade"]["exercises"][3]
    exercise["status"] = "crashed"
    for check in exercise["checks"]:
        check.update(passed=False, kind="crashed", message="  \n ")
    (copy / "results" / "student002.json").write_text(json.dumps(answer))
    result = run_grader("report", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr
    listed = html_tree(copy).xpath("//table[@id='troubles']//tr[@data-student='student002'][@data-status='crashed']")
    assert len(listed) == 1 and exercise["name"] in listed[0].text_content()


def test_report_refuses_a_folder_that_is_not_a_batch_s(tmp_path, big_class):
    result = run_grader("report", str(tmp_path))
    assert result.returncode == 2 and "batch.json is missing" in result.stdout
    copy = tmp_path / "damaged"
    shutil.copytree(big_class[0], copy)
    (copy / "results" / "student001.json").write_text("{not json")
    result = run_grader("report", str(copy))
    assert result.returncode == 2 and "student001.json is not valid JSON" in result.stdout


# --- in a real browser ---------------------------------------------------------------------------------------

def test_the_report_renders_in_chromium_with_every_chart(big_class, tmp_path):
    """Headless Chromium from Debian opens the report from disk. A copy with a probe script (the report itself
    has none) says whether each chart decoded and is shown at least at its drawn size, so its text is as
    large as drawn; the screenshot must show each chart's colours."""
    from PIL import Image

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is needed: apt-get install chromium (.ci/run installs it)"
    out, _ = big_class
    probe = tmp_path / "probe.html"
    probe.write_text((out / "report.html").read_text(encoding="utf-8").replace("</body>", """<script>
window.addEventListener("load", () => {
  const shown = [...document.images].map(i => `${i.alt.split(":")[0]}=${i.complete && i.naturalWidth > 0}` +
    `:${Math.round(i.getBoundingClientRect().width)}:${i.naturalWidth}`);
  document.body.setAttribute("data-probe", shown.join("|"));
});
</script></body>"""), encoding="utf-8")
    dumped = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,900",
                             "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
                            capture_output=True, text=True, timeout=120, check=True).stdout
    shown = re.search(r'data-probe="([^"]+)"', dumped).group(1).split("|")
    assert len(shown) == 4
    for chart in shown:
        name, rest = chart.split("=")
        loaded, width, natural = rest.split(":")
        assert loaded == "true" and int(width) >= int(natural) > 400, chart
    picture = tmp_path / "report.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1200,6000", f"--screenshot={picture}", (out / "report.html").as_uri()],
                   capture_output=True, timeout=120, check=True)
    colours = Counter(Image.open(picture).convert("RGB").get_flattened_data())
    for name, colour in {"bars": (0x00, 0x72, 0xB2), "passed": (0x00, 0x9E, 0x73), "failed": (0xD5, 0x5E, 0x00)}.items():
        assert colours[colour] > 2000, name
    assert sum(n for (r, g, b), n in colours.items() if r > 200 and 80 < g < 200 and b < 80) > 2000  # heat map
    keep = KIT_ROOT / ".autograd-kit" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(picture, keep / "class-report.png")  # to look at


# --- shards --------------------------------------------------------------------------------------------------

def test_sharded_grading_merges_into_exactly_the_single_machine_gradebook(palette, shards, tmp_path):
    _, single = palette
    graded = [set(json.loads((s / "batch.json").read_text())["roster"]) for s in shards]
    assert all(g == set(PALETTE) for g in graded)  # every shard knows the whole class...
    mine = [{p.stem for p in (s / "results").glob("*.json")} for s in shards]
    assert sum(map(len, mine)) == len(PALETTE) and set().union(*mine) == set(PALETTE)  # ...and grades its share
    assert all(shard_of(student, SHARDS) == k for k, students in enumerate(mine) for student in students)
    merged = tmp_path / "merged"
    result = run_grader("merge", *map(str, reversed(shards)), "--out", str(merged))
    assert result.returncode == 0, result.stdout
    assert (merged / "gradebook.csv").read_bytes() == (single / "gradebook.csv").read_bytes()
    assert (merged / "mistakes.csv").read_bytes() == (single / "mistakes.csv").read_bytes()
    ignore = {"seconds", "graded_this_run"}
    summaries = [json.loads((f / "summary.json").read_text()) for f in (merged, single)]
    assert [{k: v for k, v in s.items() if k not in ignore} for s in summaries] == [
        {k: v for k, v in summaries[1].items() if k not in ignore}] * 2
    for student in PALETTE:
        valid_result(json.loads((merged / "results" / f"{student}.json").read_text())["grade"])
    assert "3 shards merged" in (merged / "report.html").read_text(encoding="utf-8")


@pytest.fixture
def shard_copies(shards, tmp_path) -> list[Path]:
    copies = [tmp_path / s.name for s in shards]
    for shard, copy in zip(shards, copies, strict=True):
        shutil.copytree(shard, copy)
    return copies


def merge(*folders: Path, out: Path) -> subprocess.CompletedProcess:
    return run_grader("merge", *map(str, folders), "--out", str(out))


def test_merge_refuses_a_missing_shard(shard_copies, tmp_path):
    result = merge(shard_copies[0], shard_copies[2], out=tmp_path / "m")
    assert result.returncode == 2 and "shard 1 of 3 is missing" in result.stdout
    assert "--shard 1/3" in result.stdout and not (tmp_path / "m" / "gradebook.csv").exists()


def test_merge_refuses_a_duplicated_student(shard_copies, tmp_path):
    owned = next((s, p) for s in shard_copies for p in (s / "results").glob("*.json"))
    other = next(s for s in shard_copies if s != owned[0])
    shutil.copy(owned[1], other / "results")
    result = merge(*shard_copies, out=tmp_path / "m")
    assert result.returncode == 2 and f"student {owned[1].stem} appears twice" in result.stdout


def test_merge_refuses_shards_graded_with_different_seeds(shard_copies, tmp_path):
    header = json.loads((shard_copies[1] / "batch.json").read_text())
    header["seed"] += 1
    (shard_copies[1] / "batch.json").write_text(json.dumps(header))
    result = merge(*shard_copies, out=tmp_path / "m")
    assert result.returncode == 2 and "seed: one seed vs another" in result.stdout
    assert str(SEED) not in result.stdout  # the seed may be the course's secret


@pytest.mark.parametrize("change, says", [
    (lambda h: h.update(timeout_s=99.0), "timeout_s: 10.0 vs 99.0"),
    (lambda h: h.update(checks="0" * 16), "checks:"),
    (lambda h: h.update(kit_version="0.0.1"), "kit_version:"),
    (lambda h: h.update(feedback="none"), "feedback: full vs none"),
    (lambda h: h.update(roster=h["roster"][:-1]), "different submission folders"),
    (lambda h: h.update(shard={"index": 0, "count": SHARDS}), "shard 0/3 is given twice"),
])
def test_merge_refuses_shards_that_disagree(shard_copies, tmp_path, change, says):
    header = json.loads((shard_copies[1] / "batch.json").read_text())
    change(header)
    (shard_copies[1] / "batch.json").write_text(json.dumps(header))
    result = merge(*shard_copies, out=tmp_path / "m")
    assert result.returncode == 2 and says in result.stdout, result.stdout


def test_merge_refuses_an_unfinished_shard_and_a_result_graded_with_another_seed(shard_copies, tmp_path):
    victim = next(p for s in shard_copies for p in (s / "results").glob("*.json"))
    answer = json.loads(victim.read_text())
    victim.unlink()
    result = merge(*shard_copies, out=tmp_path / "m")
    assert result.returncode == 2 and f"no result for 1 of its students ({victim.stem})" in result.stdout
    assert "--resume" in result.stdout
    answer["grade"]["seed"] += 1
    victim.write_text(json.dumps(answer))
    result = merge(*shard_copies, out=tmp_path / "m")
    assert result.returncode == 2 and "graded with another seed" in result.stdout


def test_merge_will_not_replace_grades_it_did_not_write(shard_copies, palette, tmp_path):
    other = tmp_path / "another-batch"
    shutil.copytree(palette[1], other)
    before = sorted(p.name for p in (other / "results").iterdir())
    result = merge(*shard_copies, out=other)
    assert result.returncode == 2 and "already holds grades that no merge wrote" in result.stdout
    assert sorted(p.name for p in (other / "results").iterdir()) == before
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("mine")
    assert merge(*shard_copies, out=tmp_path / "notes").returncode == 2
    assert merge(*shard_copies, out=tmp_path / "merged").returncode == 0
    assert merge(*shard_copies, out=tmp_path / "merged").returncode == 0  # an earlier merge is replaced


def test_merge_will_not_write_into_a_shard(shard_copies):
    result = merge(*shard_copies, out=shard_copies[0])
    assert result.returncode == 2 and "not one of the shards" in result.stdout


# --- choosing a shard ----------------------------------------------------------------------------------------

def test_a_student_s_shard_is_a_stable_hash_of_the_id():
    # Pinned: a change of hash would send students to other shards than a running job array expects.
    assert [shard_of(s, 4) for s in ("alice", "bob", "student000", "김민준")] == [3, 2, 0, 2]
    counts = Counter(shard_of(f"student{i:04d}", 4) for i in range(4000))
    assert all(900 < n < 1100 for n in counts.values()), counts  # an even share of a class



@pytest.mark.parametrize("text, environ, shard", [
    ("2/4", {}, (2, 4)),
    ("auto/4", {"JOB_COMPLETION_INDEX": "3"}, (3, 4)),
    ("auto/4", {"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0"}, (0, 4)),
    ("auto/4", {"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"}, (3, 4)),
    ("AUTO/2", {"JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_ID": "0"}, (1, 2)),  # Kubernetes first
])
def test_the_shard_comes_from_the_option_or_the_job_engine(text, environ, shard):
    parsed = parse_shard(text, environ)
    assert (parsed.index, parsed.count) == shard


@pytest.mark.parametrize("text, environ, says", [
    ("4/4", {}, "K counts from 0 to 3"),
    ("-1/4", {}, "does not exist"),
    ("1", {}, "K/N"),
    ("a/4", {}, "whole number"),
    ("0/0", {}, "at least 1"),
    ("auto/4", {}, "neither is set"),
    ("auto/4", {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3"}, "has 3 tasks"),
    ("auto/4", {"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "1"}, "does not exist"),
])
def test_a_shard_that_cannot_be_is_refused(text, environ, says):
    with pytest.raises(ShardError, match=re.escape(says)):
        parse_shard(text, environ)


def test_batch_refuses_a_shard_without_a_seed_or_an_index(palette, tmp_path):
    folder, _ = palette
    result = run_grader("batch", str(folder), "--out", str(tmp_path / "o"), "--shard", "0/2")
    assert result.returncode == 2 and "--shard needs --seed" in result.stdout
    result = run_grader("batch", str(folder), "--out", str(tmp_path / "o"), "--shard", "auto/2", "--seed", "1",
                        env={"JOB_COMPLETION_INDEX": "", "SLURM_ARRAY_TASK_ID": ""})
    assert result.returncode == 2 and "whole number" in result.stdout
    assert not (tmp_path / "o").exists()


def test_a_parametrised_check_s_variants_are_two_bars_with_their_parameters():
    """Variants of one check share a description: each gets its own bar, labelled with its [param]."""
    rows = [CheckRate("16_inference_mode", "test_prediction[no_grad]", "both modes give the output", 2, 3, 3),
            CheckRate("16_inference_mode", "test_prediction[inference]", "both modes give the output", 2, 1, 3)]
    stats = ClassStats(students=["a", "b", "c"], graded=3, percents=[1.0, 0.5, 0.5], max_points=128, exercises=[],
                       checks=rows, student_mistakes=[], mistakes=[], troubles=[], not_graded={}, refused={})
    one = ClassStats(**{**stats.__dict__, "checks": rows[:1]})
    svg, svg_one = chart_svgs.check_pass_rates(stats), chart_svgs.check_pass_rates(one)
    assert "both modes give the output [no_grad]" in svg and "both modes give the output [inference]" in svg
    assert svg.count('id="patch_') == svg_one.count('id="patch_') + 1  # one more bar, not the same bar twice
