"""Import Mesa's core (model, agents, discrete space) without its optional extras.

Mesa 3.3's package ``__init__`` imports every part of Mesa eagerly, including
``batch_run`` (pandas), ``DataCollector`` (pandas), the continuous space
(scipy.spatial) and the network space (networkx): about 1.2 s of a 2-core
machine's start-up, which a headless run never uses. :func:`use_mesa_core`
registers the ``mesa`` package without running that ``__init__``, so
``import mesa.model`` and ``import mesa.discrete_space`` load only what they
need. The first time anything reads an attribute the package itself defines
(``mesa.batch_run``, ``mesa.__version__``, ...), Mesa's own ``__init__`` runs
once and everything behaves as after a plain ``import mesa``.

The same idea as scientific Python's lazy loading (SPEC 1), applied from
outside because Mesa does not do it itself. Code in ``sim`` therefore imports
from submodules (``from mesa.model import Model``), never from ``mesa``.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

__all__ = ["is_complete", "use_mesa_core"]


def use_mesa_core() -> None:
    """Register ``mesa`` as a package whose ``__init__`` runs on first attribute use (idempotent)."""
    if "mesa" in sys.modules:
        return
    spec = importlib.util.find_spec("mesa")
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return  # not installed as a regular package: a plain import will report it
    package = importlib.util.module_from_spec(spec)

    def complete(name: str) -> object:
        """Run Mesa's own ``__init__`` once, then answer as a fully imported ``mesa`` would."""
        vars(package).pop("__getattr__", None)
        spec.loader.exec_module(package)
        return getattr(package, name)

    package.__getattr__ = complete  # type: ignore[method-assign]
    sys.modules["mesa"] = package


def is_complete(package: ModuleType) -> bool:
    """Whether Mesa's own ``__init__`` has run in ``package`` (for tests)."""
    return "__getattr__" not in vars(package)
