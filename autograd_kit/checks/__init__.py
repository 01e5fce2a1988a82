"""Running the checks and naming the mistake: the pytest plugin, assertions that teach, the probes that run in
the worker, the learner's parsed source, and the mistake catalogue (mistakes/*.toml)."""
