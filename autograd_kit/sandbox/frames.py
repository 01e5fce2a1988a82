"""Reading the worker's reply frames from the pipe's raw descriptor, never blocking past a deadline.

The worker writes with `Connection.send_bytes` (CPython's multiprocessing/connection.py): a 4-byte
big-endian signed length, or -1 and then an 8-byte unsigned length for frames over 2 GiB, then the bytes.
`Connection.recv_bytes` reads the length and then blocks until that many bytes arrived: a worker that
writes a length and one byte holds the judge for ever. Here the descriptor is non-blocking, each wait is
a poll() with a timeout, a half-read frame is kept for the next wait, and a length over the caller's cap
is refused before anything is allocated for it.
"""

from __future__ import annotations

import os
import select
import struct
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from autograd_kit.sandbox.budget import Meter

CHUNK = 1024 * 1024  # the most one read() takes: memory grows with what arrived, never with what was claimed


class FrameTooLarge(Exception):
    """The frame's length is negative or over the cap: the pipe holds something other than the protocol."""


class FrameReader:
    """Frames from one pipe's read end. Reads only what is there; raises EOFError once the writer is gone."""

    def __init__(self, fd: int) -> None:
        os.set_blocking(fd, False)
        self.fd = fd
        self._prefix = bytearray()  # the length's bytes read so far
        self._length: int | None = None  # the frame's length, once its prefix is complete
        self._body = bytearray()
        self.bytes_read = 0  # everything taken from the pipe (tests count the judge's work with it)

    @property
    def partial(self) -> bool:
        """Some of a frame has arrived, not all of it."""
        return bool(self._prefix) or self._length is not None

    def read(self, cap: int, wait_s: float) -> bytearray | None:
        """The next whole frame, or None when WAIT_S seconds pass first (what arrived is kept for the next call)."""
        deadline = time.monotonic() + max(wait_s, 0.0)
        while True:
            frame = self._take(cap)
            if frame is not None:
                return frame
            left = deadline - time.monotonic()
            if left <= 0 or not self._wait(left):
                return None
            wanted = self._wanted()
            try:
                data = os.read(self.fd, min(wanted, CHUNK))
            except BlockingIOError:
                continue
            if not data:
                raise EOFError("the worker closed its end of the pipe")
            self.bytes_read += len(data)
            if self._length is None:
                self._prefix += data
            else:
                self._body += data

    def _wanted(self) -> int:
        if self._length is not None:
            return self._length - len(self._body)
        if len(self._prefix) < 4:
            return 4 - len(self._prefix)
        return 12 - len(self._prefix)  # -1, then the 8-byte length

    def _take(self, cap: int) -> bytearray | None:
        """A complete frame from what was read, once there is one; the length is checked as soon as it is known."""
        if self._length is None:
            if len(self._prefix) < 4:
                return None
            (short,) = struct.unpack("!i", self._prefix[:4])
            if short == -1:
                if len(self._prefix) < 12:
                    return None
                (length,) = struct.unpack("!Q", self._prefix[4:12])
            elif short < 0:
                raise FrameTooLarge(f"a negative frame length ({short})")
            else:
                length = short
            if length > cap:
                raise FrameTooLarge(f"a frame of {length} bytes, over the cap of {cap}")
            self._length = length
        if len(self._body) < self._length:
            return None
        frame = self._body  # handed over, not copied
        self._prefix, self._length, self._body = bytearray(), None, bytearray()
        return frame

    def _wait(self, timeout_s: float) -> bool:
        poller = select.poll()
        poller.register(self.fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        try:
            return bool(poller.poll(max(int(timeout_s * 1000), 1)))
        except InterruptedError:
            return False


class MessageFrames:
    """Frames on Windows, where multiprocessing's pipes are named pipes in message mode: each `send_bytes` is
    one message that arrives whole or not at all, so a half-written frame cannot hold the judge, and
    `Connection.poll` waits without blocking on a partial one. Same interface as FrameReader."""

    partial = False

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.bytes_read = 0

    def read(self, cap: int, wait_s: float) -> bytearray | None:
        if not self.connection.poll(max(wait_s, 0.0)):
            return None
        try:
            frame = bytearray(self.connection.recv_bytes(cap))
        except OSError as problem:  # recv_bytes refuses a message over maxlength with OSError("bad message length")
            raise FrameTooLarge(str(problem)) from None
        self.bytes_read += len(frame)
        return frame


def read_in_time(reader: FrameReader | MessageFrames, cap: int, meter: Meter | None, deadline: float, poll_s: float) -> bytearray | None:
    """The next frame, read in waits of POLL_S between looks at the meter (the call's CPU and wall clock) or, without
    one, at DEADLINE (time.perf_counter()); None once either ran out. What arrived meanwhile stays in READER."""
    while True:
        if meter is not None:
            if meter.spent().over:
                return None
            wait = min(poll_s, max(meter.wall_left(), 0.0))
        else:
            wait = min(poll_s, deadline - time.perf_counter())
            if wait <= 0:
                return None
        frame = reader.read(cap, wait)
        if frame is not None:
            return frame
