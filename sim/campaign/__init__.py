"""The vector-control campaign: strategies composed of trigger, workforce, targeting, actions."""
