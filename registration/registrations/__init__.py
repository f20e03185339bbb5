"""Registrations: the form, seats and the waiting list, the personal page, participant lists."""
