"""Attendance: the check-in screens at the door, tickets, digital join links, marking by hand."""
