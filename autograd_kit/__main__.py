"""`python -m autograd_kit`: the same as `python grader.py`, where the kit is installed but its folder is not
at hand (a notebook's kernel, Colab)."""

from grader import exit_now, run

if __name__ == "__main__":
    exit_now(run())
