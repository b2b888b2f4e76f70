"""The trainer page frees the models it replaces: Reset after Reset, memory stays flat.

The page is rendered in this process (:func:`benchmarks.app_resets.page_session`, as the
server does for one browser session) and Mesa's own Reset button is clicked. The checks
count objects after a full garbage collection, never the resident set (which is noisy);
``python -m benchmarks.app_resets`` prints the resident set over 200 Resets.
"""

from __future__ import annotations

import copyreg
import gc
import logging
import weakref

import pytest
from mesa.agent import Agent

from analysis import app_render
from analysis.app import AppModel, release_app_model
from benchmarks.app_resets import page_session

#: Page models made before a test (by other tests in the same worker process): not counted.
_EARLIER: weakref.WeakSet[AppModel] = weakref.WeakSet()


def _forget_earlier_models() -> None:
    gc.collect()
    _EARLIER.update(obj for obj in gc.get_objects() if isinstance(obj, AppModel))


def _shown() -> AppModel:
    """The model the page shows now (the one not released)."""
    gc.collect()
    held = [obj for obj in gc.get_objects()
            if isinstance(obj, AppModel) and not obj.released and obj not in _EARLIER]
    assert len(held) == 1, f"{len(held)} models hold a simulation"
    return held[0]


def _registered() -> list[AppModel]:
    return [m for m in list(Agent._ids) if isinstance(m, AppModel) and m not in _EARLIER]


def _counts() -> tuple[int, int, int]:
    """Live page models, live Mesa agents and pickling rules (Mesa registers one per grid)
    after a full garbage collection."""
    gc.collect()
    objects = gc.get_objects()
    return (sum(1 for obj in objects if isinstance(obj, AppModel)),
            sum(1 for obj in objects if isinstance(obj, Agent)), len(copyreg.dispatch_table))


@pytest.fixture
def quiet_renderer():
    """Solara's renderer logs every render at INFO, with the page's state in the records'
    arguments; when an earlier test in the worker set the root logger to INFO (Hydra does),
    pytest's log capture keeps those records, and with them every model, until the test ends."""
    loggers = [logging.getLogger(name) for name in ("reacton", "solara")]
    levels = [log.level for log in loggers]
    for log in loggers:
        log.setLevel(logging.WARNING)
    yield
    for log, level in zip(loggers, levels, strict=True):
        log.setLevel(level)


@pytest.mark.slow
def test_resets_free_the_replaced_models_and_their_figures(quiet_renderer):
    _forget_earlier_models()
    with page_session() as reset:
        for _ in range(5):  # warm-up: caches, first-render state
            reset()
        before = _counts()
        replaced = []
        for _ in range(15):  # a leak of one model (or agent set) a Reset shows 15 times over
            replaced.append(weakref.ref(_shown()))
            reset()
        after = _counts()
        shown = _shown()
        assert [ref() for ref in replaced if ref() is not None] == []
        assert after == before, "(live page models, Mesa agents, pickling rules) grew with Resets"
        assert _registered() == [shown]  # Mesa's registry holds only the model on show
        assert set(app_render._FIGURES) <= {shown}
    assert _registered() == []  # closing the session released its last model too


def test_a_released_model_is_emptied_and_never_steps_again():
    model = AppModel(village="small", days=5)
    model.step()
    cell_class = model.grid.cell_klass
    release_app_model(model)
    assert model.released and not model.running and model not in Agent._ids
    assert set(vars(model)) == {"step_lock", "released", "running"}
    assert cell_class not in copyreg.dispatch_table  # nor Mesa's pickling rule for its grid
    model.step()  # a Play tick that arrives after the Reset does nothing
    assert not model.running
