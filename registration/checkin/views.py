from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, cast

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from ..accounts.models import UserRole
from ..accounts.permissions import (
    can_manage,
    check_in_event_or_abort,
    hosted_event_ids,
    managed_events_query,
    signed_in_required,
)
from ..core import municipalities
from ..core.extensions import db
from ..core.folding import fold
from ..core.ids import parse_id
from ..events.models import EventStatus, Mode
from ..models import (
    Event,
    EventSession,
    Registration,
    RegistrationStatus,
    utcnow,
)
from ..registrations import rules
from ..registrations.forms import RegistrationForm
from ..registrations.rules import has_ticket
from . import nextsteps, offline
from . import operations as checkin

bp = Blueprint("checkin", __name__)


def answer_texts() -> dict[str, str]:
    return {"checked_in": _("Velkommen!"), "already_checked_in": _("Allerede sjekket inn"),
            "not_registered": _("Ikke påmeldt dette arrangementet"),
            "cancelled": _("Påmeldingen er avmeldt"), "waitlisted": _("Står på venteliste"),
            "digital_only": _("Påmeldt digitalt"), "at": _("kl."),
            "queued": _("Lagret på enheten – sendes når nettet er tilbake."),
            "in_queue": _("i kø"), "undone": _("Angret."), "check_in": _("Sjekk inn"),
            "physical": _("Fysisk oppmøte"), "digital": _("Digitalt"),
            "camera_on": _("Kameraet er på. Hold billetten foran det."),
            "no_camera": _("Fant ikke noe kamera. Bruk feltet over eller søk."),
            "switch_to_physical": _("Bytt til fysisk og sjekk inn"),
            "register_again": _("Meld på igjen og sjekk inn"),
            "waitlist_place": _("Nummer %(pos)s på ventelisten.", pos="{pos}"),
            "confirmed": _("Påmeldt"), "waitlisted_short": _("Venteliste"),
            "cancelled_short": _("Avmeldt"),
            "list_saved": _("Deltakerlisten er lagret på enheten ({n} billetter)."),
            "conflict": _("{name} var allerede sjekket inn kl. {time} ({by}). Den første "
                          "innsjekkingen gjelder.")}


def _session(event: Event) -> EventSession:
    raw = request.values.get("session", "")
    if parse_id(raw) is not None:
        chosen = next((s for s in event.sessions if s.id == parse_id(raw)), None)
        if chosen is not None:
            return chosen
    current = checkin.session_now(event)
    if current is None:
        abort(404)
    return current


@bp.get("/arrangor/innsjekking/")
@signed_in_required
def index() -> str:
    """The events this person may check people in for."""
    ids = hosted_event_ids(current_user)
    events = list(db.session.scalars(select(Event).where(Event.id.in_(ids))))
    if current_user.role != UserRole.VERT:
        events += [e for e in db.session.scalars(managed_events_query(current_user))
                   if e.id not in ids]
    events = [e for e in events if e.status == EventStatus.PUBLISHED and e.sessions]
    events.sort(key=lambda e: e.sessions[0].starts_at)
    return render_template("checkin/index.html", events=events)


@bp.route("/arrangor/innsjekking/<int:event_id>", methods=["GET", "POST"])
@signed_in_required
def screen(event_id: int) -> ResponseReturnValue:
    event = check_in_event_or_abort(event_id)
    session = _session(event)
    answer = None
    if request.method == "POST":
        code = request.form.get("code", "")
        answer = checkin.check_in(session, code, current_user,
                                  nonce=request.form.get("nonce") or None)
        event = db.session.get_one(Event, event_id)
    return render_template("checkin/screen.html", event=event, session=session, answer=answer,
                           texts=answer_texts(),
                           counts=checkin.counts(session), nonce=secrets.token_urlsafe(12),
                           full_search=can_manage(current_user, event))


@bp.post("/arrangor/innsjekking/<int:event_id>/neste-steg")
@signed_in_required
def next_step(event_id: int) -> ResponseReturnValue:
    """The step offered with an answer: switch a digital registrant to the room, or register
    a cancelled one again, and check them in (one transaction)."""
    event = check_in_event_or_abort(event_id)
    session = _session(event)
    registration_id = parse_id(request.form.get("registration_id", ""))
    action = request.form.get("action", "")
    status = 200
    try:
        if registration_id is None:
            raise rules.RegistrationRefused("not_found")
        answer = nextsteps.take(action, registration_id, session, current_user)
    except (rules.RegistrationRefused, checkin.WalkInRefused):
        flash(_("Det gikk ikke: det er ingen ledig plass i salen lenger, eller påmeldingen "
                "er endret. Søk på navnet igjen."), "danger")
        answer, status = None, 409
    event = db.session.get_one(Event, event_id)
    return render_template("checkin/screen.html", event=event, session=session, answer=answer,
                           texts=answer_texts(), counts=checkin.counts(session),
                           nonce=secrets.token_urlsafe(12),
                           full_search=can_manage(current_user, event)), status


@bp.get("/arrangor/innsjekking/<int:event_id>/liste")
@signed_in_required
def offline_list(event_id: int) -> ResponseReturnValue:
    """The session's participant list for the screen to keep on the device (offline.py).
    Hosts only while the session is on, as with the name search."""
    event = check_in_event_or_abort(event_id)
    session = _session(event)
    now = utcnow()
    if not can_manage(current_user, event) and not (
            session.starts_at - HOST_SEARCH_BEFORE <= now <= session.ends_at):
        return jsonify(session_id=session.id, entries={}, expires_at=None,
                       message=_("Listen kan bare lastes ned mens økten pågår.")), 403
    response = jsonify(offline.session_list(session, now))
    response.headers["Cache-Control"] = "no-store"
    return response


SEARCH_MIN_LETTERS = 3
SEARCH_MAX_RESULTS = 10
# A host's search works for the session being worked: from this long before it starts
# until it ends.
HOST_SEARCH_BEFORE = timedelta(hours=2)


def escape_like(text: str) -> str:
    """LIKE wildcards typed by the user match themselves (used with escape="\\")."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@bp.get("/arrangor/innsjekking/<int:event_id>/sok")
@signed_in_required
def search(event_id: int) -> ResponseReturnValue:
    """Find people for a tap to check in. Organisers of the event: by name, e-mail or
    kommune. Hosts: by the start of a first or last name only, only while the session they
    work is on, and nothing at all when more than ten match (type more), so the search
    cannot be used to list the participants."""
    event = check_in_event_or_abort(event_id)
    q = fold(request.args.get("q") or "").strip()
    if len(q) < SEARCH_MIN_LETTERS or len(q) > 100:
        return jsonify(results=[], message=_("Skriv minst tre bokstaver."))
    like = escape_like(q)
    active = select(Registration).where(Registration.event_id == event.id,
                                        Registration.status != RegistrationStatus.CANCELLED,
                                        Registration.anonymised_at.is_(None))
    if can_manage(current_user, event):
        numbers = [m.number for m in municipalities.all_municipalities().values()
                   if q in m.search_text]
        rows = list(db.session.scalars(active.where(or_(
            Registration.name_folded.like(f"%{like}%", escape="\\"),
            Registration.email_normalized.like(f"%{like}%", escape="\\"),
            Registration.kommunenummer.in_(numbers))).order_by(Registration.name)
            .limit(SEARCH_MAX_RESULTS)))
        return _answer(rows, _("Ingen treff. Sjekk stavemåten, eller søk på e-post eller kommune."))
    session = _session(event)
    now = utcnow()
    if not session.starts_at - HOST_SEARCH_BEFORE <= now <= session.ends_at:
        return jsonify(results=[], message=_("Søket virker bare mens økten pågår."))
    name = Registration.name_folded
    rows = list(db.session.scalars(active.where(or_(
        name.like(f"{like}%", escape="\\"), name.like(f"% {like}%", escape="\\"),
        name.like(f"%-{like}%", escape="\\"))).order_by(Registration.name)
        .limit(SEARCH_MAX_RESULTS + 1)))
    if len(rows) > SEARCH_MAX_RESULTS:
        return jsonify(results=[], message=_("Mange treff: skriv mer av navnet."))
    return _answer(rows, _("Ingen treff. Sjekk stavemåten, eller søk på etternavnet."))


def _answer(rows: list[Registration], nothing: str) -> ResponseReturnValue:
    """The search's answer; says so when nothing matches, so an empty list is not a
    mystery at the door."""
    if not rows:
        return jsonify(results=[], message=nothing)
    return jsonify(results=[_row(r) for r in rows])


def _row(r: Registration) -> dict[str, Any]:
    return {"name": r.name, "kommune": municipalities.name_of(r.kommunenummer),
            "status": r.status, "mode": r.mode,
            "code": r.ticket_code if has_ticket(r) else None,
            "next_step": nextsteps.offer(r)}


@bp.route("/arrangor/innsjekking/<int:event_id>/pa-stedet", methods=["GET", "POST"])
@signed_in_required
def walk_in(event_id: int) -> ResponseReturnValue:
    """Register someone at the door, if a seat is free, and check them in at once."""
    event = check_in_event_or_abort(event_id)
    session = _session(event)
    form = RegistrationForm(event)
    if "mode" in form:
        form.mode.choices = [(Mode.PHYSICAL.value,
                              cast(list[tuple[str, Any]], form.mode.choices)[0][1])]
    pool = event.pool(Mode.PHYSICAL)
    full = pool is None or pool.is_full
    if request.method == "POST" and not full and form.validate():
        participant = rules.Participant(
            name=form.name.clean, email=form.email.clean, mobile=form.mobile.clean,
            kommunenummer=form.kommune.clean, workplace=form.workplace.clean,
            role=form.role.clean, mode=Mode.PHYSICAL)
        try:
            checkin.walk_in(session, participant, current_user)
        except rules.RegistrationRefused as refused:
            form.email.errors = [*form.email.errors, refused.message]
        except checkin.WalkInRefused:
            flash(_("Det ble fullt akkurat nå. Personen er ikke registrert."), "danger")
        else:
            flash(_("%(name)s er registrert og sjekket inn.", name=participant.name),
                  "success")
            return redirect(url_for("checkin.screen", event_id=event.id,
                                    session=session.id), 303)
    return render_template("checkin/walk_in.html", event=event, session=session, form=form,
                           full=full), (422 if request.method == "POST" else 200)


from . import pages  # noqa: E402,F401  (the participant's ticket and join link)
