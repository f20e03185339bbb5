"""The organiser's clean-up after a flood: cancel many registrations at once, and see where
the last hour's registrations came from (per client address, per e-mail domain).

The client address is never stored: a registration keeps ``client_key``, a keyed hash of it
(core/ratelimit.client_key), which is enough to group registrations from one place and
reveals nothing without the app's secret key.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from ..accounts.permissions import managed_event_or_abort, organiser_required
from ..core.extensions import db
from ..core.types import utcnow
from ..events.forms import ConfirmForm
from ..models import Registration, RegistrationStatus
from . import operations, seats
from .views import bp

MAX_SELECTED = 1000
WINDOWS = {"1": 1, "24": 24}  # hours the flood view looks back


@dataclass(frozen=True)
class Group:
    kind: str  # "client" or "domain"
    key: str
    label: str
    total: int
    active: int
    first: datetime
    last: datetime


def _selected_ids() -> list[int]:
    """The ticked registrations: digits only, within int range; anything else is ignored."""
    ids = {int(v) for v in request.form.getlist("ids") if v.isdigit() and len(v) < 10}
    return sorted(ids)[:MAX_SELECTED]


def _domain(email: str) -> str:
    return email.rpartition("@")[2] or "?"


def _client_label(key: str) -> str:
    return _("Avsender %(key)s", key=key[:8])


def groups(event_id: int, since: datetime) -> tuple[list[Group], list[Group]]:
    """The registrations since ``since``, grouped by client address (hashed) and by e-mail
    domain, largest first."""
    rows = db.session.execute(select(
        Registration.client_key, Registration.email_normalized, Registration.status,
        Registration.created_at).where(Registration.event_id == event_id,
                                       Registration.created_at >= since)).all()
    by: dict[tuple[str, str], list[tuple[str, datetime]]] = {}
    for client, email, status, created in rows:
        if client:
            by.setdefault(("client", client), []).append((status, created))
        by.setdefault(("domain", _domain(email)), []).append((status, created))
    result: dict[str, list[Group]] = {"client": [], "domain": []}
    for (kind, key), items in by.items():
        statuses = Counter(status for status, _created in items)
        result[kind].append(Group(
            kind=kind, key=key, label=_client_label(key) if kind == "client" else key,
            total=len(items), active=len(items) - statuses[RegistrationStatus.CANCELLED],
            first=min(c for _s, c in items), last=max(c for _s, c in items)))
    for found in result.values():
        found.sort(key=lambda g: (-g.total, g.label))
    return result["client"][:20], result["domain"][:20]


@bp.get("/arrangor/arrangement/<int:event_id>/siste-pameldinger")
@organiser_required
def flood(event_id: int) -> ResponseReturnValue:
    """Registrations of the last hour (or day) per client address and e-mail domain; pick
    one to see its registrations, ticked, ready to cancel."""
    ev = managed_event_or_abort(event_id)
    window = request.args.get("timer", "1")
    hours = WINDOWS.get(window, 1)
    since = utcnow() - timedelta(hours=hours)
    by_client, by_domain = groups(ev.id, since)
    kind = request.args.get("gruppe", "")
    key = (request.args.get("nokkel") or "").strip()[:254]
    if not re.fullmatch(r"[0-9a-f]{16}" if kind == "client" else r"[^\x00-\x20@]+", key):
        kind, key = "", ""
    chosen: list[Registration] = []
    chosen_label = ""
    if kind in ("client", "domain") and key:
        query = select(Registration).where(Registration.event_id == ev.id,
                                           Registration.created_at >= since)
        if kind == "client":
            query = query.where(Registration.client_key == key)
            chosen_label = _client_label(key)
        else:
            query = query.where(func.lower(Registration.email_normalized).like(
                "%@" + key.lower().replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_"), escape="\\"))
            chosen_label = key
        chosen = list(db.session.scalars(query.order_by(Registration.created_at).limit(500)))
    positions = seats.waitlist_positions(ev.id) if any(
        r.status == RegistrationStatus.WAITLISTED for r in chosen) else {}
    return render_template("registrations/flood.html", event=ev, by_client=by_client,
                           by_domain=by_domain, hours=hours, chosen=chosen,
                           chosen_label=chosen_label, kind=kind, key=key,
                           positions=positions, form=ConfirmForm())


@bp.post("/arrangor/arrangement/<int:event_id>/avmeld-valgte")
@organiser_required
def cancel_selected(event_id: int) -> ResponseReturnValue:
    """Cancel every ticked registration in one action; e-mail to them only when asked."""
    ev = managed_event_or_abort(event_id)
    back = url_for("events.event", event_id=ev.id)
    if request.form.get("tilbake") == "pagang":
        back = url_for("registrations.flood", event_id=ev.id)
    if not ConfirmForm().validate():
        flash(_("Skjemaet ble ikke sendt fordi økten var utløpt. Prøv igjen."), "danger")
        return redirect(back, 303)
    ids = _selected_ids()
    if not ids:
        flash(_("Velg minst én påmelding som skal meldes av."), "danger")
        return redirect(back, 303)
    notify = request.form.get("notify") == "1"
    outcomes = operations.cancel_many(ev.id, ids, current_user, notify=notify)
    promoted = len({r.id for o in outcomes for r in o.promoted})  # a person once
    if notify:
        flash(ngettext("%(num)s påmelding er meldt av. Deltakeren får beskjed på e-post.",
                       "%(num)s påmeldinger er meldt av. Deltakerne får beskjed på e-post.",
                       len(outcomes)), "success")
    else:
        flash(ngettext("%(num)s påmelding er meldt av, uten e-post.",
                       "%(num)s påmeldinger er meldt av, uten e-post.", len(outcomes)),
              "success")
    if promoted:
        flash(ngettext("%(num)s fikk plass fra ventelisten.",
                       "%(num)s fikk plass fra ventelisten.", promoted), "info")
    return redirect(back, 303)
