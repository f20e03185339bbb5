"""The yearly report to Helsedirektoratet, its publishable version, and the kommune page."""
