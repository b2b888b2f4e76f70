"""Small planner files shared by the planner's tests."""

from __future__ import annotations

__all__ = ["TINY_DISTRICT_PLAN"]

#: A tenth of the demo district for 40 days, one seed: two district runs (with the baseline).
TINY_DISTRICT_PLAN = """\
title: District map check
district: {preset: demo, scale: 0.1}
days: 40
replicates: 1
scenarios:
  - name: by_cases
    strategy: shunde_2025
    allocation: cases
    start_day: 3
"""
