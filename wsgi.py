"""WSGI entry point: gunicorn wsgi:app, flask --app wsgi …"""

import gc

from registration import create_app

app = create_app()
# What is made at start (the app, its templates, SQLAlchemy's mappers) lives as long as the
# process: kept out of the collector's sight, so a full collection during a rush scans only
# what requests make, and the slowest answers wait less (bench/README: p99).
gc.freeze()
