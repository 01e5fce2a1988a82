"""autograd-kit: learn PyTorch autograd by completing checked exercises.

The grading pipeline, one module per step:
  manifest  -> which exercises exist, in which order, and their files
  sandbox   -> run learner code in an isolated child process (worker is the child side)
  checks_plugin -> run the kit's pytest checks and collect typed results
  score     -> turn check results into statuses and points
  report    -> show the grade to a person
"""

__version__ = "0.1.0"
