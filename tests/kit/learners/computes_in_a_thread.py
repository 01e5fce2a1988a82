"""Exercise 04, honest, but each derivative is computed in a thread of its own (threads are allowed; processes not)."""
import threading


def _in_a_thread(work):
    result = []
    thread = threading.Thread(target=lambda: result.append(work()))
    thread.start()
    thread.join()
    return result[0]


def q_function(a, b):
    return _in_a_thread(lambda: 3 * a**3 - b**2)


def dq_da(a, b):
    return _in_a_thread(lambda: 9 * a**2)


def dq_db(a, b):
    return _in_a_thread(lambda: -2 * b)
