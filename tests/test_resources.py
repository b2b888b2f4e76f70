"""Resource bounds: memory stays flat over a long run and over many runs in one process.

Tolerances: within one long run, memory traced by ``tracemalloc`` may not grow by
more than 512 KiB between day 150 and day 600 (a list growing by one small dict a
day would add about 1 MiB); over 200 runs in one process, resident memory may not
grow by more than 15 MB after a 40-run warm-up (a leaked model of this size costs
about 0.7 MB, so 160 leaked runs would add over 100 MB).
"""

from __future__ import annotations

import gc
import os
import tracemalloc
from dataclasses import replace

from conftest import preset

import sim.cli.job
import sim.run
from sim.cli.compose import CONFIG_DIR, compose_params
from sim.cli.configs import config_groups
from sim.model import CampaignModel
from sim.simulate import simulate

STRATEGIES = config_groups(CONFIG_DIR)["strategy"]
HAMLET = ("village=small", "village.width_cells=8", "village.height_cells=8", "village.households=30",
          "village.settlements=2", "village.construction_sites=1", "village.sites_per_construction_site=3",
          "vector.warmup_days=10", "outbreak.seed_infections=3", "disease.report_delay_days=1")


def rss_bytes() -> int:
    """Resident set size of this process now (Linux ``/proc/self/statm``)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_the_recorder_is_preallocated_and_the_event_log_is_empty_unless_asked_for():
    params = compose_params([*HAMLET, "strategy=shunde_2025", "days=40",
                             "outbreak.import_rate_per_day=0.5"])
    model = CampaignModel(params)
    arrays = {name: id(col) for name, col in model.recorder.data.items()}
    assert all(col.size == params.days for col in model.recorder.data.values())
    result = simulate(params, model=model)
    assert {name: id(col) for name, col in model.recorder.data.items()} == arrays
    assert result.events is None and model.campaign.events == []
    assert result.timeseries["households_visited_today"].sum() > 0  # the campaign did work
    assert model.surveillance.n_cases <= model.population.n

    logged = simulate(replace(params, event_log=True))
    assert logged.events, "with event_log=true the campaign's actions are kept"


def test_memory_of_a_long_run_stays_flat():
    params = compose_params([*HAMLET, "strategy=shunde_2025", "days=600",
                             "outbreak.import_rate_per_day=0.2", "disease.immune_after_recovery=false"])
    model = CampaignModel(params)
    tracemalloc.start()
    try:
        for _ in range(150):
            model.step()
        gc.collect()
        early = tracemalloc.get_traced_memory()[0]
        for _ in range(450):
            model.step()
        gc.collect()
        late = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert model.day == 600 and model.recorder.days_recorded == 600
    assert model.recorder.cumulative_infections > 0
    assert late - early < 512 * 1024, f"grew by {(late - early) / 1024:.0f} KiB"


def test_two_hundred_runs_in_one_process_do_not_grow_memory():
    """The entry point's run (used by every sweep job) frees each finished model."""
    bases = [compose_params([*HAMLET, *preset(s), "days=12"]) for s in STRATEGIES]
    gc.collect()
    alive = sum(isinstance(o, CampaignModel) for o in gc.get_objects())  # left by other tests
    for i in range(40):
        sim.cli.job._simulate(replace(bases[i % len(bases)], seed=i))
    gc.collect()
    before = rss_bytes()
    for i in range(40, 200):
        sim.cli.job._simulate(replace(bases[i % len(bases)], seed=i))
    gc.collect()
    grown = rss_bytes() - before
    assert grown < 15e6, f"resident memory grew by {grown / 1e6:.1f} MB over 160 runs"
    assert sum(isinstance(o, CampaignModel) for o in gc.get_objects()) == alive


def test_a_finished_model_is_freed_by_the_library_call():
    params = compose_params([*HAMLET, "days=3"])
    gc.collect()
    alive = sum(isinstance(o, CampaignModel) for o in gc.get_objects())
    for seed in range(3):
        simulate(replace(params, seed=seed))
    gc.collect()
    assert sum(isinstance(o, CampaignModel) for o in gc.get_objects()) == alive
