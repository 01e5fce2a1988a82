"""Blocks SIGALRM, then loops: a timeout built on alarm() would never fire."""
import signal

import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        pass


def dq_db(a, b):
    return -2 * b
