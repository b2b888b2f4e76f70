"""What is happening in the run, in plain words, with the day: the trainer page's event panel.

:class:`Journal` looks at the model after every day (read-only) and notes what changed:
the first reported case, the trigger firing (:class:`sim.campaign.trigger.Trigger`), the
start of wartime work, training (:meth:`sim.campaign.workforce.Workforce.start_training`),
the full-deployment window, rings opening, renewed and closing
(:class:`sim.campaign.rings.RingManager`), the first day of each kind of field work
(from the day's counters, :mod:`sim.campaign.counters`), a sweep falling behind, and the
end of the run. :func:`today` sums up the day's field work.

Days are the page's day counter: the day that ends when the counter shows ``Day N``
is day N (the model's 0-based day plus one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.campaign.trigger import Phase
from sim.model import CampaignModel

__all__ = ["Event", "Journal", "today"]

#: Events kept per run (the oldest are dropped beyond this).
MAX_EVENTS = 400

#: First day of each kind of field work: counter -> words.
FIRST_WORK: dict[str, str] = {
    "households_visited_today": "house visits start: {n} houses inspected",
    "spray_events": "spraying starts: {n} spray rounds",
    "publicity_events": "publicity starts: {n} events",
    "households_supplied_today": "supplies handed out: {n} households",
    "people_checked_today": "fever checkpoints open: {n} people checked",
    "cases_found_by_screening": "house screening finds fever cases: {n}",
}

#: Parts of the day's summary: counter -> words.
TODAY_PARTS: tuple[tuple[str, str], ...] = (
    ("households_visited_today", "{n} houses visited"),
    ("sites_cleared_today", "{n} breeding sites cleared"),
    ("cells_sprayed_today", "{n} cells sprayed"),
    ("publicity_events", "{n} publicity events"),
    ("people_checked_today", "{n} people checked"),
)


@dataclass(frozen=True)
class Event:
    """One thing that happened: its day (the page's counter) and what, in words."""

    day: int
    text: str


@dataclass
class Journal:
    """Events of one run, noted day by day from the model's own state (never changing it)."""

    events: list[Event] = field(default_factory=list)
    _rings: dict[tuple[int, int], int] = field(default_factory=dict)
    _noted: set[str] = field(default_factory=set)
    _full: bool = False

    def note(self, day: int, text: str) -> None:
        """Add an event (the oldest go beyond :data:`MAX_EVENTS`)."""
        self.events.append(Event(day, text))
        del self.events[:-MAX_EVENTS]

    def _once(self, key: str, day: int, text: str) -> None:
        if key not in self._noted:
            self._noted.add(key)
            self.note(day, text)

    def observe(self, model: CampaignModel) -> None:
        """Note what changed on the day just simulated."""
        day, c = model.day, model.campaign
        done = day - 1  # the model's 0-based day just simulated
        n_cases = model.surveillance.n_cases
        if n_cases:
            self._once("first_case", day, f"first case reported to the clinics ({n_cases} so far)")
        tr, p = c.trigger, c.strategy
        if tr.switch_day is not None:
            rule = {"first_report": "the first reported case",
                    "case_threshold": f"{p.trigger.case_threshold} reported cases",
                    "day": f"the planned day {p.trigger.day}"}.get(p.trigger.mode, p.trigger.mode)
            start = (tr.wartime_start_day or 0) + 1
            self._once("trigger", tr.switch_day + 1,
                       f"trigger fired on {rule} ({n_cases} reported): mobilising, wartime work "
                       f"from day {start}")
        if c.phase == Phase.WARTIME:
            self._once("wartime", day, "wartime: clinics report faster, the campaign's teams are called up")
            trained = c.workforce.trained_from_day
            if trained is not None and trained > done:
                self._once("training", day, f"training: staff train for {trained - done} day(s); "
                                            f"teams go out on day {trained + 1}")
        full = tr.full_deployment(done)
        if full != self._full:
            d = p.deployment
            self.note(day, f"full deployment: {d.availability:.0%} of the organisation's members on duty "
                           f"for {d.duration_days} days" if full else "full deployment ends")
            self._full = full
        self._observe_rings(model, day)
        for key, words in FIRST_WORK.items():
            n = int(c.counters.get(key, 0))
            if n > 0:
                self._once(key, day, words.format(n=n))
        if c.shortfall is not None:
            s = c.shortfall
            self._once("shortfall", s["first_day"] + 1,
                       f"sweeping falls behind: about {s['needed_per_day']:.0f} visits a day needed, "
                       f"the teams manage about {s['capacity_per_day']:.0f}")
        if day >= model.params.days:
            self._once("end", day, f"last day of the run ({n_cases} cases reported in all)")

    def _observe_rings(self, model: CampaignModel, day: int) -> None:
        """Rings opened, renewed (a new case in the core) and closed since yesterday."""
        v = model.village
        now: dict[tuple[int, int], int] = {}
        renewed = 0
        for ring in model.campaign.rings:
            key = (ring.household, ring.opened_day)
            now[key] = ring.last_case_day
            if key not in self._rings:
                x_m, y_m = (round((k + 0.5) * v.cell_size_m) for k in (ring.x, ring.y))
                houses = ring.zones["core"].households.size if "core" in ring.zones else 0
                self.note(day, f"ring opened around house {ring.household} (x {x_m} m, y {y_m} m): "
                               f"core {ring.core_m:g} m ({houses} houses), warning {ring.warning_m:g} m, "
                               f"outer {ring.outer_m:g} m")
            elif ring.last_case_day != self._rings[key]:
                renewed += 1
        if renewed:
            self.note(day, f"new cases inside {renewed} open ring core(s): those rings stay open longer")
        for key in self._rings.keys() - now.keys():
            self.note(day, f"ring around house {key[0]} closed: no new case in its core")
        self._rings = now


def today(model: CampaignModel) -> str:
    """The day's field work in one line (``Day 9: 7 teams at work: 106 houses visited, ...``)."""
    c = model.campaign
    counters = c.counters
    parts = [words.format(n=int(counters.get(key, 0))) for key, words in TODAY_PARTS if counters.get(key, 0)]
    teams = len(c.teams)
    trained = c.workforce.trained_from_day
    if not teams:
        why = "staff in training" if trained is not None and trained >= model.day else "no teams in the field"
        return f"Day {model.day} ({c.phase}): {why}"
    return f"Day {model.day} ({c.phase}): {teams} teams at work" + (f": {', '.join(parts)}" if parts else "")
