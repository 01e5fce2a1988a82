"""Grade the autograd-kit exercises. Run `python grader.py --help`."""

import sys

from autograd_kit.cli import main

if __name__ == "__main__":
    sys.exit(main())
