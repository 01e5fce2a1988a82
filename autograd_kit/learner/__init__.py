"""The learner's loop: list, hint, reset, watch, progress, and check() in a notebook."""
