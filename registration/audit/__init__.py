"""The audit log: who changed or exported what, when, told as a story per event."""
