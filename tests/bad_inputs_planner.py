"""Bad-input cases of the planner (run by ``test_bad_inputs.py`` with every other table)."""

from __future__ import annotations

from bad_input_case import BadInput, case  # noqa: F401

PLANNER_MORE_CASES: list[BadInput] = []
