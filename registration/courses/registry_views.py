"""The instructor registry (/arrangor/instruktorer: list, filters, Excel, message) and the
admins' page of tracks and levels (/arrangor/kurslop)."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.permissions import admin_required, organiser_required
from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core import municipalities
from ..core.db import write_transaction
from ..core.extensions import db
from . import registry
from .forms import InstructorMessageForm, LevelForm, TrackForm, clean_one_line
from .models import CourseLevel, CourseTrack
from .views import bp


def parse_filter(args: Any) -> tuple[registry.RegistryFilter, dict[str, str]]:
    """The registry's filters from a query string; errors by field (web and API)."""
    errors: dict[str, str] = {}
    kommune = (args.get("kommune") or "").strip() or None
    if kommune is not None and municipalities.get(kommune) is None:
        errors["kommune"] = _("Ukjent kommunenummer.")
        kommune = None
    track = (args.get("track") or "").strip() or None
    if track is not None and db.session.scalar(
            select(CourseTrack.id).where(CourseTrack.slug == track[:40])) is None:
        errors["track"] = _("Ukjent kursløp.")
        track = None
    level: int | None = None
    raw = (args.get("level") or "").strip()
    if raw:
        if raw.isdigit() and 1 <= int(raw) <= 20:
            level = int(raw)
        else:
            errors["level"] = _("Trinn må være et helt tall fra 1 til 20.")
    return registry.RegistryFilter(kommune=kommune, track=track, level=level), errors


def _registry_page(message_form: InstructorMessageForm | None = None,
                   status: int = 200) -> tuple[str, int]:
    f, errors = parse_filter(request.args)
    rows = registry.instructors(f)
    tracks = list(db.session.scalars(select(CourseTrack).order_by(CourseTrack.name)))
    return render_template(
        "courses/registry.html", rows=rows, f=f, errors=errors, tracks=tracks,
        args=request.args, kommuner=municipalities.all_municipalities().values(),
        message_form=message_form or InstructorMessageForm(),
    ), 422 if errors and status == 200 else status


@bp.get("/arrangor/instruktorer")
@organiser_required
def instructors() -> Any:
    return _registry_page()


@bp.get("/arrangor/instruktorer.xlsx")
@organiser_required
def instructors_xlsx() -> Any:
    f, errors = parse_filter(request.args)
    if errors:
        return _registry_page()
    rows = registry.instructors(f)
    with write_transaction():
        audit.record(AuditAction.EXPORT_INSTRUCTORS, event_id=None, actor=current_user,
                     after={"count": len(rows), "kommune": f.kommune or "",
                            "level": f.level or ""})
    return Response(registry.to_xlsx(rows), mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), headers={
        "Content-Disposition": 'attachment; filename="instruktorer.xlsx"',
        "Cache-Control": "private, no-store"})


@bp.post("/arrangor/instruktorer/melding")
@organiser_required
def message_instructors() -> Any:
    """A message to the instructors the filters (in the query string) select."""
    form = InstructorMessageForm()
    f, errors = parse_filter(request.args)
    if errors or not form.validate():
        return _registry_page(form, 422)
    rows = registry.instructors(f)
    if not rows:
        form.body.errors = [_("Ingen instruktører passer filteret, så meldingen ble ikke "
                              "sendt.")]
        return _registry_page(form, 422)
    with write_transaction():
        count = registry.message(rows, clean_one_line(form.subject.data),
                                 (form.body.data or "").strip())
        audit.record(AuditAction.INSTRUCTORS_MESSAGE, event_id=None, actor=current_user,
                     after={"count": count, "subject": clean_one_line(form.subject.data),
                            "kommune": f.kommune or "", "level": f.level or ""})
    flash(_("Meldingen er lagt i utboksen til %(n)s instruktører.", n=count), "success")
    back: dict[str, Any] = request.args.to_dict()
    return redirect(url_for("courses.instructors", **back), 303)


# --- tracks and levels (admins) ----------------------------------------------------------

def _tracks_page(track_form: TrackForm | None = None, level_form: LevelForm | None = None,
                 status: int = 200) -> tuple[str, int]:
    tracks = list(db.session.scalars(select(CourseTrack).order_by(CourseTrack.name)))
    level_form = level_form or LevelForm()
    level_form.track.choices = [(str(t.id), t.name) for t in tracks]
    return render_template("courses/tracks.html", tracks=tracks,
                           track_form=track_form or TrackForm(), level_form=level_form), status


@bp.get("/arrangor/kurslop")
@admin_required
def tracks() -> Any:
    return _tracks_page()


@bp.post("/arrangor/kurslop")
@admin_required
def add_track() -> Any:
    form = TrackForm()
    if not form.validate():
        return _tracks_page(track_form=form, status=422)
    slug = (form.slug.data or "").strip()
    if db.session.scalar(select(CourseTrack.id).where(CourseTrack.slug == slug)) is not None:
        form.slug.errors = [_("Det finnes allerede et kursløp med dette kortnavnet.")]
        return _tracks_page(track_form=form, status=422)
    with write_transaction():
        db.session.add(CourseTrack(slug=slug, name=clean_one_line(form.name.data)))
    flash(_("Kursløpet er lagt til."), "success")
    return redirect(url_for("courses.tracks"), 303)


@bp.post("/arrangor/kurslop/trinn")
@admin_required
def add_level() -> Any:
    tracks_now = list(db.session.scalars(select(CourseTrack)))
    form = LevelForm()
    form.track.choices = [(str(t.id), t.name) for t in tracks_now]
    if not form.validate():
        return _tracks_page(level_form=form, status=422)
    track_id, number = int(form.track.data), int(form.number.data or 0)
    if db.session.scalar(select(CourseLevel.id).where(
            CourseLevel.track_id == track_id, CourseLevel.number == number)) is not None:
        form.number.errors = [_("Kursløpet har allerede dette trinnet.")]
        return _tracks_page(level_form=form, status=422)
    with write_transaction():
        db.session.add(CourseLevel(track_id=track_id, number=number,
                                   title=clean_one_line(form.title.data)))
    flash(_("Trinnet er lagt til."), "success")
    return redirect(url_for("courses.tracks"), 303)

