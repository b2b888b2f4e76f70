"""One row of the bad-input battery (:mod:`test_bad_inputs`): a command line and what its error says.

Tables of cases live in ``tests/bad_inputs_*.py`` (one per area: planner, page, sweeps) and in
``test_bad_inputs.py``; every table is run by the same test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["BadInput", "case"]


@dataclass(frozen=True)
class BadInput:
    """One bad command line (and the files it needs) and what the error must say.

    Attributes:
        name: test id.
        args: overrides after the options; ``{user}`` is replaced by the user config
            folder and ``{configs}`` by the copy of ``configs/``.
        key: the message must start with ``error: <key>`` followed by ``=`` or ``:``.
        needle: further text the message must contain.
        options: Hydra options (``-m``, ``-cd {user}`` ...) put before the overrides.
        user_files: files of a user config folder (relative path -> text), for ``-cd {user}``.
        broken_configs: files replaced in a copy of ``configs/`` (for ``-cp {configs}``).
        module: the program (``python -m <module>``); for a module other than ``sim.run``
            the arguments are used as given (``{out}`` is its output folder, which must
            not be created).
        env: environment variables set for the program (vcsim's switches).
    """

    name: str
    args: tuple[str, ...]
    key: str
    needle: str = ""
    options: tuple[str, ...] = ()
    user_files: Mapping[str, str] = field(default_factory=dict)
    broken_configs: Mapping[str, str] = field(default_factory=dict)
    module: str = "sim.run"
    env: Mapping[str, str] = field(default_factory=dict)


def case(name: str, *args: str, key: str, needle: str = "", **kwargs) -> BadInput:
    """A table row: ``case("id", "override", ..., key="dotted.key", needle="text")``."""
    return BadInput(name, tuple(args), key, needle, **kwargs)
