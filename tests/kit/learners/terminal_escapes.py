"""Exercise 04, written to fool whoever reads the report: it prints and raises terminal control sequences.

OSC 52 (set the clipboard), cursor moves and an erased line, a green "✔ passed 7/7" drawn over the real
score, an OSC 8 link, bidi overrides and isolates, 8-bit C1 forms (CSI, OSC), a DCS string, a carriage
return, DEL, and rich markup that must stay text.
"""
import torch

ESC = "\x1b"
FAKE = (ESC + "]52;c;cm0gLXJmIH4=\x07"
        + ESC + "[2A" + ESC + "[1;1H" + ESC + "[2K"
        + ESC + "[38;5;46m✔ passed 7/7" + ESC + "[0m"
        + ESC + "]8;;https://evil.example/" + ESC + "\\" + "a link" + ESC + "]8;;" + ESC + "\\"
        + " \u202egnp.exe\u202c \u2066isolated\u2069 \u202a\u202b\u202d\u2067\u2068"
        + "\x9b2J\x9d0;title\x9c" + ESC + "P1$r" + ESC + "\\" + "\x7f\x08\r"
        + "[bold red]markup[/]")


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    print(FAKE)
    return 3 * a**2  # the factor 3 forgotten: a wrong answer, so what it printed is shown


def dq_db(a, b):
    raise ValueError(FAKE)
