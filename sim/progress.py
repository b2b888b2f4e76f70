"""A one-line progress indicator for long runs on a terminal."""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["TerminalProgress"]


class TerminalProgress:
    """Rewrites one line ``day 42/180 (23%)`` at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0

    @classmethod
    def maybe(cls, stream: TextIO) -> TerminalProgress | None:
        """A progress line if ``stream`` is a terminal, else None."""
        return cls(stream) if hasattr(stream, "isatty") and stream.isatty() else None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        end = "\n" if done >= total else ""
        self.stream.write(f"\rday {done}/{total} ({100 * done // max(total, 1)}%){end}")
        self.stream.flush()
