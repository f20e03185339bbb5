"""The committed migrations build the schema on SQLite and PostgreSQL and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from registration.extensions import db
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
