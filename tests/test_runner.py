"""The one parallel runner: results in job order, a failure stops the queue."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from analysis.runner import iter_results, run_many
from tests.runner_jobs import square, touch_or_fail


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_job_order(workers: int) -> None:
    assert run_many(square, [3, 1, 2, 0], workers=workers, stream=io.StringIO()) == [9, 1, 4, 0]


def test_iter_results_names_each_job_once() -> None:
    seen = sorted(i for i, _ in iter_results(square, [5, 6, 7], workers=2, stream=io.StringIO()))
    assert seen == [0, 1, 2]


def test_a_failed_job_cancels_the_queued_ones(tmp_path: Path) -> None:
    # Job 0 fails at once; the other 19 each take 0.3 s and leave a file. Without
    # cancelling, all 19 would run (about 3 s on 2 workers) before the error arrives;
    # with it, only the few already handed to a worker do.
    jobs = [(tmp_path, i) for i in range(20)]
    with pytest.raises(ValueError, match="job 0"):
        run_many(touch_or_fail, jobs, workers=2, stream=io.StringIO())
    ran = len(list(tmp_path.iterdir()))
    assert ran < 19, f"{ran} queued jobs ran after the failure"
