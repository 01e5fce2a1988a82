"""Per-student seeds under a course secret (issue 23): HMAC-SHA256 with a key of 128 bits or more, given by a
file or the environment and never on a command line; batch.json and results keep only its fingerprint."""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ENGLISH, KIT_ROOT, SOLUTIONS, run_grader, valid_result

from autograd_kit.classroom.commands import merge
from autograd_kit.classroom.record import ClassHeader, RecordError, write_json
from autograd_kit.classroom.shards import Shard
from autograd_kit.cli.options import course_secret
from autograd_kit.grading import seeds
from autograd_kit.grading.seeds import (
    SECRET_ENV,
    CourseSecret,
    CourseSecretError,
    load_course_secret,
    new_course_secret,
    parse_course_secret,
    read_course_secret_file,
    student_seed,
)

SECRET = "7e3a91c04fb25d68e0a17c93b4f2d865" "19c0e4a7b3f6d2815a9e0c47f3b1d6a2"
EXERCISE = "04_gradients_by_hand"


def secret_file(folder: Path, text: str = SECRET, mode: int = 0o600) -> Path:
    path = folder / "course-secret"
    path.write_text(text + "\n")
    path.chmod(mode)
    return path


# --- the function -----------------------------------------------------------------------------------------

def test_a_student_seed_is_hmac_sha256_of_the_id_under_the_secret():
    secret = parse_course_secret(SECRET)
    for student in ("ana", "ben", "classroom/lab-alice", "학생"):
        digest = hmac.new(bytes.fromhex(SECRET), student.encode(), hashlib.sha256).digest()
        assert student_seed(student, secret) == int.from_bytes(digest[:8], "big") % seeds.SEED_RANGE
    assert student_seed(" ANA ", secret) == student_seed("ana", secret)  # ids as platforms spell them
    assert len({student_seed(s, secret) for s in ("ana", "ben", "cho", "dev", "eve")}) == 5
    other = parse_course_secret(new_course_secret())
    assert student_seed("ana", other) != student_seed("ana", secret)


def test_the_old_number_as_a_secret_is_refused():
    with pytest.raises(TypeError):
        student_seed("ana", 4711)  # type: ignore[arg-type]


def test_a_new_secret_has_256_random_bits_and_is_accepted():
    made = {new_course_secret() for _ in range(20)}
    assert len(made) == 20
    for text in made:
        assert len(text) == 64 and int(text, 16) >= 0
        assert parse_course_secret(text).key == bytes.fromhex(text)


@pytest.mark.parametrize(("text", "why"), [
    ("4711", "fewer than the 128"),
    ("918273645", "hex digits"),
    ("0123456789abcdef0123456789abcd", "fewer than the 128"),  # 120 bits
    ("0" * 64, "typed, not drawn"),
    ("0123" * 8, "typed, not drawn"),
    ("correct horse battery staple, and more words", "hex digits"),
    ("", "fewer than the 128"),
])
def test_a_short_or_typed_secret_is_refused_with_the_fix_and_not_repeated(text, why):
    with pytest.raises(CourseSecretError) as refused:
        parse_course_secret(text)
    message = str(refused.value)
    assert why in message and "token_hex(32)" in message and SECRET_ENV in message
    assert not text or text not in message


def test_the_secret_never_shows_in_its_repr_and_its_fingerprint_is_an_hmac_of_a_label():
    secret = parse_course_secret(SECRET.upper())  # hex in either case
    assert secret.key == bytes.fromhex(SECRET)
    for shown in (repr(secret), str(secret), f"{secret}", repr([secret])):
        assert SECRET not in shown.lower() and secret.key.hex() not in shown
    expected = hmac.new(bytes.fromhex(SECRET), seeds.FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]
    assert secret.fingerprint == expected
    assert parse_course_secret(new_course_secret()).fingerprint != expected


def test_a_secret_file_must_be_the_user_s_alone(tmp_path):
    path = secret_file(tmp_path)
    assert read_course_secret_file(path) == parse_course_secret(SECRET)
    for loose in (0o640, 0o644, 0o604):
        path.chmod(loose)
        with pytest.raises(CourseSecretError, match="chmod 600"):
            read_course_secret_file(path)
    path.chmod(0o400)
    assert read_course_secret_file(path).key == bytes.fromhex(SECRET)
    with pytest.raises(CourseSecretError, match="cannot read"):
        read_course_secret_file(tmp_path / "missing")
    link = tmp_path / "link"
    link.symlink_to(path)  # a Kubernetes Secret's files are links
    assert read_course_secret_file(link).key == bytes.fromhex(SECRET)
    with pytest.raises(CourseSecretError):
        read_course_secret_file(link, follow_links=False)  # Gradescope's own file: never through a link
    (tmp_path / "weak").mkdir()
    weak = secret_file(tmp_path / "weak", "4711")
    with pytest.raises(CourseSecretError, match="fewer than the 128") as refused:
        read_course_secret_file(weak)
    assert "4711" not in str(refused.value)


def test_the_environment_gives_the_secret_once_and_loses_it(tmp_path):
    environ = {SECRET_ENV: SECRET, "OTHER": "x"}
    assert load_course_secret(None, environ) == parse_course_secret(SECRET)
    assert environ == {"OTHER": "x"}  # gone before any process could inherit it
    assert load_course_secret(None, environ) is None
    environ = {SECRET_ENV: new_course_secret()}
    assert load_course_secret(secret_file(tmp_path), environ).key == bytes.fromhex(SECRET)  # the file wins
    assert environ == {}
    assert load_course_secret(None, {SECRET_ENV: "  "}) is None  # an unset Actions secret is ""


def options(**given) -> argparse.Namespace:
    return argparse.Namespace(**{"seed": None, "seed_from_student": False, "course_secret_file": None, **given})


def test_the_command_line_options_refuse_a_typed_seed_and_ask_for_a_secret(tmp_path, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    with pytest.raises(CourseSecretError, match="does not take --seed") as refused:
        course_secret(options(seed=4711, seed_from_student=True))
    assert "token_hex(32)" in str(refused.value) and "--course-secret-file" in str(refused.value)
    with pytest.raises(CourseSecretError, match="needs the course secret"):
        course_secret(options(seed_from_student=True))
    with pytest.raises(CourseSecretError, match="is for --seed-from-student"):
        course_secret(options(course_secret_file=secret_file(tmp_path)))
    assert course_secret(options(seed=4711)) is None  # a learner reproducing a run: as before
    assert course_secret(options(seed_from_student=True, course_secret_file=secret_file(tmp_path))).key.hex() == SECRET
    monkeypatch.setenv(SECRET_ENV, SECRET)
    assert course_secret(options()) is None and SECRET_ENV not in os.environ  # unused, and still removed


def test_the_grader_refuses_a_typed_seed_with_seed_from_student_and_says_how_to_fix_it(tmp_path):
    (tmp_path / "ana").mkdir()
    shutil.copy(SOLUTIONS / f"{EXERCISE}.py", tmp_path / "ana")
    ran = run_grader("04", "--submission", str(tmp_path / "ana"), "--seed-from-student", "--seed", "4711",
                     "--format", "github", "--output", str(tmp_path / "result.json"), limit_s=120)
    assert ran.returncode == 2 and "does not take --seed" in ran.stdout and "token_hex(32)" in ran.stdout
    # A platform waiting for its file still gets one, with the reason.
    assert "does not take --seed" in json.loads((tmp_path / "result.json").read_text())["tests"][0]["message"]
    ran = run_grader("batch", str(tmp_path), "--out", str(tmp_path / "grades"), "--seed-from-student",
                     "--seed", "4711", limit_s=120)
    assert ran.returncode == 2 and "does not take --seed" in ran.stdout
    ran = run_grader("batch", str(tmp_path), "--out", str(tmp_path / "grades"), "--seed-from-student",
                     "--course-secret-file", str(secret_file(tmp_path, mode=0o644)), limit_s=120)
    assert ran.returncode == 2 and "chmod 600" in ran.stdout
    assert not (tmp_path / "grades" / "results").exists()  # refused before grading anyone


def test_a_plain_seed_still_reproduces_a_run(tmp_path):
    (tmp_path / "ana").mkdir()
    shutil.copy(SOLUTIONS / f"{EXERCISE}.py", tmp_path / "ana")
    ran = run_grader("04", "--submission", str(tmp_path / "ana"), "--seed", "4711", "--format", "json", limit_s=120)
    assert ran.returncode == 0 and json.loads(ran.stdout)["seed"] == 4711


# --- a batch: the secret on no command line, in no file -----------------------------------------------------

def descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.fixture(scope="module")
def secret_batch(tmp_path_factory):
    """A class of three graded with --seed-from-student and the secret in the environment, every process the
    grader starts watched while it runs: their command lines (and environments) are kept."""
    root = tmp_path_factory.mktemp("secret-class")
    for student in ("ana", "ben", "cho"):
        (root / "class" / student / "exercises").mkdir(parents=True)
        shutil.copy(SOLUTIONS / f"{EXERCISE}.py", root / "class" / student / "exercises")
    out = root / "grades"
    argv = [sys.executable, "grader.py", "batch", str(root / "class"), "--out", str(out), "--seed-from-student",
            "--jobs", "2", "--timeout", "3"]
    env = {**os.environ, **ENGLISH, SECRET_ENV: SECRET}
    process = subprocess.Popen(argv, cwd=KIT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    seen: dict[int, tuple[bytes, bytes]] = {}
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)
    reader.start()
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < 600:
        for pid in descendants(process.pid):
            try:
                seen[pid] = (Path(f"/proc/{pid}/cmdline").read_bytes(), Path(f"/proc/{pid}/environ").read_bytes())
            except OSError:
                pass
        time.sleep(0.02)
    process.wait(30)
    reader.join(30)
    return process.returncode, "".join(output), seen, out


def test_a_batch_grades_each_student_with_the_hmac_of_their_id(secret_batch):
    code, output, _, out = secret_batch
    assert code == 0, output
    secret = parse_course_secret(SECRET)
    for student in ("ana", "ben", "cho"):
        answer = json.loads((out / "results" / f"{student}.json").read_text())
        assert valid_result(answer["grade"])["seed"] == student_seed(student, secret)
        assert answer["secret_fingerprint"] == secret.fingerprint and answer["grade"]["points"] == 10
    header = json.loads((out / "batch.json").read_text())
    assert header["seed"] is None and header["seed_from_student"] is True
    assert header["secret_fingerprint"] == secret.fingerprint


def test_no_process_the_batch_starts_has_the_secret_on_its_command_line_or_in_its_environment(secret_batch):
    _, output, seen, _ = secret_batch
    assert len(seen) >= 3, "the watch saw the pool and its workers"  # the pool's two processes and more
    assert any(b"batch_worker" in cmdline for cmdline, _ in seen.values())
    for pid, (cmdline, environ) in seen.items():
        assert SECRET.encode() not in cmdline, pid
        assert SECRET.encode() not in environ and SECRET_ENV.encode() not in environ, pid
    assert SECRET not in output


def test_no_file_a_batch_writes_holds_the_secret(secret_batch):
    *_, out = secret_batch
    key = bytes.fromhex(SECRET)
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data.lower() and key not in data, path


def test_a_resumed_batch_needs_the_secret_again_and_a_report_needs_none(secret_batch, tmp_path):
    *_, out = secret_batch
    copy = tmp_path / "grades"
    shutil.copytree(out, copy)
    ran = run_grader("batch", str(out.parent / "class"), "--out", str(copy), "--resume", limit_s=120)
    assert ran.returncode == 2 and "needs the course secret" in ran.stdout
    ran = run_grader("report", str(copy), limit_s=120)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "derived from the course secret" in (copy / "report.html").read_text()


# --- merge: one secret or another, never shown ----------------------------------------------------------------

def shard_folder(root: Path, index: int, secret: CourseSecret, answers: dict[str, dict]) -> Path:
    folder = root / f"shard-{index}"
    (folder / "results").mkdir(parents=True)
    roster = ("ana", "ben", "cho", "dev")
    header = ClassHeader(None, True, 3.0, 512, secret_fingerprint=secret.fingerprint, checks="c",
                         shard=Shard(index, 2), roster=roster)
    write_json(folder / "batch.json", header.to_json())
    for student in roster:
        if Shard(index, 2).holds(student):
            answer = answers.get(student, {"student": student, "failure": "not graded in this test"})
            write_json(folder / "results" / f"{student}.json", answer)
    return folder


def test_merge_refuses_shards_graded_with_different_secrets_without_showing_either(tmp_path):
    one, two = parse_course_secret(SECRET), parse_course_secret(new_course_secret())
    folders = [shard_folder(tmp_path / "a", 0, one, {}), shard_folder(tmp_path / "a", 1, two, {})]
    with pytest.raises(RecordError) as refused:
        merge(folders)
    message = str(refused.value)
    assert "course secret: one secret vs another" in message
    assert one.fingerprint not in message and two.fingerprint not in message and SECRET not in message
    same = [shard_folder(tmp_path / "b", 0, one, {}), shard_folder(tmp_path / "b", 1, one, {})]
    assert merge(same).header.secret_fingerprint == one.fingerprint


def test_merge_refuses_a_result_graded_with_another_secret(tmp_path):
    one = parse_course_secret(SECRET)
    student = next(s for s in ("ana", "ben", "cho", "dev") if Shard(0, 2).holds(s))
    grade = {"seed": 1, "points": 0, "max_points": 1, "percent": 0, "exercises": []}
    forged = {"student": student, "grade": grade, "secret_fingerprint": "0" * 16}
    folders = [shard_folder(tmp_path, 0, one, {student: forged}), shard_folder(tmp_path, 1, one, {})]
    with pytest.raises(RecordError, match="graded with another course secret"):
        merge(folders)
