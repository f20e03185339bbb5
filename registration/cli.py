"""Flask CLI commands: flask --app wsgi seed-demo."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import func, select

from .extensions import db
from .models import Event


def register_commands(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Only seed when there are no events yet.")
    def seed_demo(if_empty: bool) -> None:
        """Fill the database with demo events and participants."""
        from .demo import seed

        if if_empty and (db.session.scalar(select(func.count(Event.id))) or 0) > 0:
            click.echo("Databasen har allerede arrangementer; hopper over demodata.")
            return
        count = seed()
        click.echo(f"Demodata lagt inn: {count} arrangementer.")
