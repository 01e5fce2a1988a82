"""The kernel's layers around each worker: namespaces, its own user, limits, Landlock, seccomp."""
