"""The mail cap against floods: confirmation, waiting-list and cancellation e-mails to one
address are capped per hour (MAIL_CHURN_LIMIT), so a register/cancel loop cannot be used to
flood a mailbox. outbox.queue() and the express lane (registrations/express.py) ask here."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, func, or_, select

from ..core.driver import Runner
from ..core.extensions import db
from ..core.types import utcnow
from .models import MessageKind, OutboxMessage

# Registration churn: what a register/cancel loop sends. Capped per recipient address and
# hour (MAIL_CHURN_LIMIT), so the app cannot be used to flood a mailbox. Other kinds (a seat
# from the waiting list, the organiser's messages, reminders, evaluations) are never capped.
CHURN_KINDS = (MessageKind.CONFIRMATION, MessageKind.WAITLISTED, MessageKind.CANCELLED)


# Built once: the registration rush runs it on every confirmation (registrations/express.py).
CHURN_COUNT = select(func.count(OutboxMessage.id)).where(
    func.lower(OutboxMessage.to_address) == bindparam("address"),
    OutboxMessage.created_at >= bindparam("since", type_=OutboxMessage.created_at.type),
    # (each kind its own comparison: an IN list would be a bind expanded per execution)
    or_(*(OutboxMessage.kind == kind for kind in CHURN_KINDS)),
    # an invite in several e-mails (one per session) counts once
    or_(OutboxMessage.invite_part.is_(None), OutboxMessage.invite_part == 1))


def over_churn_cap(address: str, connection: Runner | None = None) -> bool:
    """Whether this address already got MAIL_CHURN_LIMIT churn messages in the last hour.
    A count in the caller's transaction: two registrations for the same address committing
    in the same instant can each see the other as not yet there, so the cap may be
    overshot by a message or two under concurrency. That is accepted: the cap is against
    floods, not a ledger."""
    cap = int(current_app.config.get("MAIL_CHURN_LIMIT") or 0)
    if cap <= 0:
        return False
    run = connection.execute if connection is not None else db.session.execute
    sent = run(CHURN_COUNT, {"address": address.strip().lower(),
                                            "since": utcnow() - timedelta(hours=1)}).scalar()
    return (sent or 0) >= cap


def log_capped(kind: str, registration_id: int | None) -> None:
    current_app.logger.warning(
        "Mail cap: %s e-mail for registration %s dropped (more than %s to this address "
        "in the last hour)", kind, registration_id, current_app.config["MAIL_CHURN_LIMIT"])
