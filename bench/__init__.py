"""Benchmarks: each measures the app and an in-run baseline and reports the ratio."""
