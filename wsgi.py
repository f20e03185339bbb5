"""WSGI entry point: gunicorn wsgi:app, flask --app wsgi …"""

from registration import create_app

app = create_app()
