"""Taking a student's submission: the exercise files from a folder, a zip or notebooks."""
