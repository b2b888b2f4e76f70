"""Bad-input cases of the app (run by ``test_bad_inputs.py`` with every other table)."""

from __future__ import annotations

from bad_input_case import BadInput, case  # noqa: F401

APP_CASES: list[BadInput] = []
