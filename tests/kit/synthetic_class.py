"""A synthetic class made of the kit's own files: solutions, stubs, and the realistic mistake files.

A *palette* of a few students is graded for real by `grader.py batch`: one with
every solution, one who has not started, three who make a different realistic
mistake in every exercise (tests/kit/mistakes/), one whose code crashes, one
that hangs, one half done. Each exercise is graded on its own, in its own
sandbox, with one seed for the class, so an exercise's result does not depend
on the other exercises of the submission. A class of any size is then composed
from the palette's real results, exercise by exercise, by a seeded draw:
class_from_palette() writes the results files that `grader.py report` and
`grader.py merge` read.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = KIT_ROOT / "solutions"
STUBS = KIT_ROOT / "exercises"
LEARNERS = Path(__file__).with_name("learners")
MISTAKES = Path(__file__).with_name("mistakes")
SEED = 2024

# Palette students: exercise number -> what replaces the solution ("stub", a mistake index, or a learner file).
PALETTE: dict[str, dict[str, str]] = {
    "correct": {},
    "not_started": {"*": "stub"},
    "mistakes_a": {"*": "mistake:0"},
    "mistakes_b": {"*": "mistake:3"},
    "mistakes_c": {"*": "mistake:7"},
    "crashes": {"02": "learner:exit_at_import.py", "04": "learner:segfault.py"},
    "hangs": {"04": "learner:hang_at_import.py"},
    "half_done": {f"{n:02d}": "stub" for n in range(11, 21)},
}
# How often each palette student's work stands for one exercise of a composed student.
WEIGHTS = {"correct": 50, "not_started": 12, "mistakes_a": 10, "mistakes_b": 10, "mistakes_c": 10,
           "crashes": 3, "hangs": 2, "half_done": 3}


def exercise_files() -> list[Path]:
    return sorted(SOLUTIONS.glob("[0-9][0-9]_*.py"))


def write_palette(folder: Path) -> list[str]:
    """One subfolder per palette student, each a whole submission (exercises/NN_name.py)."""
    for student, replaced in PALETTE.items():
        target = folder / student / "exercises"
        target.mkdir(parents=True)
        for solution in exercise_files():
            number = solution.name[:2]
            choice = replaced.get(number) or replaced.get("*")
            shutil.copy(_source(solution, choice), target / solution.name)
    return list(PALETTE)


def _source(solution: Path, choice: str | None) -> Path:
    if choice is None:
        return solution
    if choice == "stub":
        return STUBS / solution.name
    kind, _, value = choice.partition(":")
    if kind == "learner":
        return LEARNERS / value
    mistakes = sorted((MISTAKES / solution.stem).glob("*.py"))
    return mistakes[int(value) % len(mistakes)]


def class_from_palette(palette_results: Path, out: Path, students: int, draw_seed: int = 7) -> dict[str, dict]:
    """Write OUT/results/studentNNN.json for STUDENTS students composed from the palette's real results.

    Also copies the palette batch's batch.json with the new roster. Returns the answers by student.
    A few students are "not graded" (the grading process failed) and one submission is refused,
    so the report's every section has something to show.
    """
    palette = {p.stem: json.loads(p.read_text()) for p in (palette_results / "results").glob("*.json")}
    by_exercise = {name: {e["name"]: e for e in answer["grade"]["exercises"]} for name, answer in palette.items()}
    draw = random.Random(draw_seed)
    names, weights = zip(*WEIGHTS.items(), strict=True)
    answers: dict[str, dict] = {}
    roster = [f"student{i:03d}" for i in range(students)]
    for index, student in enumerate(roster):
        if index % 67 == 66:
            answers[student] = {"student": student, "failure": "the grading process stopped (exit code -9); "
                                                               "see batch.log"}
            continue
        template = palette["correct"]["grade"]
        exercises = [by_exercise[draw.choices(names, weights)[0]][e["name"]] for e in template["exercises"]]
        grade = {**template, "student": student, "exercises": exercises, "target": f"{student}/exercises"}
        grade["points"] = sum(e["points"] for e in exercises)
        grade["max_points"] = sum(e["max_points"] for e in exercises)
        grade["percent"] = round(100 * grade["points"] / grade["max_points"], 2)
        answers[student] = {"student": student, "grade": grade,
                            "refused": "a file over the size limit was left out" if index == 5 else None}
    (out / "results").mkdir(parents=True, exist_ok=True)
    for student, answer in answers.items():
        (out / "results" / f"{student}.json").write_text(json.dumps(answer, indent=2))
    header = json.loads((palette_results / "batch.json").read_text())
    header["roster"] = roster
    (out / "batch.json").write_text(json.dumps(header, indent=2))
    return answers


def split_into_shards(class_dir: Path, count: int, out_root: Path) -> list[Path]:
    """The folders COUNT shards of CLASS_DIR's class would have written: each its share of results/."""
    from autograd_kit.classroom.shards import shard_of

    header = json.loads((class_dir / "batch.json").read_text())
    folders = []
    for index in range(count):
        folder = out_root / f"shard-{index}"
        (folder / "results").mkdir(parents=True)
        (folder / "batch.json").write_text(json.dumps({**header, "shard": {"index": index, "count": count}}))
        folders.append(folder)
    for result in (class_dir / "results").glob("*.json"):
        shutil.copy(result, folders[shard_of(result.stem, count)] / "results")
    return folders
