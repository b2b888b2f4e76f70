"""Aedes mosquitoes: pure rule functions and two engines (arrays, agents) behind one interface."""

from sim.vector.engine import MosquitoEngine, MosquitoState, make_engine

__all__ = ["MosquitoEngine", "MosquitoState", "make_engine"]
