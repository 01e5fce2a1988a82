"""Exercise 04, honest, with the everyday Python an honest file may use on the way: it sleeps, asks who and
where it is, how many CPUs, the time, random bytes, and writes a scratch file (seccomp's census measures it)."""
import datetime
import os
import platform
import random
import tempfile
import time


def _look_around():
    time.sleep(0.01)
    facts = [os.getuid(), os.geteuid(), os.getgid(), os.getegid(), platform.machine(), os.cpu_count(),
             time.process_time(), datetime.datetime.now(), random.SystemRandom().random(), os.urandom(4)]
    with tempfile.TemporaryDirectory() as folder, open(os.path.join(folder, "notes.txt"), "w") as notes:
        notes.write(repr(facts))
    return facts


def q_function(a, b):
    _look_around()
    return 3 * a**3 - b**2


def dq_da(a, b):
    return 9 * a**2


def dq_db(a, b):
    return -2 * b
