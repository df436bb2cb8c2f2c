"""Benchmarks: measured ratios, not timed tests."""
