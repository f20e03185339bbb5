"""The yearly report as one table, for Excel and CSV: a row per line of every part of the
report («Del»: Totalt, Kommune, Type, Satsingsområde, Stilling, Måned). Every download is
written to the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Response

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.i18n import OSLO, format_dt
from ..events.catalogue import KIND_LABELS
from ..models import EventKind, Role
from ..registrations.exports import attachment, to_csv, to_xlsx
from ..registrations.validation import ROLE_LABELS

FORMATS = {"xlsx", "csv"}
HEADERS = ["Del", "Kode", "Navn", "Arrangementer", "Påmeldte", "Møtt", "Personer", "Fysisk",
           "Digitalt"]
WIDTHS = [16, 10, 36, 14, 11, 9, 10, 9, 9]


def kind_label(kind: str) -> str:
    return str(KIND_LABELS[EventKind(kind)]) if kind in set(EventKind) else kind


def role_label(role: str) -> str:
    return str(ROLE_LABELS[Role(role)]) if role in set(Role) else role


def month_name(year: int, month: int) -> str:
    return format_dt(datetime(year, month, 15, 12, tzinfo=OSLO), "month").split(" ")[0]


def rows(report: dict[str, Any]) -> list[list[Any]]:
    """Cells are counts (int), «<5» in the publishable version, or None where not counted."""
    t = report["totals"]
    out: list[list[Any]] = [["Totalt", None, "Alle", t["events"], t["registrations"],
                             t["attended"], t["persons"], t["physical"], t["digital"]]]
    out += [["Kommune", k["kommunenummer"], k["name"], None, k["registrations"],
             k["attended"], k["persons"], None, None] for k in report["by_kommune"]]
    out += [["Type", k["kind"], kind_label(k["kind"]), k["events"], k["registrations"],
             k["attended"], None, None, None] for k in report["by_kind"]]
    out += [["Satsingsområde", None, k["topic"], k["events"], k["registrations"],
             k["attended"], None, None, None] for k in report["by_topic"]]
    out += [["Stilling", k["role"], role_label(k["role"]), None, k["registrations"],
             k["attended"], None, None, None] for k in report["by_role"]]
    out += [["Måned", f"{k['month']:02d}", month_name(report["year"], k["month"]),
             k["events"], k["registrations"], k["attended"], None, None, None]
            for k in report["by_month"]]
    return out


def download(report: dict[str, Any], fmt: str, actor: Any) -> Response:
    publishable = bool(report.get("publishable"))
    values = rows(report)
    title = f"Årsrapport {report['year']}" + (" (publiserbar)" if publishable else "")
    body = (to_xlsx(HEADERS, values, WIDTHS, title) if fmt == "xlsx"
            else to_csv(HEADERS, values))
    with write_transaction():
        audit.record(AuditAction.EXPORT_REPORT, event_id=None, actor=actor, after={
            "year": report["year"], "format": fmt, "publishable": publishable})
    name = f"arsrapport-{report['year']}{'-publiserbar' if publishable else ''}.{fmt}"
    return attachment(body, fmt, name)
