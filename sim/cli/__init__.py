"""The command-line edge: the only part of ``sim`` that sees Hydra."""
