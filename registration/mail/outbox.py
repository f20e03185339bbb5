"""E-mail to participants, through the outbox.

``queue_*`` add a message to the session; it is committed with the change that caused it
(or rolled back with it). Nothing here talks to SMTP: the worker (delivery.py) does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from jinja2 import Template
from sqlalchemy import select

from ..checkin import joinlinks
from ..core.extensions import db
from ..core.links import external_url
from ..core.types import utcnow
from ..models import Event, EventSession, EventStatus, OutboxMessage, Registration
from ..registrations.models import RegistrationSession, RegistrationStatus
from ..registrations.rules import has_ticket
from . import mime, preferences
from .calendar import SessionFacts
from .churn import CHURN_KINDS, log_capped, over_churn_cap
from .models import OPT_OUT_GROUPS, MessageKind, OutboxStatus

SUBJECTS = {
    "confirmation": "Påmeldt: {title}",
    "waitlisted": "Venteliste: {title}",
    "promoted": "Du har fått plass: {title}",
    "cancelled": "Avmeldt: {title}",
    "changed": "Endret: {title}",
    "event_cancelled": "Avlyst: {title}",
    "reminder": "Påminnelse: {title}",
    "organiser": "{subject}",
    "evaluation": "Hva syntes du? Evaluering av {title}",
    "evaluation_reminder": "Påminnelse: evaluering av {title}",
    "lookup": "Lenkene til påmeldingene dine",
    "course_completed": "Kursbevis: {title}",
    "instructors": "{subject}",
    "invitation": "Invitasjon: {title}",
    "network_message": "{subject}",
    "mode_changed": "Endret deltakelse: {title}",
    "group": "Gruppepåmelding: {subject}",
    "group_replaced": "Plassen din er gitt til en annen: {subject}",
}
# Subjects for registrations made in English (Registration.language == 'en').
SUBJECTS_EN = {
    "confirmation": "Registered: {title}",
    "waitlisted": "Waiting list: {title}",
    "promoted": "You have a seat: {title}",
    "cancelled": "Cancelled: {title}",
    "changed": "Changed: {title}",
    "event_cancelled": "Event cancelled: {title}",
    "reminder": "Reminder: {title}",
    "organiser": "{subject}",
    "evaluation": "What did you think? Evaluation of {title}",
    "evaluation_reminder": "Reminder: evaluation of {title}",
    "lookup": "The links to your registrations",
    "course_completed": "Course certificate: {title}",
    "instructors": "{subject}",
    "invitation": "Invitation: {title}",
    "network_message": "{subject}",
    "mode_changed": "Changed participation: {title}",
    "group": "Group registration: {subject}",
    "group_replaced": "Your seat has been given to someone else: {subject}",
}


def language_of(registration: Registration) -> str:
    return "en" if registration.language == "en" else "nb"


def _templates(kind: str, language: str, ext: str) -> list[str | Template]:
    """The English twin of a kind's template when the registration is in English, else the
    bokmål one (which may itself use gettext, and then follows force_locale)."""
    own = f"mail/messages/{kind}.{ext}"
    return [f"mail/messages/en/{kind}.{ext}", own] if language == "en" else [own]


# Kinds that carry the QR ticket (for a seat in the room).
TICKET_KINDS = (MessageKind.CONFIRMATION, MessageKind.PROMOTED, MessageKind.MODE_CHANGED)
# Kinds sent to an address, not about one registration (queue_to_address).
TO_ADDRESS = frozenset({MessageKind.LOOKUP, MessageKind.INSTRUCTORS, MessageKind.INVITATION,
                        MessageKind.NETWORK_MESSAGE, MessageKind.GROUP,
                        MessageKind.GROUP_REPLACED})
# Reminders carry no invite: the entry is already in the calendar, and a REQUEST again with
# the same SEQUENCE makes Outlook show a new meeting request to answer.
INVITE_METHOD = {"confirmation": "REQUEST", "promoted": "REQUEST", "changed": "REQUEST",
                 "mode_changed": "REQUEST", "cancelled": "CANCEL", "event_cancelled": "CANCEL"}


def _one_line(text: str, limit: int = 250) -> str:
    """Header values: no line breaks or control characters, ever (header injection)."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()[:limit]


@dataclass(frozen=True)
class Addressee:
    """What a registration's message rows are made of (a Registration has all of it; the
    registration rush passes it without loading one)."""

    id: int
    event_id: int
    email: str
    name: str
    confirmed: bool
    language: str
    title: str
    session_ids: tuple[int, ...]  # in order of start

    @classmethod
    def of(cls, registration: Registration) -> Addressee:
        sessions = sorted(registration.event.sessions, key=lambda s: s.starts_at)
        return cls(registration.id, registration.event_id, registration.email,
                   registration.name, registration.status == RegistrationStatus.CONFIRMED,
                   language_of(registration), registration.event.title,
                   tuple(s.id for s in sessions))


def message_rows(kind: MessageKind, to: Addressee, *, position: int | None = None,
                 extra: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The outbox rows of one message: one e-mail per session when it carries an invite
    (one UID per iTIP message): the first carries the text, the others the invite of one
    more session each. ``extra`` may name the sessions whose invite is due
    (``invite_sessions``: ids; default all) and the removed sessions to cancel
    (``removed_sessions``: SessionFacts)."""
    extra = dict(extra or {})
    only: list[int] | None = extra.pop("invite_sessions", None)
    removed: list[SessionFacts] = extra.pop("removed_sessions", None) or []
    method = INVITE_METHOD.get(kind) if to.confirmed or kind == MessageKind.CANCELLED \
        else None
    invites: list[tuple[dict, str]] = []
    if method:
        invites = [({"id": s}, method) for s in to.session_ids
                   if (only is None and not removed) or (only is not None and s in only)]
        invites += [({"facts": f.to_json()}, "CANCEL") for f in removed]
    english = to.language == "en"
    subject = _one_line((SUBJECTS_EN if english else SUBJECTS)[kind].format(
        title=to.title, subject=extra.get("subject", "")))
    part_label = "calendar, session {part} of {parts}" if english \
        else "kalender, økt {part} av {parts}"
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for part, (session, part_method) in enumerate(invites or [({}, "")], start=1):
        details = {"position": position, **extra}
        if session:
            details.update(invite_session=session, invite_parts=len(invites))
        rows.append({
            "event_id": to.event_id, "registration_id": to.id, "kind": kind,
            "to_address": to.email, "to_name": _one_line(to.name, 120),
            "subject": subject if part == 1 else _one_line(
                f"{subject} – " + part_label.format(part=part, parts=len(invites))),
            "details": details, "ics_method": part_method or None,
            "invite_part": part if session else None, "created_at": now,
            "next_attempt_at": now, "status": OutboxStatus.PENDING, "attempts": 0})
    return rows


def queue(kind: MessageKind, registration: Registration, *, position: int | None = None,
          extra: dict[str, Any] | None = None) -> OutboxMessage | None:
    """Add the message to the session: committed with the change that caused it.

    Confirmations, waiting-list and cancellation messages beyond MAIL_CHURN_LIMIT to one
    address in an hour are dropped with a log line (None is returned): the participant's
    personal page always shows the current state, so nothing is lost but the e-mail. A bulk
    kind the registration opted out of (List-Unsubscribe) is not queued either. The rows
    are message_rows()'."""
    if kind in CHURN_KINDS and over_churn_cap(registration.email):
        log_capped(kind, registration.id)
        return None
    if preferences.opted_out(registration, kind):
        return None
    messages = [OutboxMessage(**row) for row in
                message_rows(kind, Addressee.of(registration), position=position, extra=extra)]
    db.session.add_all(messages)
    return messages[0]


def invite_session(message: OutboxMessage) -> SessionFacts | None:
    """The session whose invite this message carries, as it is now (None: no invite, or
    the session is gone since; a later «Endret» message cancels it)."""
    found = (message.details or {}).get("invite_session")
    if not found:
        return None
    if "facts" in found:
        return SessionFacts.from_json(found["facts"])
    session = db.session.get(EventSession, found["id"])
    return SessionFacts.of(session) if session is not None else None


def _sessions_of(registration: Registration) -> list[EventSession]:
    """The sessions the e-mail tells about: all of them, or where people choose sessions,
    the chosen ones that are not dropped."""
    event = registration.event
    if not event.chooses_sessions:
        return list(event.sessions)
    chosen = set(db.session.scalars(select(RegistrationSession.session_id).where(
        RegistrationSession.registration_id == registration.id,
        RegistrationSession.status != RegistrationStatus.CANCELLED)))
    return [s for s in event.sessions if s.id in chosen]


def _waiting_sessions(registration: Registration) -> set[int]:
    """Where people choose sessions: the chosen sessions only waited for (marked so)."""
    if not registration.event.chooses_sessions:
        return set()
    return set(db.session.scalars(select(RegistrationSession.session_id).where(
        RegistrationSession.registration_id == registration.id,
        RegistrationSession.status == RegistrationStatus.WAITLISTED)))


def _join_urls(registration: Registration) -> Callable[[EventSession], str]:
    """session → its join link (the join token, never the personal one)."""
    tokens = joinlinks.tokens_for(registration)

    def url(session: EventSession) -> str:
        token = tokens.get(session.id)
        return external_url("checkin.join", token=token) if token else ""
    return url


def render(message: OutboxMessage, registration: Registration) -> None:
    """Fill in the text and HTML bodies (the worker does this when it sends). An invite's
    further parts (one per session) get the short «_invite_part» text."""
    details = message.details or {}
    with_ticket = (message.kind in TICKET_KINDS
                   and (message.invite_part or 1) == 1
                   and has_ticket(registration) and bool(registration.ticket_code))
    context = {
        "registration": registration, "event": registration.event,
        "position": details.get("position"),
        "personal_url": external_url("registrations.personal_page", token=registration.token),
        "centre": current_app.config["CENTRE_NAME"],
        "centre_email": current_app.config["CENTRE_EMAIL"],
        "join_url": _join_urls(registration),
        "sessions": _sessions_of(registration),
        "waiting_sessions": _waiting_sessions(registration),
        "with_ticket": with_ticket,
        "ticket_cid": mime.ticket_content_id(message.message_id or mime.new_message_id()),
        "ticket_url": external_url("checkin.ticket", token=registration.token)
        if with_ticket else "",
        "unsubscribe_url": preferences.unsubscribe_url(registration, message.kind),
        "unsubscribe_label": preferences.GROUP_LABELS.get(
            OPT_OUT_GROUPS.get(message.kind, ""), ""),
        "invite_part": message.invite_part, "invite_method": message.ics_method,
        **details,
        "invite_session": invite_session(message),  # the session, not the stored reference
    }
    if message.kind in (MessageKind.EVALUATION, MessageKind.EVALUATION_REMINDER):
        context["closes_at"] = _answer_deadline(details)
    if details.get("reminder_session") is not None:  # one session's reminder: that session
        context["sessions"] = [s for s in context["sessions"]
                               if s.id == details["reminder_session"]]
    template = message.kind if (message.invite_part or 1) == 1 else "_invite_part"
    # In the registration's language: texts, dates and month names.
    language = language_of(registration)
    with force_locale(language):
        message.text_body = render_template(_templates(template, language, "txt"), **context)
        if context["unsubscribe_url"]:  # every bulk kind, also those added later
            message.text_body = f"{message.text_body.rstrip()}\n\n-- \n" + _(
                "Vil du ikke ha %(what)s for dette arrangementet? Slutt å sende meg slike "
                "e-poster (påmeldingen gjelder fortsatt): %(url)s",
                what=context["unsubscribe_label"], url=context["unsubscribe_url"]) + "\n"
        message.html_body = render_template(_templates(template, language, "html"), **context)


def preview(message: OutboxMessage) -> OutboxMessage:
    """An unsent message as it would be sent now: a copy, never added to the session, with
    the bodies and invite rendered as the worker would render them (the row itself stays
    unrendered, so what is finally sent is still rendered at sending time)."""
    from . import calendar

    copy = OutboxMessage(kind=message.kind, to_address=message.to_address,
                         to_name=message.to_name, subject=message.subject,
                         details=message.details, ics_method=message.ics_method,
                         invite_part=message.invite_part, message_id=message.message_id,
                         registration_id=message.registration_id, event_id=message.event_id)
    registration = (db.session.get(Registration, message.registration_id)
                    if message.registration_id else None)
    if registration is not None:
        render(copy, registration)
        session = invite_session(copy) if copy.ics_method else None
        if session is not None:
            copy.ics = calendar.session_invite(registration, session,
                                               cancel=copy.ics_method == "CANCEL")
        if message.kind in TICKET_KINDS and (message.invite_part or 1) == 1 \
                and has_ticket(registration) and registration.ticket_code:
            from ..checkin import tickets
            copy.qr_png = tickets.ticket_png(registration.ticket_code)
    elif message.kind in TO_ADDRESS:
        render_to_address(copy)
    return copy


def _answer_deadline(details: dict[str, Any]) -> datetime | None:
    """The evaluation's deadline as it is when the mail is rendered (the organiser may have
    moved it since the mail was queued), and never one already past."""
    from ..evaluations.invitations import closes_at
    from ..evaluations.models import EvaluationForm

    form = db.session.get(EvaluationForm, details["form_id"]) if details.get("form_id") \
        else None
    if form is not None:
        deadline = closes_at(form)
    elif details.get("closes_at"):  # rows queued before form_id was stored: text
        deadline = datetime.fromisoformat(details["closes_at"])
    else:
        deadline = None
    return deadline if deadline is not None and deadline > utcnow() else None


def queue_to_address(kind: MessageKind, email: str, name: str = "", *,
                     extra: dict[str, Any] | None = None) -> OutboxMessage:
    """A message to an address rather than about one registration (e.g. «Finn påmeldingen
    min»); ``extra`` goes to the templates. Committed with the caller's transaction."""
    subjects = SUBJECTS_EN if (extra or {}).get("language") == "en" else SUBJECTS
    message = OutboxMessage(
        event_id=None, registration_id=None, kind=kind,
        to_address=_one_line(email, 254), to_name=_one_line(name, 120),
        subject=_one_line(subjects[kind].format(title=(extra or {}).get("title", ""),
                                                subject=(extra or {}).get("subject", ""))),
        details=dict(extra or {}),
    )
    db.session.add(message)
    return message


def _still_upcoming(registration: Registration, now: datetime) -> bool:
    event = registration.event
    return (registration.status != RegistrationStatus.CANCELLED
            and registration.anonymised_at is None and bool(registration.token)
            and event.status == EventStatus.PUBLISHED
            and (event.ends_at is None or event.ends_at > now))


def render_to_address(message: OutboxMessage) -> None:
    """Fill in the bodies of a message to an address. For a lookup: the personal links of
    the registrations named in the row, as they are when it is sent (one cancelled since
    is left out), soonest first."""
    details = message.details or {}
    language = "en" if details.get("language") == "en" else "nb"
    if message.kind == MessageKind.INSTRUCTORS:  # the organiser's words, as written
        _render_plain(message, {"name": message.to_name, "subject": details.get("subject", ""),
                                "body": details.get("body", "")}, language)
        return
    ids = [i for i in details.get("registration_ids", []) if isinstance(i, int)]
    now = utcnow()
    found = db.session.scalars(
        select(Registration).join(Event).where(Registration.id.in_(ids))).all() if ids else []
    upcoming = sorted((r for r in found if _still_upcoming(r, now)),
                      key=lambda r: (r.event.starts_at or now, r.id))
    items = [{
        "title": r.event.title,
        "starts_at": r.event.starts_at,
        "ends_at": r.event.ends_at,
        "status": r.status,
        "mode": r.mode,
        "url": external_url("registrations.personal_page", token=r.token),
    } for r in upcoming]
    context = {
        "name": message.to_name,
        "items": items,
        "lookup_url": external_url("registrations.lookup"),
        "centre": current_app.config["CENTRE_NAME"],
        "centre_email": current_app.config["CENTRE_EMAIL"],
        "title": message.subject,
        **{k: v for k, v in details.items() if k != "registration_ids"},
        "details": details,  # what the queueing action put there (groups: the page's link)
    }
    if details.get("when"):  # an invitation's start, stored as text in the outbox row
        context["when_dt"] = datetime.fromisoformat(details["when"])
    with force_locale(language):
        message.text_body = render_template(
            _templates(message.kind, language, "txt"), **context)
        message.html_body = render_template(
            _templates(message.kind, language, "html"), **context)


def _render_plain(message: OutboxMessage, context: dict[str, Any], language: str = "nb") -> None:
    context = {"centre": current_app.config["CENTRE_NAME"],
               "centre_email": current_app.config["CENTRE_EMAIL"],
               "title": message.subject, **context}
    with force_locale(language):
        message.text_body = render_template(
            _templates(message.kind, language, "txt"), **context)
        message.html_body = render_template(
            _templates(message.kind, language, "html"), **context)
