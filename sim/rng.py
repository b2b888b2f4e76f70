"""Named random streams derived from one integer seed.

Each stochastic process draws from its own ``numpy.random.Generator`` built
from ``[seed, stable_key(name)]``. Switching the campaign on therefore does not
shift the draws of the mosquito or human processes until the campaign actually
changes their state: strategies are compared with common random numbers.
``hash()`` is never used (it is salted per interpreter).
"""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["STREAM_NAMES", "RandomStreams", "stable_key"]

STREAM_NAMES: tuple[str, ...] = (
    "village",
    "vector",
    "humans",
    "imports",
    "residents",
    "exposure",
    # One stream per campaign mechanism: switching one on leaves the others' draws alone.
    "campaign.roster",
    "campaign.inspect",
    "campaign.screen",
    "campaign.recheck",
    "campaign.checkpoint",
    "campaign.knockdown",
    "campaign.spray",
    "campaign.echelon",
    "campaign.hospital",
    # A district's own processes (sim.district): its map, and infections picked up away.
    "district.place",
    "district.moves",
)


def stable_key(name: str) -> int:
    """A 32-bit key for ``name`` that is the same in every process and version."""
    return zlib.crc32(name.encode("utf-8"))


class RandomStreams:
    """One independent generator per named process, all derived from ``seed``."""

    def __init__(self, seed: int) -> None:
        # The seed's range is declared (and checked) on RunParams.seed; numpy refuses a negative one.
        self.seed = int(seed)
        self._streams: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        if name not in STREAM_NAMES:
            raise KeyError(f"unknown random stream {name!r}; streams: {', '.join(STREAM_NAMES)}")
        stream = self._streams.get(name)
        if stream is None:
            stream = np.random.default_rng([self.seed, stable_key(name)])
            self._streams[name] = stream
        return stream
