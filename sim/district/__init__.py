"""A district: many villages on one map, residents moving between them, one command.

:mod:`~sim.district.place` draws the map, :mod:`~sim.district.villages` derives each
village's run, :mod:`~sim.district.mobility` moves infections between villages,
:mod:`~sim.district.command` allocates the echelon and the trigger,
:mod:`~sim.district.model` steps them, :mod:`~sim.district.outputs` writes the totals.
"""
