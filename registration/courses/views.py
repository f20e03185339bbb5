"""Course pages: the public kursbevis check and PDF, the participant's certificate page,
and the organiser's course page of an event (settings, completion, withdraw, zip)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.permissions import managed_event_or_abort, organiser_required
from ..audit import log as audit
from ..audit.actions import AuditAction
from ..checkin.operations import attendance
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.types import utcnow
from ..events.models import Event
from ..registrations.models import Registration, RegistrationStatus
from ..registrations.operations import get_by_token
from . import certificates, operations, prerequisites
from .forms import CourseSettingsForm, ReasonForm, clean_one_line
from .models import CourseCompletion, CourseLevel

bp = Blueprint("courses", __name__)


@dataclass(frozen=True)
class Requirement:
    level: CourseLevel
    next_event: Event | None


@bp.app_template_global()
def course_requirement(event: Event) -> Requirement | None:
    """For the event page: the level that comes first, and its next date."""
    level = prerequisites.required_level(event)
    if level is None:
        return None
    return Requirement(level, prerequisites.next_event_of(level, utcnow()))


@bp.app_template_global()
def course_certificate(registration: Registration) -> CourseCompletion | None:
    """For the personal page: the registration's valid kursbevis, if any."""
    completion = operations.completion_of(registration.id)
    return completion if completion is not None and completion.valid else None


# --- public --------------------------------------------------------------------------------

@bp.get("/kursbevis/<code>.pdf")
def certificate_pdf(code: str) -> Response:
    completion = operations.certificate_by_code(code)
    if completion is None or not completion.valid:
        abort(404)
    return Response(certificates.to_pdf(completion), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{certificates.filename(completion)}"',
        "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"})


@bp.get("/kursbevis/<code>")
def verify(code: str) -> tuple[str, int, dict[str, str]]:
    """Valid or withdrawn, with name, course and date only (nothing else about the person)."""
    completion = operations.certificate_by_code(code)
    if completion is None:
        abort(404)
    return render_template("courses/verify.html", completion=completion,
                           facts=certificates.facts(completion)), 200, {
        "X-Robots-Tag": "noindex", "Cache-Control": "no-store"}


@bp.get("/pamelding/<token>/kursbevis")
def certificate_page(token: str) -> str:
    """The kursbevis as a web page: the accessible version of the PDF, for its holder."""
    registration = get_by_token(token)
    completion = operations.completion_of(registration.id) if registration else None
    if completion is None or not completion.valid:
        abort(404)
    return render_template("courses/certificate.html", completion=completion,
                           facts=certificates.facts(completion), registration=registration)


# --- the organiser's course page ---------------------------------------------------------

def _course_page(ev: Event, settings: CourseSettingsForm | None = None,
                 errors: dict[str, str] | None = None, typed: dict[str, str] | None = None,
                 status: int = 200) -> tuple[str, int]:
    if settings is None:
        settings = CourseSettingsForm(operations.all_levels(), data={
            "level": str(ev.level_id or ""), "requires_previous": ev.requires_previous,
            "signer": ev.certificate_signer})
    confirmed = [r for r in ev_registrations(ev) if r.status == RegistrationStatus.CONFIRMED]
    return render_template(
        "courses/event.html", event=ev, settings=settings, participants=confirmed,
        attended=attendance(ev.id), completions=operations.completions_of_event(ev.id),
        errors=errors or {}, typed=typed or {}, course_over=bool(ev.ends_at
                                                                  and ev.ends_at <= utcnow()),
    ), status


def ev_registrations(ev: Event) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(
        Registration.event_id == ev.id, Registration.anonymised_at.is_(None))
        .order_by(Registration.name, Registration.id)))


@bp.route("/arrangor/arrangement/<int:event_id>/kurs", methods=["GET", "POST"])
@organiser_required
def course(event_id: int) -> Any:
    ev = managed_event_or_abort(event_id)
    if request.method == "GET":
        return _course_page(ev)
    form = CourseSettingsForm(operations.all_levels())
    if not form.validate():
        return _course_page(ev, form, status=422)
    operations.save_settings(ev, int(form.level.data) if form.level.data else None,
                             form.requires_previous.data, clean_one_line(form.signer.data),
                             current_user)
    flash(_("Kursinnstillingene er lagret."), "success")
    return redirect(url_for("courses.course", event_id=ev.id), 303)


@bp.post("/arrangor/arrangement/<int:event_id>/kurs/fullfor")
@organiser_required
def complete_from_attendance(event_id: int) -> Any:
    ev = managed_event_or_abort(event_id)
    if ev.level_id is None or not ev.ends_at or ev.ends_at > utcnow():
        flash(_("Fullføring registreres når kurset er over, for kurs i et kursløp."), "danger")
    else:
        count = operations.complete_from_attendance(ev.id, utcnow(), current_user)
        flash(_("%(n)s deltakere er registrert som fullført.", n=count), "success")
    return redirect(url_for("courses.course", event_id=ev.id), 303)


@bp.post("/arrangor/arrangement/<int:event_id>/kurs/deltaker/<int:registration_id>/fullfort")
@organiser_required
def mark_completed(event_id: int, registration_id: int) -> Any:
    ev = managed_event_or_abort(event_id)
    form = ReasonForm()
    key = f"complete-{registration_id}"
    if not form.validate():
        return _course_page(ev, errors={key: next(iter(form.errors.values()))[0]},
                            typed={key: form.reason.data or ""}, status=422)
    try:
        operations.mark_completed(ev, registration_id, form.reason.data or "", current_user,
                                  utcnow())
    except operations.CompletionError as error:
        return _course_page(ev, errors={key: str(error)}, typed={key: form.reason.data or ""},
                            status=422)
    flash(_("Registrert som fullført. Kursbeviset er sendt på e-post."), "success")
    return redirect(url_for("courses.course", event_id=ev.id), 303)


@bp.post("/arrangor/arrangement/<int:event_id>/kurs/kursbevis/<int:completion_id>/trekk")
@organiser_required
def withdraw(event_id: int, completion_id: int) -> Any:
    ev = managed_event_or_abort(event_id)
    form = ReasonForm()
    key = f"withdraw-{completion_id}"
    if not form.validate():
        return _course_page(ev, errors={key: next(iter(form.errors.values()))[0]},
                            typed={key: form.reason.data or ""}, status=422)
    try:
        operations.withdraw(ev, completion_id, form.reason.data or "", current_user, utcnow())
    except operations.CompletionError as error:
        return _course_page(ev, errors={key: str(error)}, typed={key: form.reason.data or ""},
                            status=422)
    flash(_("Kursbeviset er trukket tilbake."), "success")
    return redirect(url_for("courses.course", event_id=ev.id), 303)


@bp.get("/arrangor/arrangement/<int:event_id>/kursbevis.zip")
@organiser_required
def certificates_zip(event_id: int) -> Response:
    ev = managed_event_or_abort(event_id)
    valid = [c for c in operations.completions_of_event(ev.id).values() if c.valid]
    with write_transaction():
        audit.record(AuditAction.EXPORT_CERTIFICATES, event_id=ev.id, actor=current_user,
                     after={"count": len(valid)})
    return Response(certificates.zip_of(valid), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="kursbevis-{ev.id}.zip"',
        "Cache-Control": "private, no-store"})
