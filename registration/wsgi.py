"""WSGI entry point inside the package, for an installed wheel: gunicorn registration.wsgi:app,
flask --app registration.wsgi … (the top-level wsgi.py does the same from a checkout)."""

from registration import create_app

app = create_app()
