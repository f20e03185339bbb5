"""Thin views of the organiser workspace. Every route is behind require_organiser() and,
for an event, managed_event_or_abort(): 404 unknown, 403 not yours."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..accounts.models import UserRole
from ..accounts.permissions import (
    managed_event_or_abort,
    managed_events_query,
    organiser_required,
    signed_in_required,
)
from ..checkin import operations as checkin
from ..core import municipalities
from ..core.extensions import db
from ..core.i18n import format_dt
from ..core.ids import is_ascii_digits
from ..models import (
    EventSession,
    EventStatus,
    Registration,
    RegistrationStatus,
    Role,
    utcnow,
)
from ..registrations import participants, seats, session_seats, validation
from . import catalogue, messaging, past, topics
from . import operations as events
from . import sessions as event_sessions
from . import team as event_team
from .forms import (
    PARTICIPATION_LABELS,
    ConfirmForm,
    DuplicateForm,
    EventForm,
    MessageForm,
    NewEventForm,
    SessionForm,
    TeamForm,
    local_value,
    oslo,
)
from .views import bp


def _arg(name: str, allowed: set[str] | None = None, max_len: int = 100) -> str | None:
    value = (request.args.get(name) or "").strip()
    if not value or len(value) > max_len or (allowed is not None and value not in allowed):
        return None
    return value


def _int_arg(name: str, default: int) -> int:
    value = request.args.get(name, "")
    return int(value) if is_ascii_digits(value) and len(value) < 10 else default


@bp.get("/arrangor/")
@signed_in_required
def dashboard() -> ResponseReturnValue:
    if current_user.role == UserRole.VERT:  # a host's place is the door, not «Ingen tilgang»
        return redirect(url_for("checkin.index"), 303)
    now = utcnow()
    mine = db.session.scalars(managed_events_query(current_user)).unique().all()
    if request.args.get("vis") == "tidligere":
        years = past.past_years(list(mine), now)
        year = _int_arg("ar", 0)
        return render_template("events/past.html", years=years,
                               year=year if year in years else None,
                               rows=past.past_events(list(mine), now,
                                                     year if year in years else None))
    upcoming = sorted((e for e in mine if not e.ends_at or e.ends_at > now),
                      key=lambda e: e.starts_at or now)
    week_ago = now - timedelta(days=7)
    recent = {event_id: n for event_id, n in db.session.execute(
        select(Registration.event_id, func.count(Registration.id))
        .where(Registration.created_at >= week_ago).group_by(Registration.event_id)).all()}
    return render_template("events/dashboard.html", events=upcoming,
                           totals={e.id: events.participant_totals(e) for e in upcoming},
                           recent=recent)


def _fields(form: EventForm) -> events.EventFields:
    assert form.title.data is not None  # DataRequired
    return events.EventFields(
        title=form.title.data.strip(), kind=form.kind.data, topic_ids=list(form.topics.data or []),
        description=form.description.data or "", participation=form.participation.data,
        capacities={"physical": form.physical_capacity.data,
                    "digital": form.digital_capacity.data},
        has_waitlist=form.has_waitlist.data, serves_food=form.serves_food.data,
        registration_opens_at=oslo(form.registration_opens_at.data),
        registration_closes_at=oslo(form.registration_closes_at.data),
        cancellation_deadline=oslo(form.cancellation_deadline.data),
        join_url=(form.join_url.data or "").strip(),
        reminder_days=form.reminder_days.data if form.reminder_days.data is not None else 2,
        kommune_quota=form.kommune_quota.data,
        session_choice="any" if form.session_choice.data else "all",
    )


@bp.route("/arrangor/arrangement/ny", methods=["GET", "POST"])
@organiser_required
def new_event():  # noqa: ANN201
    form = NewEventForm()
    form.topics.choices = topics.choices_for(None)
    if form.validate_on_submit():
        first = EventSession(starts_at=oslo(form.starts_at.data), ends_at=oslo(form.ends_at.data),
                             place=(form.place.data or "").strip(),
                             online=form.participation.data != "physical")
        event = events.create(_fields(form), first, current_user)
        flash(_("Arrangementet er opprettet som utkast."), "success")
        return redirect(url_for("events.event", event_id=event.id), 303)
    return render_template("events/event_form.html", form=form, event=None), (
        422 if form.errors else 200)


@bp.get("/arrangor/arrangement/<int:event_id>")
@organiser_required
def event(event_id: int) -> str:
    ev = managed_event_or_abort(event_id)
    f = participants.Filter(
        q=_arg("q"), status=_arg("status", {s.value for s in RegistrationStatus}),
        mode=_arg("mode", set(ev.modes)), kommune=_arg("kommune", max_len=4),
        role=_arg("role", {r.value for r in Role}),
        sort=_arg("sort", set(participants.SORTS)) or "created",
        descending=request.args.get("dir") == "desc")
    rows, total, pages = participants.page(ev.id, f, _int_arg("page", 1))
    positions = seats.waitlist_positions(ev.id) if any(
        r.status == RegistrationStatus.WAITLISTED for r in rows) else {}
    attended = checkin.attendance(ev.id)
    session_rates = [(s, *_rate(ev, s, attended)) for s in ev.sessions]
    def page_url(number: int) -> str:
        args: dict[str, Any] = {**request.args.to_dict(), "page": number}
        return url_for("events.event", event_id=ev.id, **args)

    return render_template("events/event.html", event=ev, rows=rows, total=total,
                           page_url=page_url,
                           pages=pages, page=min(max(_int_arg("page", 1), 1), pages), f=f,
                           totals=events.participant_totals(ev), positions=positions,
                           attended=attended, session_rates=session_rates,
                           kommuner=municipalities.all_municipalities().values(),
                           chosen_sessions=session_seats.chosen_by_registration(ev)
                           if ev.chooses_sessions else {})


@bp.route("/arrangor/arrangement/<int:event_id>/rediger", methods=["GET", "POST"])
@organiser_required
def edit_event(event_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    form = EventForm(obj=None if request.method == "POST" else _form_data(ev))
    form.topics.choices = topics.choices_for(ev)
    if form.validate_on_submit():
        try:
            promoted = events.update(ev, _fields(form), current_user)
        except events.EventRuleError as error:
            flash(str(error), "danger")
        else:
            flash(_("Endringene er lagret."), "success")
            if promoted:
                flash(_("%(n)s fikk plass fra ventelisten.", n=len({r.id for r in promoted})),
                      "info")  # (one person given seats in several sessions counts once)
            return redirect(url_for("events.event", event_id=ev.id), 303)
    return render_template("events/event_form.html", form=form, event=ev), (
        422 if request.method == "POST" else 200)


class _Obj:
    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)


def _rate(ev: Any, session: EventSession, attended: dict[int, set[int]]) -> tuple[int, int]:
    """(attended, confirmed) for one session."""
    present = sum(1 for sessions in attended.values() if session.id in sessions)
    confirmed = sum(t["confirmed"] for t in events.participant_totals(ev))
    return present, confirmed


def _form_data(ev: Any) -> _Obj:
    return _Obj(title=ev.title, kind=ev.kind, topics=[t.id for t in ev.topics],
                description=ev.description,
                participation=ev.participation,
                physical_capacity=ev.pool("physical").capacity if ev.pool("physical") else None,
                digital_capacity=ev.pool("digital").capacity if ev.pool("digital") else None,
                has_waitlist=ev.has_waitlist, serves_food=ev.serves_food,
                registration_opens_at=local_value(ev.registration_opens_at),
                registration_closes_at=local_value(ev.registration_closes_at),
                cancellation_deadline=local_value(ev.cancellation_deadline),
                join_url=ev.join_url, reminder_days=ev.reminder_days,
                kommune_quota=ev.kommune_quota, session_choice=ev.chooses_sessions)


@bp.post("/arrangor/arrangement/<int:event_id>/status")
@organiser_required
def set_status(event_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    form = ConfirmForm()
    wanted = request.form.get("to", "")
    if not form.validate() or wanted not in {s.value for s in EventStatus}:
        abort(400)
    try:
        events.set_status(ev, EventStatus(wanted), current_user)
    except events.EventRuleError as error:
        flash(str(error), "danger")
    else:
        flash({"published": _("Arrangementet er publisert."),
               "draft": _("Arrangementet er gjort om til utkast og vises ikke lenger."),
               "cancelled": _("Arrangementet er avlyst.")}[wanted], "success")
    return redirect(url_for("events.event", event_id=ev.id), 303)


@bp.route("/arrangor/arrangement/<int:event_id>/dupliser", methods=["GET", "POST"])
@organiser_required
def duplicate(event_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    form = DuplicateForm(data=None if request.method == "POST" else {"title": ev.title,
                                                                       "weeks": 52})
    if form.validate_on_submit():
        assert form.weeks.data is not None and form.title.data is not None  # validated
        copy = events.duplicate(ev, form.weeks.data, form.title.data.strip(), current_user)
        flash(_("Kopien er laget som utkast. Sjekk datoene før du publiserer."), "success")
        return redirect(url_for("events.event", event_id=copy.id), 303)
    return render_template("events/duplicate.html", form=form, event=ev), (
        422 if form.errors else 200)


@bp.route("/arrangor/arrangement/<int:event_id>/okter", methods=["GET", "POST"])
@organiser_required
def sessions(event_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    form = SessionForm()
    if form.validate_on_submit():
        _save_session(ev, None, form)
        return redirect(url_for("events.sessions", event_id=ev.id), 303)
    edit_forms = {s.id: SessionForm(formdata=None, data={
        "title": s.title, "starts_at": local_value(s.starts_at),
        "ends_at": local_value(s.ends_at), "place": s.place, "online": s.online},
        prefix=f"s{s.id}") for s in ev.sessions}
    from .session_settings import seats_form

    return render_template("events/sessions.html", event=ev, form=form,
                           edit_forms=edit_forms, delete_form=ConfirmForm(),
                           session_seat_forms={s.id: seats_form(s) for s in ev.sessions}
                           if ev.chooses_sessions else {}), (
        422 if form.errors else 200)


def _session_of(ev: Any, session_id: int) -> EventSession:
    session = db.session.get(EventSession, session_id)
    if session is None or session.event_id != ev.id:
        abort(404)
    return session


def _save_session(ev: Any, session: EventSession | None, form: SessionForm) -> None:
    starts_at, ends_at = oslo(form.starts_at.data), oslo(form.ends_at.data)
    assert starts_at is not None and ends_at is not None  # validated
    try:
        event_sessions.save(ev, session, title=(form.title.data or "").strip(),
                            starts_at=starts_at, ends_at=ends_at,
                            place=(form.place.data or "").strip(), online=form.online.data,
                            actor=current_user)
    except events.EventRuleError as error:
        flash(str(error), "danger")
    else:
        flash(_("Økten er lagret."), "success")


@bp.post("/arrangor/arrangement/<int:event_id>/okter/<int:session_id>")
@organiser_required
def edit_session(event_id: int, session_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    session = _session_of(ev, session_id)
    form = SessionForm(prefix=f"s{session.id}")
    if form.validate_on_submit():
        _save_session(ev, session, form)
    else:
        flash(" ".join(str(e[0]) for e in form.errors.values()), "danger")
    return redirect(url_for("events.sessions", event_id=ev.id), 303)


@bp.post("/arrangor/arrangement/<int:event_id>/okter/<int:session_id>/slett")
@organiser_required
def delete_session(event_id: int, session_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    session = _session_of(ev, session_id)
    if ConfirmForm().validate():
        try:
            event_sessions.remove(ev, session, current_user)
        except events.EventRuleError as error:
            flash(str(error), "danger")
        else:
            flash(_("Økten er fjernet."), "success")
    return redirect(url_for("events.sessions", event_id=ev.id), 303)


@bp.route("/arrangor/arrangement/<int:event_id>/team", methods=["GET", "POST"])
@organiser_required
def team(event_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    form = TeamForm()
    if form.validate_on_submit():
        assert form.email.data is not None  # validated
        try:
            event_team.add_member(ev, form.email.data, form.as_host.data == "host",
                                   current_user)
        except events.EventRuleError as error:
            cast(list[Any], form.email.errors).append(str(error))
        else:
            flash(_("Lagt til."), "success")
            return redirect(url_for("events.team", event_id=ev.id), 303)
    return render_template("events/team.html", event=ev, form=form,
                           remove_form=ConfirmForm()), (422 if form.errors else 200)


@bp.post("/arrangor/arrangement/<int:event_id>/team/<int:user_id>/fjern")
@organiser_required
def remove_team_member(event_id: int, user_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    if ConfirmForm().validate():
        event_team.remove_member(ev, user_id, current_user)
    return redirect(url_for("events.team", event_id=ev.id), 303)


@bp.route("/arrangor/arrangement/<int:event_id>/melding", methods=["GET", "POST"])
@organiser_required
def message(event_id: int):  # noqa: ANN201
    """Write → preview (how it reads, how many get it) → send; or a test to oneself."""
    ev = managed_event_or_abort(event_id)
    form = MessageForm()
    form.session.choices = [("", _("Alle økter"))] + [
        (str(s.id), f"{s.title + ': ' if s.title else ''}{format_dt(s.starts_at)}")
        for s in ev.sessions]
    action = request.form.get("action", "preview")
    preview = None
    count = None
    if form.validate_on_submit():
        assert form.subject.data is not None and form.body.data is not None  # validated
        subject, body = form.subject.data.strip(), form.body.data.strip()
        target = messaging.Target(
            status=form.group.data,
            mode=form.mode.data,
            session_id=next((s.id for s in ev.sessions if str(s.id) == form.session.data),
                            None),
            attendance=form.attendance.data)
        people = messaging.recipients(ev, target)
        count = len(people)
        if action == "test":
            messaging.send_test(ev, subject, body, current_user)
            flash(_("En testmelding er sendt til %(email)s.", email=current_user.email),
                  "success")
        elif action == "send" and form.expected.data == str(count) and count:
            sent = messaging.send(ev, subject, body, target, current_user)
            flash(_("Meldingen sendes til %(n)s personer.", n=sent), "success")
            return redirect(url_for("events.event", event_id=ev.id), 303)
        elif action == "send":
            flash(_("Antallet mottakere har endret seg siden forhåndsvisningen. Se over og "
                    "send igjen."), "warning")
        name = people[0].name if people else (current_user.name or current_user.email)
        preview = messaging.preview(ev, subject, body, name)
        form.expected.data = str(count)
    return render_template("events/message.html", event=ev, form=form, preview=preview,
                           count=count), (422 if form.errors else 200)


@bp.app_context_processor
def organiser_labels() -> dict[str, Any]:
    return {"PARTICIPATION_LABELS": PARTICIPATION_LABELS, "catalogue": catalogue,
            "validation": validation}


