"""Mosquito biology: pure rules and the engines that apply them."""

from sim.vector.arrays import ArrayMosquitoes, MosquitoState
from sim.vector.hosts import BiteResult, HostView

__all__ = ["ArrayMosquitoes", "BiteResult", "HostView", "MosquitoState"]
