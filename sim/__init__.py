"""vcsim: agent-based simulation of mosquito vector-control campaigns."""
