"""Result files are replaced in one step, and special files are written into, never replaced."""

import os
import stat
import threading

import pytest

from autograd_kit.report.files import write_atomically


def test_a_result_file_is_replaced_whole(tmp_path):
    target = tmp_path / "out" / "results.json"
    write_atomically(target, "old")
    write_atomically(target, "new\r\n")
    assert target.read_bytes() == b"new\r\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["results.json"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_stays_a_pipe(tmp_path):
    # Like --output /dev/null or --output /dev/stdout: the device must survive.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()), daemon=True)
    reader.start()
    write_atomically(fifo, "through the pipe")
    reader.join(10)
    assert received == ["through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert list(tmp_path.iterdir()) == [fifo]
