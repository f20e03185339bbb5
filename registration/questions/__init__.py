"""The event's own questions on the registration form (the ABC group, the KlinObs level…)."""
