"""The sending budget shared by all workers: at most MAIL_MAX_PER_MINUTE claims per minute.

One row per clock minute in ``mail_send_window``. A worker locks this minute's row, sees
what is left, claims at most that many outbox rows and adds them to the count, all in the
claiming transaction (on SQLite the whole transaction is BEGIN IMMEDIATE; on PostgreSQL the
row lock makes the second worker wait for the first's commit). So two, or ten, worker
processes together stay under the limit, and the limit follows the injectable clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..core.extensions import db
from .models import MailSendWindow

UNLIMITED = 10**9


def per_minute() -> int:
    """0 or less: no limit (for a relay that paces by itself)."""
    value = int(current_app.config.get("MAIL_MAX_PER_MINUTE") or 0)
    return value if value > 0 else UNLIMITED


def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def _window(now: datetime) -> MailSendWindow:
    minute = _minute(now)
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(insert(MailSendWindow).values(minute=minute, claimed=0)
                       .on_conflict_do_nothing(index_elements=["minute"]))
    query = select(MailSendWindow).where(MailSendWindow.minute == minute)
    if dialect == "postgresql":
        query = query.with_for_update()
    window = db.session.scalars(query.execution_options(populate_existing=True)).one()
    return window


def reserve_up_to(wanted: int, now: datetime) -> int:
    """How many may be claimed now (locks this minute's window until commit)."""
    limit = per_minute()
    if limit >= UNLIMITED:
        return wanted
    window = _window(now)
    # Windows older than an hour are of no use: dropped as we go.
    db.session.execute(delete(MailSendWindow).where(
        MailSendWindow.minute < _minute(now) - timedelta(hours=1)))
    return max(0, min(wanted, limit - window.claimed))


def spend(count: int, now: datetime) -> None:
    if per_minute() >= UNLIMITED or count <= 0:
        return
    window = _window(now)
    window.claimed += count
