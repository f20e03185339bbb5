"""Flask CLI commands: flask --app wsgi seed-demo."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import func, select

from .core.extensions import db
from .models import Event


def register_commands(app: Flask) -> None:
    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Send what is due now, then stop.")
    def worker(once: bool) -> None:
        """Send the outbox (retries with growing delays; several may run on PostgreSQL), and
        queue the reminders and the evaluation invitations when they are due."""
        from .mail.delivery import smtp_configured
        from .worker import one_round, run_forever

        if not smtp_configured():
            click.echo("MAIL_SERVER er ikke satt: e-post blir liggende i utboksen.")
        if once:
            click.echo(f"Sendt: {one_round(limit=1000)}")
            return
        click.echo("Sender e-post fra utboksen (Ctrl+C for å stoppe) …")
        run_forever(app)

    @app.cli.command("create-user")
    @click.option("--email", required=True)
    @click.option("--role", type=click.Choice(["admin", "arrangor", "vert"]), required=True)
    @click.option("--name", default="")
    @click.option("--password", help="For scripts; prompted when left out.")
    @click.option("--own-password", is_flag=True,
                  help="The password is the account holder's own (the first admin creating "
                       "their own account): no change is asked for at first sign-in.")
    def create_user(email: str, role: str, name: str, password: str | None,
                    own_password: bool) -> None:
        """Create an organiser account (admin, arrangor or vert). The password is a start
        password, to be changed at first sign-in, unless --own-password."""
        from .accounts import operations as auth

        if password is None:
            password = click.prompt("Passord", hide_input=True, confirmation_prompt=True)
        try:
            user = auth.create_user(email, role, password, name,
                                    must_change_password=not own_password)
        except auth.AccountError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Bruker opprettet: {user.email} ({user.role})"
                   + ("" if own_password else "; startpassordet må byttes ved første innlogging"))

    @app.cli.command("create-token")
    @click.option("--email", required=True)
    @click.option("--name", default="cli")
    @click.option("--scope", type=click.Choice(["checkin", "export", "read"]), default="read",
                  show_default=True, help="What the token may do in the API.")
    @click.option("--days", type=click.Choice(["1", "7", "30", "90", "365"]), default="30",
                  show_default=True, help="How long the token is valid.")
    def create_token(email: str, name: str, scope: str, days: str) -> None:
        """Create a bearer token for an account; printed once, only its hash is stored."""
        from .accounts import operations as auth
        from .models import User

        user = db.session.scalar(select(User).where(User.email == auth.normalize(email)))
        if user is None:
            raise click.ClickException(f"fant ingen bruker med e-post {email}")
        click.echo(auth.create_token(user, name, scope, int(days)))

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Only seed when there are no events yet.")
    def seed_demo(if_empty: bool) -> None:
        """Fill the database with demo events and participants (never in production)."""
        from .demo import seed

        if app.config.get("APP_ENV") == "production":
            raise click.ClickException(
                "seed-demo er sperret i produksjon (APP_ENV=production): demodataene har en "
                "offentlig kjent innlogging. seed-demo is refused in production.")

        if if_empty and (db.session.scalar(select(func.count(Event.id))) or 0) > 0:
            click.echo("Databasen har allerede arrangementer; hopper over demodata.")
            return
        count = seed()
        click.echo(f"Demodata lagt inn: {count} arrangementer.")
        print_demo_logins()

    @app.cli.command("demo-logins")
    def demo_logins() -> None:
        """Print the demo sign-ins (make run shows them at every start)."""
        print_demo_logins()


def print_demo_logins() -> None:
    from .demo import DEMO_LOGINS

    click.echo("Demo-innlogginger på /arrangor/logg-inn:")
    for role, email, password in DEMO_LOGINS:
        click.echo(f"  {role:<14} {email} / {password}")
