"""Bad-input cases of the sweeps (run by ``test_bad_inputs.py`` with every other table)."""

from __future__ import annotations

from bad_input_case import BadInput, case  # noqa: F401

SWEEP_MORE_CASES: list[BadInput] = []
