"""Module-level jobs for tests/test_runner.py (worker processes import them by name)."""

from __future__ import annotations

import time
from pathlib import Path


def square(x: int) -> int:
    """x squared."""
    return x * x


def touch_or_fail(job: tuple[Path, int]) -> int:
    """Job 0 raises; every other job sleeps 0.3 s, then leaves a file named after itself."""
    folder, i = job
    if i == 0:
        raise ValueError("job 0 failed")
    time.sleep(0.3)
    (folder / str(i)).touch()
    return i
