"""Analysis of vcsim run and multirun folders: tables, statistics, figures, reports.

Every tool here is a program (``python -m analysis.<tool>``); a bad value of one of
vcsim's environment switches (:mod:`sim.environment`) stops it before it starts.
"""

from sim.environment import exit_on_bad_environment

exit_on_bad_environment()
