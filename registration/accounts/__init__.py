"""Organiser accounts: sign-in, passwords, API tokens, users, and who may do what."""
