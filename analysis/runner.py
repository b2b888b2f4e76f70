"""Many runs of the model in parallel worker processes, with one progress bar.

The one place that starts worker processes for the analysis tools (planner,
validation, calibration, counterfactual). Workers are spawned (Mesa switches
multiprocessing to "spawn" anyway), so a job function must be importable at
module level and its arguments and results must pickle.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import IO, Any, TypeVar

from tqdm import tqdm

__all__ = ["iter_results", "run_many"]

J = TypeVar("J")
R = TypeVar("R")


def iter_results(fn: Callable[[J], R], jobs: Sequence[J], workers: int = 2, desc: str = "runs",
                 stream: IO[str] | None = None, labels: Iterable[str] | None = None
                 ) -> Iterator[tuple[int, R]]:
    """``(index, fn(job))`` for every job, as the jobs finish.

    Args:
        fn: a module-level function (it is sent to the workers).
        jobs: the jobs' arguments.
        workers: worker processes; 1 runs every job in this process.
        desc: the progress bar's label.
        stream: where the progress bar goes (default: stderr).
        labels: a short text per job, shown in the bar when it finishes.
    """
    names = list(labels) if labels is not None else None
    with tqdm(total=len(jobs), desc=desc, unit="run", file=stream, dynamic_ncols=True) as bar:
        def done(i: int) -> None:
            if names is not None:
                bar.set_postfix_str(names[i], refresh=False)
            bar.update()

        if workers <= 1 or len(jobs) <= 1:
            for i, job in enumerate(jobs):
                result = fn(job)
                done(i)
                yield i, result
            return
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context)
        try:
            pending = {pool.submit(fn, job): i for i, job in enumerate(jobs)}
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    i = pending.pop(future)
                    result = future.result()
                    done(i)
                    yield i, result
        finally:
            # A failed job (or a caller that stops reading) must not wait for the queued ones.
            pool.shutdown(wait=True, cancel_futures=True)


def run_many(fn: Callable[[J], R], jobs: Sequence[J], workers: int = 2, desc: str = "runs",
             stream: IO[str] | None = None) -> list[R]:
    """``[fn(job) for job in jobs]``, computed in ``workers`` processes, in job order."""
    results: list[Any] = [None] * len(jobs)
    for i, result in iter_results(fn, jobs, workers, desc, stream):
        results[i] = result
    return results
