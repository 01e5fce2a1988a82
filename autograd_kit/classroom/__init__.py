"""Grading a class: the batch and its pool, shards and their merge, Gradescope's autograder."""
