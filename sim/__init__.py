"""vcsim: agent-based simulation of mosquito vector-control campaigns."""

from sim.allocator import keep_freed_memory
from sim.mesa_core import use_mesa_core

use_mesa_core()  # before anything in the package imports Mesa (see sim.mesa_core)
keep_freed_memory()  # large daily temporaries reuse freed memory (see sim.allocator)
