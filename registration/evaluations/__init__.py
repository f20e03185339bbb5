"""Evaluations: forms, invitations to those who attended, anonymous answers, results."""
