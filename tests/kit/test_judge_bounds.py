"""The judge bounds its own time and memory on what the worker sends: a frame cut short never blocks it."""

from __future__ import annotations

import json
import os
import signal
import struct
import threading
import time
from pathlib import Path

import pytest

from autograd_kit.sandbox.frames import FrameReader, FrameTooLarge, MessageFrames

from conftest import SOLUTIONS, checks, run_grader, valid_result


@pytest.fixture
def pipe():
    read_end, write_end = os.pipe()
    yield read_end, write_end
    for fd in (read_end, write_end):
        try:
            os.close(fd)
        except OSError:
            pass


def test_a_length_with_one_byte_behind_it_waits_only_as_long_as_asked(pipe):
    read_end, write_end = pipe
    os.write(write_end, struct.pack("!i", 5) + b"x")
    reader = FrameReader(read_end)
    before = time.monotonic()
    assert reader.read(cap=100, wait_s=0.2) is None
    assert reader.partial and reader.bytes_read == 5
    assert time.monotonic() - before < 5  # a generous backstop: a blocked read would never come back
    os.write(write_end, b"yzzz")  # the rest arrives later: the half-read frame was kept
    assert reader.read(cap=100, wait_s=1) == b"xyzzz"
    assert not reader.partial


def test_frames_arrive_in_pieces_and_back_to_back(pipe):
    read_end, write_end = pipe
    reader = FrameReader(read_end)
    frames = [b"", b"a" * 70_000, b'{"kind": "booted"}']
    data = b"".join(struct.pack("!i", len(f)) + f for f in frames)
    writer = threading.Thread(target=lambda: [os.write(write_end, data[i:i + 999]) for i in range(0, len(data), 999)])
    writer.start()
    got = [reader.read(cap=100_000, wait_s=5) for _ in frames]
    writer.join()
    assert got == frames


def test_the_large_frame_form_is_read_too(pipe):
    read_end, write_end = pipe
    os.write(write_end, struct.pack("!i", -1) + struct.pack("!Q", 3) + b"abc")
    assert FrameReader(read_end).read(cap=10, wait_s=1) == b"abc"


@pytest.mark.parametrize("prefix", [struct.pack("!i", 2**31 - 1), struct.pack("!i", -1) + struct.pack("!Q", 2**63),
                                    struct.pack("!i", -7)])
def test_a_length_over_the_cap_is_refused_before_anything_is_allocated(pipe, prefix):
    read_end, write_end = pipe
    os.write(write_end, prefix)
    reader = FrameReader(read_end)
    with pytest.raises(FrameTooLarge):
        reader.read(cap=1024, wait_s=1)
    assert reader.bytes_read == len(prefix)  # not one byte of the claimed body was asked for


def test_windows_message_frames_wait_only_as_long_as_asked_and_refuse_over_the_cap():
    """On Windows a reply is one message of a message-mode pipe (whole or absent): read through the Connection."""
    import multiprocessing

    reader_end, writer_end = multiprocessing.Pipe(duplex=False)
    frames = MessageFrames(reader_end)
    try:
        assert frames.read(cap=100, wait_s=0.05) is None and not frames.partial
        writer_end.send_bytes(b"hello")
        assert frames.read(cap=100, wait_s=5) == b"hello" and frames.bytes_read == 5
        writer_end.send_bytes(b"x" * 200)
        with pytest.raises(FrameTooLarge):
            frames.read(cap=100, wait_s=5)
    finally:
        reader_end.close()
        writer_end.close()


def test_a_writer_that_goes_away_mid_frame_is_an_end_of_file(pipe):
    read_end, write_end = pipe
    os.write(write_end, struct.pack("!i", 10) + b"abc")
    os.close(write_end)
    with pytest.raises(EOFError):
        FrameReader(read_end).read(cap=100, wait_s=1)


# --- the whole grader, with learner code that writes onto the reply pipe ------------------------------------

FORGERY = '''
import os
import signal
FORGE = {forge}


def _reply_fd():
    """The worker's end of the reply pipe, from the Connection object its kit code holds."""
    import gc
    import multiprocessing.connection
    for thing in gc.get_objects():
        if isinstance(thing, multiprocessing.connection.Connection) and thing.writable:
            return thing.fileno()


def _forge():
    if FORGE:
        os.write(_reply_fd(), {frame!r})
        {then}


{where}
'''
HALF_FRAME = struct.pack("!i", 1000) + b"x"  # a length, and one byte of the thousand it promises


def forgery(tmp_path: Path, *, forge: bool, frame: bytes, then: str, at_import: bool) -> Path:
    solution = (SOLUTIONS / "04_gradients_by_hand.py").read_text()
    where = "_forge()" if at_import else ""
    source = solution + FORGERY.format(forge=forge, frame=frame, then=then, where=where)
    if not at_import:
        source = source.replace("    return -2 * b", "    _forge()\n    return -2 * b")
    folder = tmp_path / ("forged" if forge else "honest")
    folder.mkdir()
    (folder / "04_gradients_by_hand.py").write_text(source)
    return folder


def grade_04(folder: Path) -> tuple[dict, float]:
    started = time.monotonic()
    # --timeout 1: one CPU second per call; the subprocess limit only stops a judge that blocks for good
    result = run_grader("04", "--target", str(folder), "--timeout", "1", "--json", "-", limit_s=240)
    assert result.returncode == 0, result.stdout + result.stderr
    return valid_result(json.loads(result.stdout)), time.monotonic() - started


@pytest.fixture(scope="module")
def honest_control(tmp_path_factory) -> dict:
    """The same file with its forgery switched off (the same source, so the same judge-side analysis)."""
    folder = forgery(tmp_path_factory.mktemp("control"), forge=False, frame=HALF_FRAME, then="pass", at_import=False)
    grade, _ = grade_04(folder)
    grade["folder"] = str(folder)
    return grade


@pytest.mark.parametrize("frame, then, kinds", [
    # a half frame and code that goes on spinning: the old judge blocked in recv_bytes, never reading its meter
    (HALF_FRAME, "while True: pass", {"timeout"}),
    # a half frame, then the worker's own reply: the two read as one garbled frame
    (HALF_FRAME, "pass", {"crashed", "timeout"}),
    # a length no reply has: refused before a byte of it is read
    (struct.pack("!i", -1) + struct.pack("!Q", 2**62) + b"x", "pass", {"crashed"}),
])
def test_a_half_frame_in_a_call_costs_only_that_function(tmp_path, honest_control, frame, then, kinds):
    forged, _ = grade_04(forgery(tmp_path, forge=True, frame=frame, then=then, at_import=False))
    got, control = checks(forged, "04"), checks(honest_control, "04")
    honest_folder = honest_control["folder"]
    assert got["test_dq_db"]["kind"] in kinds, got["test_dq_db"]
    # The honest functions grade as they do without the forgery (a file that imports gc loses the checks
    # that trust what kit code in its worker reports: the same in both)
    for name in ("test_q_function", "test_dq_da"):
        # each message names its own file's path (forged/ or honest/): compared without it
        mine, theirs = (m[name]["message"].replace(str(p), "FILE") for m, p in ((got, tmp_path / "forged"),
                                                                                  (control, honest_folder)))
        assert (got[name]["kind"], mine) == (control[name]["kind"], theirs)
    assert got["test_q_function"]["kind"] == "passed"


def test_a_half_frame_at_import_is_an_import_that_timed_out(tmp_path):
    forged, seconds = grade_04(forgery(tmp_path, forge=True, frame=HALF_FRAME, then="while True: pass",
                                       at_import=True))
    for check in checks(forged, "04").values():
        assert check["kind"] == "timeout", check
    assert "1 s of CPU time" in check["message"]


def test_a_learner_file_over_the_cap_is_refused_with_the_limit(tmp_path):
    from autograd_kit.submission.limits import MAX_FILE_BYTES

    folder = tmp_path / "exercises"
    folder.mkdir()
    padding = "# " + "x" * 98 + "\n"
    source = (SOLUTIONS / "04_gradients_by_hand.py").read_text() + padding * (MAX_FILE_BYTES // len(padding) + 1)
    (folder / "04_gradients_by_hand.py").write_text(source)
    grade, _ = grade_04(folder)
    for check in checks(grade, "04").values():
        assert check["kind"] == "import_error" and f"larger than {MAX_FILE_BYTES // 1024} KiB" in check["message"]


# --- the judge's own CPU ------------------------------------------------------------------------------------

def test_the_judges_cpu_is_in_the_result_and_past_its_budget_no_check_is_blamed_on_the_learner(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "04_gradients_by_hand.py").write_text((SOLUTIONS / "04_gradients_by_hand.py").read_text())
    result = run_grader("04", "--target", str(folder), "--judge-cpu", "0.1", "--json", "-", limit_s=240)
    grade = valid_result(json.loads(result.stdout))
    assert grade["judge_cpu_limit_s"] == 0.1 and grade["judge_cpu_s"] > 0.1
    for check in checks(grade, "04").values():
        assert check["kind"] == "grader_error", check
        assert "the grader spent more than 0.1 s of its own CPU time" in check["message"]
    shown = run_grader("04", "--target", str(folder), limit_s=240).stdout
    assert "Grader: " in shown and "s of its own CPU time (its limit 600 s)" in shown


def test_the_backstop_stops_a_pass_that_never_reaches_a_check_point():
    from autograd_kit.grading.judge_cpu import JudgeBudget, JudgeOverBudget

    budget = JudgeBudget(0.05, margin_s=0.1)
    spins = 0
    with pytest.raises(JudgeOverBudget):
        with budget.backstop():
            while True:  # a judge-side loop with no check point in it
                spins += 1
    tick = 1 / os.sysconf("SC_CLK_TCK")  # os.times() counts whole clock ticks; the timer does not
    assert budget.over and budget.spent() >= 0.15 - tick
    with budget.backstop():  # the timer is gone once the block ends: nothing fires later
        pass
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
