"""The committed migrations build the schema on SQLite and PostgreSQL and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from registration.core.extensions import db
from tests.conftest import make_app, require_postgres, reset_postgres_schema


def _check(database_url: str, tmp_path) -> None:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"event", "event_session", "seat_pool", "registration"} <= tables
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        db.engine.dispose()


def test_migrations_match_models_on_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path / 'm.sqlite3'}", tmp_path)


def test_migrations_match_models_on_postgresql(tmp_path):
    url = require_postgres()
    reset_postgres_schema(url)
    try:
        _check(url, tmp_path)
    finally:
        reset_postgres_schema(url)
        from tests import conftest
        conftest._pg_state.pop("schema_ready", None)


def test_upgrading_an_sqlite_database_with_data_keeps_every_registration(tmp_path):
    """Batch migrations recreate tables on SQLite; nothing may cascade away."""
    from sqlalchemy import func, select

    from registration.models import Registration

    app = make_app(f"sqlite:///{tmp_path / 'old.sqlite3'}", tmp_path)
    with app.app_context():
        upgrade(revision="0001")
        from sqlalchemy import text
        db.session.execute(text(
            "INSERT INTO event (id, title, kind, participation, status, has_waitlist, "
            "serves_food, created_at, topic, description) VALUES (1, 'Gammel', 'konferanse', "
            "'physical', 'published', 1, 0, '2026-01-01 00:00:00', '', '')"))
        db.session.execute(text(
            "INSERT INTO registration (id, event_id, token, status, mode, name, email, "
            "email_normalized, mobile, kommunenummer, workplace, role, privacy_accepted_at, "
            "created_at, updated_at) VALUES (1, 1, 't', 'confirmed', 'physical', 'Kari N', "
            "'k@x.no', 'k@x.no', '+4791234567', '5501', 'X', 'lege', '2026-01-01 00:00:00', "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
        db.session.commit()
        upgrade()
        assert db.session.scalar(select(func.count(Registration.id))) == 1
        db.engine.dispose()
