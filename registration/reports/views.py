"""The report pages: the yearly report (and its publishable version, Excel and CSV), and a
kommune's page. For admins and arrangører; a vert gets 403."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts.permissions import organiser_required
from ..audit.actions import AuditAction
from ..audit.models import AuditEntry
from ..core import municipalities
from ..core.extensions import db
from ..core.i18n import local
from ..events.catalogue import KIND_LABELS
from ..events.forms import FIRST_YEAR, LAST_YEAR
from ..models import utcnow
from ..registrations.validation import ROLE_LABELS
from . import exports, figures, kommune
from .exports import kind_label, month_name, role_label
from .publishable import HIDDEN, publishable

bp = Blueprint("reports", __name__)


def parse_year(raw: str | None) -> tuple[int, str | None]:
    """(year, problem): this year when none is given; a message when it cannot be read."""
    this_year = local(utcnow()).year
    if raw is None or raw.strip() == "":
        return this_year, None
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4
            and FIRST_YEAR <= int(raw) <= LAST_YEAR):
        return this_year, _("Året må være et årstall fra %(first)s til %(last)s.",
                            first=FIRST_YEAR, last=LAST_YEAR)
    return int(raw), None


def report_for(year: int, public: bool) -> dict[str, Any]:
    found = figures.as_dict(figures.yearly_report(year))
    return publishable(found) if public else found


def _wants_publishable() -> bool:
    return request.args.get("publiserbar", "") in {"1", "ja", "true"}


def charts(report: dict[str, Any]) -> dict[str, list[tuple[str, int, str]]]:
    """The bars of each chart, (label, value, shown text): registrations, with attendance."""
    def bars(rows: list[dict[str, Any]], label: Any) -> list[tuple[str, int, str]]:
        return [(label(row), row["registrations"],
                 f"{row['registrations']} ({row['attended']})") for row in rows]

    year = report["year"]
    return {
        "kommune": bars(report["by_kommune"][:report["region"]["kommuner"]],
                        lambda r: r["name"]),
        "kind": bars(report["by_kind"], lambda r: kind_label(r["kind"])),
        "topic": bars(report["by_topic"], lambda r: r["topic"]),
        "role": bars(report["by_role"], lambda r: role_label(r["role"])),
        "month": bars(report["by_month"], lambda r: month_name(year, r["month"])),
    }


def recent_downloads() -> list[AuditEntry]:
    """The last downloads of the report (each is audited): shown under it."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT_REPORT)
        .options(joinedload(AuditEntry.user)).order_by(AuditEntry.id.desc()).limit(10)))


@bp.get("/arrangor/rapport")
@organiser_required
def report() -> tuple[str, int]:
    year, problem = parse_year(request.args.get("ar"))
    public = _wants_publishable()
    current = report_for(year, public)
    previous = None if public else report_for(year - 1, False)
    this_year = local(utcnow()).year
    return render_template(
        "reports/report.html", report=current, previous=previous, public=public,
        problem=problem, raw_year=request.args.get("ar", ""), HIDDEN=HIDDEN,
        years=list(range(this_year + 1, this_year - 10, -1)),
        charts=None if public else charts(current), downloads=recent_downloads(),
        previous_by_kommune={k["kommunenummer"]: k["registrations"]
                             for k in previous["by_kommune"]} if previous else {},
        kind_label=kind_label, role_label=role_label, as_text=str,
        month_of=lambda month: month_name(year, month),
    ), 422 if problem else 200


@bp.get("/arrangor/rapport.<fmt>")
@organiser_required
def download(fmt: str) -> Response:
    if fmt not in exports.FORMATS:
        abort(404)
    year, problem = parse_year(request.args.get("ar"))
    if problem:
        abort(400, problem)
    return exports.download(report_for(year, _wants_publishable()), fmt, current_user)


@bp.get("/arrangor/kommune/<kommunenummer>")
@organiser_required
def kommune_page(kommunenummer: str) -> str:
    found = municipalities.get(kommunenummer) if len(kommunenummer) == 4 else None
    if found is None:
        abort(404)
    return render_template("reports/kommune.html", kommune=found,
                           history=kommune.history(found.number, utcnow()),
                           KIND_LABELS=KIND_LABELS, ROLE_LABELS=ROLE_LABELS,
                           kind_label=kind_label)
