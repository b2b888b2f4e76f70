"""Memory of many runs in one process (issue 17): resident set after 0 to 200 runs.

Usage::

    python -m benchmarks.soak                    # 200 runs of the small village, 60 days (about 4 min)
    python -m benchmarks.soak --runs 40 --every 10 --village default --days 30

Every strategy preset in turn, seeds 0, 1, 2, ..., each run made by the same call a sweep
job makes (:func:`sim.cli.job._simulate`: the model is built, run and released). Printed
after every ``--every`` runs: the resident set (``VmRSS``, MB), the live campaign models after
a full garbage collection, and the seconds so far. A leak shows as growth after the first
runs (the first ones load libraries and fill caches such as the warm-up cache).
"""

from __future__ import annotations

import argparse
import gc
import logging
import time
from dataclasses import replace

from benchmarks.measure import rss_now_mb

__all__ = ["main", "rss_mb"]


def rss_mb() -> float:
    """This process's resident set now (MB)."""
    return rss_now_mb()


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200, help="runs in the process (default 200)")
    parser.add_argument("--every", type=int, default=20, help="print every N runs (default 20)")
    parser.add_argument("--village", default="small", help="village preset (default small)")
    parser.add_argument("--days", type=int, default=60, help="days a run (default 60)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.every < 1 or args.days < 1:
        parser.error("--runs, --every and --days must be 1 or more")
    logging.getLogger("MESA").setLevel(logging.WARNING)
    logging.getLogger("sim").setLevel(logging.ERROR)  # a run's warnings are not the soak's subject
    import sim.cli.job
    from sim.cli.compose import CONFIG_DIR, compose_params
    from sim.cli.configs import config_groups
    from sim.model import CampaignModel

    groups = config_groups(CONFIG_DIR)
    strategies = groups["strategy"]
    # Organisation presets bring the staffing of their own name.
    bases = [compose_params([f"village={args.village}", f"days={args.days}", f"strategy={s}",
                             *([f"staffing={s}"] if s in groups["staffing"] else [])])
             for s in strategies]
    print(f"{args.runs} runs: village={args.village}, days={args.days}, strategies {', '.join(strategies)}")
    print(f"{'runs':>5} {'RSS MB':>8} {'models':>6} {'seconds':>8}")
    start = time.perf_counter()
    print(f"{0:>5} {rss_mb():8.1f} {0:>6} {0.0:8.1f}")
    for i in range(args.runs):
        sim.cli.job._simulate(replace(bases[i % len(bases)], seed=i))
        if (i + 1) % args.every == 0 or i + 1 == args.runs:
            gc.collect()
            models = sum(isinstance(o, CampaignModel) for o in gc.get_objects())
            print(f"{i + 1:>5} {rss_mb():8.1f} {models:>6} {time.perf_counter() - start:8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
