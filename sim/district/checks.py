"""Rules of a district run that need its map: villages big enough, an echelon the pool can field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.district.place import MIN_HOUSEHOLDS, district_place, residents_per_house
from sim.district.villages import village_params
from sim.errors import ConfigError

if TYPE_CHECKING:
    from sim.params.run_params import RunParams

__all__ = ["check_district"]


def check_district(params: RunParams) -> None:
    """Raise ConfigError (one line, naming the key) for a district that cannot run as asked."""
    d = params.district
    v = params.village
    per_house = residents_per_house(v)
    if d.simulated_residents < d.villages * MIN_HOUSEHOLDS * per_house:
        least = d.villages * MIN_HOUSEHOLDS * per_house / max(d.residents, 1)
        raise ConfigError("district.scale", d.scale,
                          f"gives {d.simulated_residents} residents for {d.villages} villages; each needs "
                          f"at least {MIN_HOUSEHOLDS} houses: scale >= {least:.3g} (or more residents)")
    if params.event_log:
        raise ConfigError("event_log", True,
                          "not available for a district (villages.csv has the daily work)")
    place = district_place(params)
    # Building every village's parameters checks its own rules (the teams its staff can form, ...).
    staffing = [village_params(params, place, i, seeded=True).staffing for i in range(place.n)]
    unit_roles = [name for name, role in params.roles.items() if role.pairing == "unit"]
    pool = sum(staff.count(r) for staff in staffing for r in unit_roles)
    echelon = round(d.command.echelon_per_day * d.scale)
    if echelon > pool:
        raise ConfigError("district.command.echelon_per_day", d.command.echelon_per_day,
                          f"{echelon} people a day at scale {d.scale} is more than the {pool} organisation "
                          f"members (unit-paired roles) of the district's villages; at most "
                          f"{int(pool / d.scale)} (or a larger staffing pool)")
