"""The command line: `python grader.py ...` parses its arguments and hands each command to the step it names."""
