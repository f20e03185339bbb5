"""Sending at the pace mail services accept: MAIL_MAX_PER_MINUTE across all workers.

Two workers, each with its own database connections (as two processes would have: the
budget is a row in the database, nothing in memory), share one budget. Time is the
injectable clock, moved by 10 s whenever both workers find nothing more they may send.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.mail import outbox
from registration.mail.delivery import deliver_due
from registration.mail.models import MessageKind
from registration.models import OutboxMessage
from tests.conftest import Clock
from tests.test_mail import mail_app
from tests.test_mail_wire import smtp  # noqa: F401  (fixture)


def _run(app, clock: Clock, total: int) -> tuple[datetime, datetime]:
    with app.app_context():
        for i in range(total):
            outbox.queue_to_address(MessageKind.LOOKUP, f"deltaker.{i}@kommune.no", f"D {i}")
        db.session.commit()
    start = clock.now
    done = threading.Event()
    errors: list[BaseException] = []

    def advance() -> None:  # both workers idle: time passes
        with app.app_context():
            sent = db.session.scalar(select(func.count(OutboxMessage.id)).where(
                OutboxMessage.status == "sent"))
            db.session.remove()
        if sent >= total or clock.now - start > timedelta(minutes=30):
            done.set()
        else:
            clock.advance(seconds=10)

    idle = threading.Barrier(2, action=advance, timeout=120)

    def worker() -> None:
        try:
            with app.app_context():
                while not done.is_set():
                    if deliver_due(limit=25) == 0:
                        db.session.remove()
                        idle.wait()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001  (reported by the test)
            errors.append(error)
            idle.abort()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(300)
    assert not errors, errors
    return start, clock.now


@pytest.mark.parametrize("per_minute", [60])
def test_300_messages_at_60_a_minute_take_five_minutes_across_two_workers(
        per_minute, database_url, tmp_path, smtp):  # noqa: F811
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port, MAIL_MAX_PER_MINUTE=per_minute)
    clock = Clock(datetime.now(UTC).replace(second=0, microsecond=0))
    app.config["CLOCK"] = clock
    start, end = _run(app, clock, 300)
    messages = inbox.wait_for(300)
    recipients = [str(m["To"]) for m in messages]
    assert len(recipients) == 300 and len(set(recipients)) == 300  # none doubled, none lost
    elapsed = (end - start).total_seconds() / 60
    # 300 / 60: five clock minutes, the last batch at the start of the fifth
    assert 4 <= elapsed < 5, elapsed
    with app.app_context():
        sent_at = db.session.scalars(select(OutboxMessage.sent_at)).all()
        per_clock_minute = Counter(t.replace(second=0, microsecond=0) for t in sent_at)
        assert max(per_clock_minute.values()) <= per_minute
        assert len(per_clock_minute) == 5


def test_control_without_a_limit_the_same_mail_goes_in_the_first_minute(
        database_url, tmp_path, smtp):  # noqa: F811
    """The control: the test above would see it if the budget were not held."""
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port, MAIL_MAX_PER_MINUTE=0)
    clock = Clock()
    app.config["CLOCK"] = clock
    start, end = _run(app, clock, 120)
    assert len(inbox.wait_for(120)) == 120
    assert (end - start).total_seconds() <= 60
