"""Grading one submission: the checks run in sandboxes, then scored into a Grade (results.py)."""
