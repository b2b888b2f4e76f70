"""Benchmarks: speed and memory figures of the model (printed, never asserted)."""
