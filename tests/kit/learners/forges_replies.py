"""Finds the worker's reply pipe and writes garbage into it, then returns a right answer."""
import gc
import multiprocessing.connection

import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    for thing in gc.get_objects():
        if isinstance(thing, multiprocessing.connection.Connection) and thing.writable:
            thing.send_bytes(b"\xff not json")
    return 9 * a**2


def dq_db(a, b):
    return -2 * b
