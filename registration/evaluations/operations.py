"""Evaluations (evaluering): one form per event, invitations to the people who came, answers
that are anonymous by default, results and comparisons across events.

How anonymity holds: an invitation records *that* its person answered (a flag, no time),
a response records *what* was answered under a random key, with no registration and no
time. The flag is set and committed in its own transaction before the response is written,
so not even PostgreSQL's transaction ids tie the two rows together.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.links import external_url
from ..mail import outbox
from ..mail.models import MessageKind
from ..models import (
    CheckIn,
    EvaluationAnswer,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationQuestion,
    EvaluationResponse,
    Event,
    EventSession,
    EventStatus,
    QuestionKind,
    Registration,
    RegistrationStatus,
    User,
    utcnow,
)

TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 5000}
MAX_OPTIONS = 12
OPTION_MAX = 100
DEFAULT_OPEN_DAYS = 14
STANDARD_TEMPLATE = "standard"


class EvaluationError(Exception):
    """A rule of the evaluation was broken; the message is for the organiser."""


@dataclass
class QuestionSpec:
    kind: str
    text: str
    required: bool = False
    options: list[str] = field(default_factory=list)
    low_label: str = ""
    high_label: str = ""
    standard_key: str | None = None


TOPICS_NEXT = ["Demens", "Legemiddelhåndtering", "Kliniske observasjoner (KlinObs)",
               "Lindrende behandling", "Ernæring", "Rehabilitering og hverdagsmestring",
               "Psykisk helse og rus", "Velferdsteknologi", "Ledelse"]

# The standard USHT form; the keys let results be compared across events.
STANDARD: list[QuestionSpec] = [
    QuestionSpec(QuestionKind.SCALE, "Hvor fornøyd er du med arrangementet alt i alt?", True,
                 low_label="Svært misfornøyd", high_label="Svært fornøyd",
                 standard_key="overall"),
    QuestionSpec(QuestionKind.SCALE, "Hvor relevant var innholdet for arbeidet ditt?", True,
                 low_label="Ikke relevant", high_label="Svært relevant",
                 standard_key="relevance"),
    QuestionSpec(QuestionKind.SCALE,
                 "Formen fungerte godt for meg (fysisk oppmøte eller digitalt)", True,
                 low_label="Helt uenig", high_label="Helt enig", standard_key="format"),
    QuestionSpec(QuestionKind.YES_NO, "Vil du anbefale arrangementet til en kollega?",
                 standard_key="recommend"),
    QuestionSpec(QuestionKind.LONG_TEXT, "Hva var mest nyttig?", standard_key="most_useful"),
    QuestionSpec(QuestionKind.LONG_TEXT, "Hva bør forbedres?", standard_key="improve"),
    QuestionSpec(QuestionKind.MULTIPLE, "Hvilke tema vil du lære mer om?",
                 options=TOPICS_NEXT, standard_key="topics_next"),
    QuestionSpec(QuestionKind.SHORT_TEXT, "Andre tema du ønsker deg?",
                 standard_key="topics_other"),
]
# Scale and yes/no questions of the standard form: the columns of the comparison.
COMPARED = [(q.standard_key, q.text, q.kind) for q in STANDARD
            if q.kind in (QuestionKind.SCALE, QuestionKind.YES_NO)]


# --- forms and questions -------------------------------------------------------------------

def _question(spec: QuestionSpec, position: int) -> EvaluationQuestion:
    return EvaluationQuestion(
        position=position, kind=spec.kind, text=spec.text, required=spec.required,
        options=list(spec.options) if spec.kind in (QuestionKind.SINGLE,
                                                    QuestionKind.MULTIPLE) else None,
        low_label=spec.low_label if spec.kind == QuestionKind.SCALE else "",
        high_label=spec.high_label if spec.kind == QuestionKind.SCALE else "",
        standard_key=spec.standard_key)


def _spec(question: EvaluationQuestion) -> QuestionSpec:
    return QuestionSpec(question.kind, question.text, question.required,
                        list(question.options or []), question.low_label, question.high_label,
                        question.standard_key)


def attach_standard(event: Event) -> EvaluationForm:
    """New events get the standard USHT form (added to the caller's transaction)."""
    form = EvaluationForm(event=event, anonymous=True, auto_send=True)
    form.questions = [_question(spec, i) for i, spec in enumerate(STANDARD)]
    db.session.add(form)
    return form


def form_of(event_id: int) -> EvaluationForm | None:
    return db.session.scalar(select(EvaluationForm).where(EvaluationForm.event_id == event_id))


def is_locked(form: EvaluationForm) -> bool:
    """Once invitations are out, the questions and anonymity stay as they were sent."""
    return db.session.scalar(select(EvaluationInvitation.id).where(
        EvaluationInvitation.form_id == form.id).limit(1)) is not None


def _unlocked(form: EvaluationForm) -> None:
    if is_locked(form):
        raise EvaluationError(_("Skjemaet er sendt ut og kan ikke endres lenger."))


def create_for(event: Event, template: str, actor: User) -> EvaluationForm:
    """Give an event without a form one, from the standard or a saved template."""
    with write_transaction():
        form = form_of(event.id)
        if form is None:
            form = EvaluationForm(event=event, anonymous=True, auto_send=True)
            db.session.add(form)
        use_template(form, template, actor)
        return form


def use_template(form: EvaluationForm, template: str, actor: User) -> None:
    """Replace the questions with those of the standard form or a saved template."""
    with write_transaction():
        _unlocked(form)
        if template == STANDARD_TEMPLATE:
            specs, anonymous, name = STANDARD, True, "standard"
        else:
            source = db.session.get(EvaluationForm, int(template)) if template.isdigit() else None
            if source is None or source.template_name is None:
                raise EvaluationError(_("Fant ikke malen."))
            specs, anonymous, name = [_spec(q) for q in source.questions], source.anonymous, \
                source.template_name
        form.questions.clear()
        db.session.flush()
        form.questions.extend(_question(spec, i) for i, spec in enumerate(specs))
        form.anonymous = anonymous
        audit.record(AuditAction.EVALUATION_TEMPLATE_USED, event_id=form.event_id, actor=actor,
                     after={"template": name})


def templates() -> list[EvaluationForm]:
    return list(db.session.scalars(select(EvaluationForm).where(
        EvaluationForm.template_name.is_not(None)).order_by(EvaluationForm.template_name)))


def save_as_template(form: EvaluationForm, name: str, actor: User) -> EvaluationForm:
    with write_transaction():
        copy = EvaluationForm(template_name=name, anonymous=form.anonymous, auto_send=True,
                              created_by_id=actor.id)
        copy.questions = [_question(_spec(q), i) for i, q in enumerate(form.questions)]
        db.session.add(copy)
        audit.record(AuditAction.EVALUATION_TEMPLATE_SAVED, event_id=form.event_id, actor=actor,
                     after={"template": name})
        return copy


def copy_to(form: EvaluationForm, event: Event) -> EvaluationForm:
    """The form of a copied event: same questions and settings, nothing sent yet."""
    copy = EvaluationForm(event=event, anonymous=form.anonymous, auto_send=form.auto_send,
                          send_delay_hours=form.send_delay_hours)
    copy.questions = [_question(_spec(q), i) for i, q in enumerate(form.questions)]
    db.session.add(copy)
    return copy


def save_question(form: EvaluationForm, question: EvaluationQuestion | None,
                  spec: QuestionSpec, actor: User) -> EvaluationQuestion:
    with write_transaction():
        _unlocked(form)
        if question is None:
            question = _question(spec, len(form.questions))
            form.questions.append(question)
            action = AuditAction.EVALUATION_QUESTION_ADDED
        else:
            keep = question.standard_key if (question.kind == spec.kind
                                             and question.options == (spec.options or None)) \
                else None  # a changed standard question no longer compares with the others
            fresh = _question(QuestionSpec(**{**spec.__dict__, "standard_key": keep}),
                              question.position)
            for name in ("kind", "text", "required", "options", "low_label", "high_label",
                         "standard_key"):
                setattr(question, name, getattr(fresh, name))
            action = AuditAction.EVALUATION_QUESTION_CHANGED
        audit.record(action, event_id=form.event_id, actor=actor, after={"text": spec.text})
        return question


def delete_question(form: EvaluationForm, question: EvaluationQuestion, actor: User) -> None:
    with write_transaction():
        _unlocked(form)
        form.questions.remove(question)
        for i, q in enumerate(form.questions):
            q.position = i
        audit.record(AuditAction.EVALUATION_QUESTION_REMOVED, event_id=form.event_id, actor=actor,
                     before={"text": question.text})


def move_question(form: EvaluationForm, question: EvaluationQuestion, step: int) -> None:
    with write_transaction():
        _unlocked(form)
        order = list(form.questions)
        i = order.index(question)
        j = min(max(i + step, 0), len(order) - 1)
        order.insert(j, order.pop(i))
        for position, q in enumerate(order):
            q.position = position


def save_settings(form: EvaluationForm, *, anonymous: bool, auto_send: bool,
                  send_delay_hours: int, closes_at: datetime | None, actor: User) -> None:
    with write_transaction():
        if anonymous != form.anonymous:
            _unlocked(form)
        before = {"anonymous": form.anonymous, "auto_send": form.auto_send,
                  "delay": form.send_delay_hours,
                  "closes_at": form.closes_at.isoformat() if form.closes_at else None}
        form.anonymous, form.auto_send = anonymous, auto_send
        form.send_delay_hours, form.closes_at = send_delay_hours, closes_at
        audit.record(AuditAction.EVALUATION_SETTINGS, event_id=form.event_id, actor=actor,
                     before=before,
                     after={"anonymous": anonymous, "auto_send": auto_send,
                            "delay": send_delay_hours,
                            "closes_at": closes_at.isoformat() if closes_at else None})


# --- invitations ---------------------------------------------------------------------------

def closes_at(form: EvaluationForm) -> datetime | None:
    if form.closes_at is not None:
        return form.closes_at
    end = form.event.ends_at if form.event else None
    return end + timedelta(days=DEFAULT_OPEN_DAYS) if end else None


def send_time(form: EvaluationForm) -> datetime | None:
    end = form.event.ends_at if form.event else None
    return end + timedelta(hours=form.send_delay_hours) if end else None


def is_open(form: EvaluationForm, now: datetime) -> bool:
    closing = closes_at(form)
    return closing is None or now < closing


def attendee_ids(event_id: int) -> set[int]:
    """Everyone recorded as present at some session: checked in at the door, by their
    digital join link, or marked by hand."""
    return set(db.session.scalars(
        select(CheckIn.registration_id).join(EventSession, EventSession.id == CheckIn.session_id)
        .join(Registration, Registration.id == CheckIn.registration_id)
        .where(EventSession.event_id == event_id,
               Registration.status != RegistrationStatus.CANCELLED)))


def _queue_invitations(form: EvaluationForm, registrations: list[Registration],
                       attended: set[int], now: datetime) -> int:
    already = set(db.session.scalars(select(EvaluationInvitation.registration_id).where(
        EvaluationInvitation.form_id == form.id)))
    queued = 0
    for registration in registrations:
        if registration.id in already:
            continue
        invitation = EvaluationInvitation(
            form_id=form.id, registration_id=registration.id,
            token=secrets.token_urlsafe(24), attended=registration.id in attended,
            invited_at=now)
        db.session.add(invitation)
        _mail(invitation, registration, MessageKind.EVALUATION, form)
        queued += 1
    return queued


def _mail(invitation: EvaluationInvitation, registration: Registration, kind: MessageKind,
          form: EvaluationForm) -> None:
    closing = closes_at(form)
    outbox.queue(kind, registration, extra={
        "evaluation_url": external_url("evaluations.answer", token=invitation.token),
        "closes_at": closing.isoformat() if closing else None, "anonymous": form.anonymous})


def invite(event: Event, group: str, actor: User, now: datetime | None = None) -> int:
    """By hand: invite those of ``group`` ('attended' or 'confirmed') not yet invited."""
    now = now or utcnow()
    form = form_of(event.id)
    if form is None:
        raise EvaluationError(_("Arrangementet har ikke noe evalueringsskjema."))
    if not form.questions:
        raise EvaluationError(_("Skjemaet har ingen spørsmål."))
    if not is_open(form, now):
        raise EvaluationError(_("Svarfristen er ute. Sett en ny frist før du sender."))
    try:
        with write_transaction():
            attended = attendee_ids(event.id)
            query = select(Registration).where(Registration.event_id == event.id)
            if group == "attended":
                query = query.where(Registration.id.in_(list(attended)))
            else:
                query = query.where(Registration.status == RegistrationStatus.CONFIRMED)
            queued = _queue_invitations(form, list(db.session.scalars(query)), attended, now)
            audit.record(AuditAction.EVALUATION_INVITED, event_id=event.id, actor=actor,
                         after={"group": group, "count": queued})
    except IntegrityError:  # the worker or another organiser invited someone just now
        raise EvaluationError(_("Invitasjoner ble sendt samtidig fra et annet sted. "
                                "Prøv igjen.")) from None
    return queued


def remind(event: Event, actor: User, now: datetime | None = None) -> int:
    """A reminder to everyone invited who has not answered."""
    now = now or utcnow()
    form = form_of(event.id)
    if form is None or not is_open(form, now):
        raise EvaluationError(_("Svarfristen er ute. Sett en ny frist før du sender."))
    with write_transaction():
        waiting = db.session.execute(
            select(EvaluationInvitation, Registration)
            .join(Registration, Registration.id == EvaluationInvitation.registration_id)
            .where(EvaluationInvitation.form_id == form.id,
                   EvaluationInvitation.answered.is_(False))).tuples().all()
        for invitation, registration in waiting:
            invitation.reminders += 1
            _mail(invitation, registration, MessageKind.EVALUATION_REMINDER, form)
        audit.record(AuditAction.EVALUATION_REMINDED, event_id=event.id, actor=actor,
                     after={"count": len(waiting)})
        return len(waiting)


def queue_due_invitations(now: datetime) -> int:
    """The worker's round: ``send_delay_hours`` after the last session, once per event, an
    invitation to everyone who attended. A conditional UPDATE marks the form in the same
    transaction, so two workers never both send. This runs every few seconds: the write
    transaction is only taken when some form is due."""
    last_end = select(func.max(EventSession.ends_at)).where(
        EventSession.event_id == Event.id).scalar_subquery()
    candidates = db.session.scalars(
        select(EvaluationForm).join(Event, Event.id == EvaluationForm.event_id).where(
            EvaluationForm.auto_send.is_(True), EvaluationForm.auto_sent_at.is_(None),
            Event.status == EventStatus.PUBLISHED, last_end <= now)).all()
    due_ids = [f.id for f in candidates
               if (send_time(f) or now) <= now and is_open(f, now) and f.questions]
    db.session.rollback()  # end the read: nothing was written, and a write transaction follows
    if not due_ids:
        return 0
    queued = 0
    with write_transaction():
        for form in db.session.scalars(select(EvaluationForm).where(
                EvaluationForm.id.in_(due_ids))).all():
            taken = db.session.execute(
                update(EvaluationForm).where(EvaluationForm.id == form.id,
                                             EvaluationForm.auto_sent_at.is_(None))
                .values(auto_sent_at=now).execution_options(synchronize_session=False))
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                continue
            assert form.event_id is not None  # only forms of events are sent
            attended = attendee_ids(form.event_id)
            people = list(db.session.scalars(select(Registration).where(
                Registration.id.in_(list(attended)))))
            count = _queue_invitations(form, people, attended, now)
            queued += count
            audit.record(AuditAction.EVALUATION_INVITED, event_id=form.event_id,
                         after={"group": "attended", "count": count, "automatic": True})
    return queued


# --- answering -----------------------------------------------------------------------------

class InvitationState:
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


def invitation_by_token(token: str) -> EvaluationInvitation | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(EvaluationInvitation).where(
        EvaluationInvitation.token == token))


def state(invitation: EvaluationInvitation, form: EvaluationForm, now: datetime) -> str:
    if invitation.answered:
        return InvitationState.ANSWERED
    if not is_open(form, now) or (form.event and form.event.status == EventStatus.CANCELLED):
        return InvitationState.CLOSED
    return InvitationState.OPEN


Answer = int | str | list[str] | None


def read_answers(form: EvaluationForm, data: Any) -> tuple[dict[int, Answer], dict[int, str],
                                                         dict[int, Any]]:
    """Check what was posted (a MultiDict, fields ``q<id>``). Returns the clean answers, an
    error message per question, and what was typed (to show again)."""
    answers: dict[int, Answer] = {}
    errors: dict[int, str] = {}
    typed: dict[int, Any] = {}
    for q in form.questions:
        name = f"q{q.id}"
        if q.kind == QuestionKind.MULTIPLE:
            raw_list = [v.strip() for v in data.getlist(name) if v.strip()]
            typed[q.id] = raw_list
            offered = q.options or []
            if any(v not in offered for v in raw_list):
                errors[q.id] = _("Velg blant alternativene som vises.")
            elif q.required and not raw_list:
                errors[q.id] = _("Velg minst ett alternativ.")
            else:
                answers[q.id] = [v for v in offered if v in raw_list] or None
            continue
        raw = (data.get(name) or "").strip()
        typed[q.id] = raw
        if not raw:
            if q.required:
                errors[q.id] = (_("Skriv et svar.") if q.kind in TEXT_LIMITS
                                else _("Velg et svar."))
            answers[q.id] = None
            continue
        if q.kind == QuestionKind.SCALE:
            if raw not in {"1", "2", "3", "4", "5"}:
                errors[q.id] = _("Velg en verdi fra 1 til 5.")
            else:
                answers[q.id] = int(raw)
        elif q.kind == QuestionKind.YES_NO:
            if raw not in {"ja", "nei"}:
                errors[q.id] = _("Svar ja eller nei.")
            else:
                answers[q.id] = 1 if raw == "ja" else 0
        elif q.kind == QuestionKind.SINGLE:
            if raw not in (q.options or []):
                errors[q.id] = _("Velg blant alternativene som vises.")
            else:
                answers[q.id] = raw
        else:
            limit = TEXT_LIMITS[QuestionKind(q.kind)]
            if len(raw) > limit:
                errors[q.id] = _("Svaret kan være høyst %(limit)s tegn (du skrev %(n)s).",
                                 limit=limit, n=len(raw))
            else:
                answers[q.id] = raw
    return answers, errors, typed


def claim_link(invitation_id: int) -> bool:
    """Mark a link used, if it was not: an atomic conditional UPDATE, so of two submissions
    at the same moment exactly one gets through."""
    result = db.session.execute(
        update(EvaluationInvitation)
        .where(EvaluationInvitation.id == invitation_id,
               EvaluationInvitation.answered.is_(False))
        .values(answered=True).execution_options(synchronize_session=False))
    return result.rowcount == 1  # type: ignore[attr-defined]


def submit(invitation_id: int, answers: dict[int, Answer], now: datetime | None = None) -> bool:
    """Store one person's answers once. Returns False if the link was already used.

    Two transactions by design: the link is claimed and committed on its own, and on
    anonymous forms the response is written in a transaction that has nothing to do with
    the person. If storing the answers fails, the link is given back.
    """
    now = now or utcnow()
    with write_transaction():
        invitation = db.session.get(EvaluationInvitation, invitation_id)
        if invitation is None:
            return False
        form_id, registration_id = invitation.form_id, invitation.registration_id
        claimed = claim_link(invitation_id)
    if not claimed:
        return False
    try:
        with write_transaction():
            form = db.session.get(EvaluationForm, form_id)
            assert form is not None
            response = EvaluationResponse(id=secrets.token_hex(16), form_id=form_id)
            if not form.anonymous:
                response.registration_id, response.submitted_at = registration_id, now
            for question_id, value in answers.items():
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if v is None:
                        continue
                    response.answers.append(EvaluationAnswer(
                        question_id=question_id, number=v if isinstance(v, int) else None,
                        text=v if isinstance(v, str) else None))
            db.session.add(response)
    except Exception:
        # Give the link back, so the person can try again instead of losing their say.
        with write_transaction():
            db.session.execute(update(EvaluationInvitation).where(
                EvaluationInvitation.id == invitation_id).values(answered=False))
        raise
    return True


# --- results -------------------------------------------------------------------------------

@dataclass
class QuestionResult:
    question: EvaluationQuestion
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)  # label → how many
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    form: EvaluationForm
    invited: int
    attended_invited: int
    responses: int
    questions: list[QuestionResult]

    @property
    def rate(self) -> float | None:
        return self.responses / self.invited if self.invited else None


def totals(form: EvaluationForm) -> Results:
    """Invited and answered only (the overview page): no answers are read."""
    invited = db.session.execute(
        select(func.count(EvaluationInvitation.id),
               func.count(EvaluationInvitation.id).filter(EvaluationInvitation.attended))
        .where(EvaluationInvitation.form_id == form.id)).one()
    responses = db.session.scalar(select(func.count(EvaluationResponse.id)).where(
        EvaluationResponse.form_id == form.id)) or 0
    return Results(form, invited[0], invited[1], responses, [])


def results(form: EvaluationForm) -> Results:
    summary = totals(form)
    rows = db.session.execute(
        select(EvaluationAnswer.question_id, EvaluationAnswer.response_id,
               EvaluationAnswer.number, EvaluationAnswer.text)
        .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
        .where(EvaluationResponse.form_id == form.id)
        .order_by(EvaluationAnswer.response_id, EvaluationAnswer.id)).all()
    by_question: dict[int, list[tuple[str, int | None, str | None]]] = {}
    for question_id, response_id, number, text in rows:
        by_question.setdefault(question_id, []).append((response_id, number, text))
    out = []
    for q in form.questions:
        found = by_question.get(q.id, [])
        result = QuestionResult(q, answered=len({r for r, _, _ in found}))
        if q.kind == QuestionKind.SCALE:
            tally = Counter(n for _, n, _ in found)
            result.counts = [(str(v), tally.get(v, 0)) for v in range(1, 6)]
            numbers = [n for _, n, _ in found if n is not None]
            result.mean = sum(numbers) / len(numbers) if numbers else None
        elif q.kind == QuestionKind.YES_NO:
            tally = Counter(n for _, n, _ in found)
            result.counts = [("Ja", tally.get(1, 0)), ("Nei", tally.get(0, 0))]
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            picked = Counter(t for _, _, t in found)
            result.counts = [(option, picked.get(option, 0)) for option in q.options or []]
        else:
            result.texts = [t for _, _, t in found if t]
        out.append(result)
    summary.questions = out
    return summary


def response_table(form: EvaluationForm) -> tuple[list[str], list[list[Any]]]:
    """All responses, one row each, in random-key order (which says nothing about time).
    Anonymous forms have no identity columns: there is nothing to fill them with."""
    headers = [] if form.anonymous else ["Navn", "E-post", "Kommunenr.", "Arbeidssted",
                                         "Svart"]
    headers += [f"{i + 1}. {q.text}" for i, q in enumerate(form.questions)]
    responses = db.session.scalars(select(EvaluationResponse).where(
        EvaluationResponse.form_id == form.id).order_by(EvaluationResponse.id)).all()
    people = {} if form.anonymous else {r.id: r for r in db.session.scalars(
        select(Registration).where(Registration.id.in_(
            [x.registration_id for x in responses if x.registration_id])))}
    rows = []
    for response in responses:
        by_question: dict[int, list[EvaluationAnswer]] = {}
        for answer in response.answers:
            by_question.setdefault(answer.question_id, []).append(answer)
        row: list[Any] = []
        if not form.anonymous:
            person = people.get(response.registration_id or 0)
            row += ([person.name, person.email, person.kommunenummer, person.workplace]
                    if person else ["", "", "", ""]) + [response.submitted_at]
        for q in form.questions:
            given = by_question.get(q.id, [])
            if q.kind == QuestionKind.SCALE:
                row.append(given[0].number if given else None)
            elif q.kind == QuestionKind.YES_NO:
                row.append(("ja" if given[0].number else "nei") if given else "")
            else:
                row.append("; ".join(a.text or "" for a in given))
        rows.append(row)
    return headers, rows


# --- comparison across events --------------------------------------------------------------

@dataclass
class ComparedEvent:
    event: Event
    invited: int
    responses: int
    values: dict[str, float | None]  # standard key → mean (scales) or share of «ja»


def compare(event_ids: list[int]) -> list[ComparedEvent]:
    """The standard questions, event by event (only events with a form)."""
    if not event_ids:
        return []
    forms = {f.event_id: f for f in db.session.scalars(select(EvaluationForm).where(
        EvaluationForm.event_id.in_(event_ids)))}
    keys = [k for k, _, _ in COMPARED if k is not None]
    figures = db.session.execute(
        select(EvaluationResponse.form_id, EvaluationQuestion.standard_key,
               func.avg(EvaluationAnswer.number), func.count(EvaluationAnswer.id))
        .join(EvaluationAnswer, EvaluationAnswer.response_id == EvaluationResponse.id)
        .join(EvaluationQuestion, EvaluationQuestion.id == EvaluationAnswer.question_id)
        .where(EvaluationResponse.form_id.in_([f.id for f in forms.values()]),
               EvaluationQuestion.standard_key.in_(keys))
        .group_by(EvaluationResponse.form_id, EvaluationQuestion.standard_key)).all()
    means = {(form_id, key): float(avg) for form_id, key, avg, n in figures if n}
    invited = {form_id: n for form_id, n in db.session.execute(
        select(EvaluationInvitation.form_id, func.count(EvaluationInvitation.id))
        .where(EvaluationInvitation.form_id.in_([f.id for f in forms.values()]))
        .group_by(EvaluationInvitation.form_id)).all()}
    answered = {form_id: n for form_id, n in db.session.execute(
        select(EvaluationResponse.form_id, func.count(EvaluationResponse.id))
        .where(EvaluationResponse.form_id.in_([f.id for f in forms.values()]))
        .group_by(EvaluationResponse.form_id)).all()}
    out = []
    for event_id in event_ids:
        form = forms.get(event_id)
        if form is None:
            continue
        assert form.event is not None  # found by its event
        out.append(ComparedEvent(form.event, invited.get(form.id, 0), answered.get(form.id, 0),
                                 {k: means.get((form.id, k)) for k in keys}))
    return out
