"""The worker's round: what runs in the background, in order.

1. reminders before events (``events.reminders.queue_due_reminders``);
2. evaluation invitations after them (``evaluations.invitations.queue_due_invitations``);
3. course completion after courses on a track (``courses.operations.complete_due``: those
   who attended every session get their kursbevis by e-mail);
4. privacy: diet answers deleted after events, registrations anonymised and e-mails purged
   when their time is up (``privacy.retention.run_if_due``: once a minute);
5. delivery of what is due in the outbox (``mail.delivery.deliver_due``).

Each step is its own transaction, so a failure in one does not undo the others; each is
guarded in the database (conditional UPDATEs, SKIP LOCKED), so several workers may run.
``flask --app wsgi worker`` runs rounds until stopped (``--once``: one round); ``make run``
runs them in a thread of the app (MAIL_IN_PROCESS=1).
"""

from __future__ import annotations

import threading

from flask import Flask

from .core.extensions import db
from .core.types import utcnow
from .courses.operations import complete_due
from .evaluations.invitations import queue_due_invitations
from .events.reminders import queue_due_reminders
from .mail.delivery import deliver_due
from .privacy import retention


def one_round(limit: int = 20) -> int:
    """One round; returns how many e-mails were sent."""
    db.session.rollback()  # start from a clean session: nothing of an earlier round lingers
    queue_due_reminders(utcnow())
    queue_due_invitations(utcnow())
    complete_due(utcnow())
    retention.run_if_due(utcnow())
    return deliver_due(limit)


def run_forever(app: Flask, idle: float = 2.0, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    while not stop.is_set():
        with app.app_context():
            try:
                sent = one_round()
            except Exception:  # noqa: BLE001  (SMTP down: try again later)
                app.logger.exception("worker round failed")
                db.session.rollback()
                sent = 0
            finally:
                db.session.remove()
        if not sent:
            stop.wait(idle)


def start_in_process(app: Flask) -> threading.Thread:
    """make run: rounds in a thread of the app itself, so no second command is needed."""
    thread = threading.Thread(target=run_forever, args=(app,), daemon=True, name="worker")
    thread.start()
    return thread
