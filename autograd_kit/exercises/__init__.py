"""The exercise list: the manifest, and the stubs and notebooks made from solutions/."""
