"""Events: the public catalogue and calendar feeds, and the organiser's workspace."""
