"""The benchmarks' own helpers."""
