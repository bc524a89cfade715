"""Composition root: assembles the front doors into one app and runs the ``o2o`` command."""
