"""Many runs of the model in parallel worker processes, with one progress bar.

The one place that starts worker processes for the analysis tools (planner,
validation, calibration, counterfactual). Workers are spawned (Mesa switches
multiprocessing to "spawn" anyway), so a job function must be importable at
module level and its arguments and results must pickle.

Before any run, the tools that start many (the planner, the main job) check where the
outputs go (:func:`prepare_out_dir`) and how long the work takes
(:func:`sim.estimate_batch.estimate`); they refuse with :class:`Refusal` (one line) before
anything is written or run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path
from typing import IO, Any, TypeVar

from tqdm import tqdm

__all__ = ["Refusal", "iter_results", "prepare_out_dir", "run_many"]

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


class Refusal(ValueError):
    """Work refused before it starts (nothing written, nothing run); ``str()`` is one line."""


def prepare_out_dir(out: str | os.PathLike[str], flag: str = "--out") -> Path:
    """Create the output folder ``out`` (with its parents) and check that it takes files.

    A folder of a finished ``sim.run`` run (``summary.json``), or a folder inside one, is
    refused: tools that read run folders never write into them. If the folder cannot be
    made or written, the folders this call made are removed again.

    Raises:
        Refusal: ``<flag>=<out>: <reason>``.
    """
    path = Path(out)
    for folder in (path.absolute(), *path.absolute().parents):
        if (folder / "summary.json").is_file():
            where = "" if folder == path.absolute() else f"inside {folder}, "
            raise Refusal(f"{flag}={out}: {where}the folder of a finished run (summary.json); tools that "
                          "read run folders never write into them: choose another folder")
    missing, parent = [], path.absolute()
    while not os.path.lexists(parent) and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    made: list[Path] = []
    try:
        for folder in reversed(missing):
            folder.mkdir()
            made.append(folder)
        if not path.is_dir():
            raise NotADirectoryError(20, "exists and is not a folder")
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write_test_"):
            pass
    except OSError as exc:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise Refusal(f"{flag}={out}: cannot create the output folder ({exc.strerror or exc})") from None
    return path
