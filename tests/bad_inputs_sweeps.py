"""Bad-input cases of the sweeps (run by ``test_bad_inputs.py`` with every other table).

Launcher and sweeper choices and their settings: each refused in one line before the sweep
folder exists (a launcher's own refusal, such as joblib's ``n_jobs=0``, would come after).
"""

from __future__ import annotations

from bad_input_case import BadInput, case

_JOBS = ("seed=0,1", "village=small", "days=3")
_M = ("-m",)

SWEEP_MORE_CASES: list[BadInput] = [
    case("sweep_unknown_launcher", *_JOBS, "hydra/launcher=nope", key="hydra/launcher",
         needle="allowed: basic", options=_M),
    case("sweep_unknown_sweeper", *_JOBS, "hydra/sweeper=nope", key="hydra/sweeper",
         needle="one_at_a_time", options=_M),
    case("sweep_joblib_no_workers", *_JOBS, "hydra/launcher=joblib", "hydra.launcher.n_jobs=0",
         key="hydra.launcher.n_jobs", needle="runs no job", options=_M),
    case("sweep_workers_not_a_number", *_JOBS, "hydra/launcher=vcsim", "hydra.launcher.n_jobs=two",
         key="hydra.launcher.n_jobs", options=_M),
    case("sweep_launcher_unknown_key", *_JOBS, "hydra/launcher=vcsim", "hydra.launcher.workers=2",
         key="hydra.launcher.workers", needle="unknown key", options=_M),
    case("sweep_batch_size_not_a_number", *_JOBS, "hydra.sweeper.max_batch_size=x",
         key="hydra.sweeper.max_batch_size", options=_M),
    case("sweep_jobs_share_a_folder", *_JOBS, "hydra.sweep.subdir=same", key="hydra.sweep.subdir",
         needle="one folder", options=_M),
    # 5 runs of the town for ten years: about 33 min on Hydra's one-at-a-time launcher
    case("sweep_too_long_without_yes", "seed=0,1,2,3,4", "village=town", "days=3650",
         key="hydra.sweeper.yes", needle="add hydra.sweeper.yes=true", options=_M),
    case("sweep_submitit_timeout_text", *_JOBS, "hydra/launcher=submitit_local",
         "hydra.launcher.timeout_min=soon", key="hydra.launcher.timeout_min", options=_M),
]
