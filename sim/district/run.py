"""Run a district from parameters to results (no files, no Hydra): :func:`simulate_district`."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from tqdm import tqdm

from sim.degenerate import degenerate_warnings
from sim.district.model import DistrictModel
from sim.district.outputs import district_summary, district_table, places_csv, villages_csv
from sim.params.run_params import RunParams
from sim.simulate import RunResult, release_model

__all__ = ["simulate_district"]

log = logging.getLogger("sim.district")


def simulate_district(params: RunParams, progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Build the district's villages, run ``params.days`` days, return totals and per-village files."""
    start = time.perf_counter()
    campaign_log = logging.getLogger("sim.campaign")
    level = campaign_log.level
    campaign_log.setLevel(logging.ERROR)  # one line for the district below, not one per village
    try:
        return _run(params, progress, start)
    finally:
        campaign_log.setLevel(level)


def _run(params: RunParams, progress: Callable[[int, int], None] | None, start: float) -> RunResult:
    if progress is None:
        model = DistrictModel(params)
    else:  # an interactive run: building the villages (their vector warm-ups) has a bar of its own
        with tqdm(total=params.district.villages, desc="villages built", unit="village", file=sys.stderr,
                  dynamic_ncols=True) as bar:
            model = DistrictModel(params, building=lambda done, _total: bar.update(done - bar.n))
    log.info("district %s: %d villages, %d residents built in %.1f s", params.district.name,
             len(model.villages), sum(m.population.n for m in model.villages), time.perf_counter() - start)
    try:
        for _ in range(params.days):
            model.step()
            if progress is not None:
                progress(model.day, params.days)
        table = district_table(model)
        summary = district_summary(model, table, time.perf_counter() - start)
        summary["warnings"] = degenerate_warnings(params, summary)
        short = [m.campaign.shortfall for m in model.villages if m.campaign.shortfall]
        if short:
            log.warning("%d of %d villages could not keep their sweep's revisit interval (first on day %d): "
                        "see sweep_shortfall_days in summary.json", len(short), len(model.villages),
                        min(s["first_day"] for s in short))
        files = {"villages.csv": villages_csv(model), "places.csv": places_csv(model)}
        return RunResult(table, summary, None, files)
    finally:
        model.close()
        for village in model.villages:
            release_model(village)
