"""When by date: a plan's ``start_date`` and a scenario's ``start``.

``start_date`` (top of the file) is the calendar date of day 0 of every run: the run
configuration's ``season.start_date`` (:class:`sim.params.season.SeasonParams`, which
checks it), so it also sets the season's weather calendar. Left out, day 0 is the
configured default (16 June 2025, the first symptom onset of the Foshan outbreak).

``start`` (a scenario) is the date everyone is called up, instead of ``start_day``: it is
converted to a day number counted from day 0 and must fall within the run
(day 0 to day ``days - 1``)::

    start_date: 2025-06-16
    scenarios:
      - name: from_20_july
        strategy: full_cadre
        start: 2025-07-20      # day 34
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from analysis.scenario_reader import Override, Reader, node_line

__all__ = ["DATE_RULE", "start_date_override", "start_day_of"]

DATE_RULE = "must be a date YYYY-MM-DD"
#: Characters a date may hold in an override (anything else cannot be a date).
_DATE_CHARS = re.compile(r"^[0-9A-Za-z:+.-]{1,40}$")


def start_date_override(r: Reader, node: yaml.Node) -> Override:
    """``season.start_date='YYYY-MM-DD'`` for the plan's ``start_date`` (checked when composed)."""
    v = r.value(node)
    if type(v) is dt.date:
        text = v.isoformat()
    elif isinstance(v, str) and _DATE_CHARS.match(v):
        text = v
    else:
        r.fail(node, "start_date", v, f"{DATE_RULE} (the calendar date of day 0)")
    return Override(f"season.start_date='{text}'", "start_date", v, node_line(node))


def start_day_of(r: Reader, node: yaml.Node, field: str, day0: dt.date, days: int) -> int:
    """The day number of the date at ``node``: from 0 (``day0``) to ``days - 1``."""
    v = r.value(node)
    last = day0 + dt.timedelta(days=days - 1)
    rule = (f"{DATE_RULE} from {day0.isoformat()} (day 0, start_date) to {last.isoformat()} "
            f"(day {days - 1}, the last of days={days})")
    date = v if type(v) is dt.date else None
    if isinstance(v, str):
        try:
            date = dt.date.fromisoformat(v)
        except ValueError:
            date = None
    if date is None or not day0 <= date <= last:
        r.fail(node, field, v, rule)
    assert date is not None
    return (date - day0).days
