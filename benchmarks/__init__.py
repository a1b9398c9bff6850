"""Reproducible speed measurements (see BENCHMARKS.md)."""
