"""Showing grades: the terminal, the output formats, and the class analytics report."""
