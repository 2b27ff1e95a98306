"""Factories shared by the tests and the demo content, one module per app (core, cms, workflows)."""
