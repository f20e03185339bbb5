"""What a registration wants and gets by e-mail: bulk-mail opt-outs and bouncing addresses.

- A one-click opt-out (List-Unsubscribe, RFC 8058) stops one group of bulk mail (reminders,
  evaluations, the organiser's messages) for one registration. It never touches the
  registration itself: confirmations, changes and cancellations keep coming.
- A permanent refusal (5xx) marks the registration's address as bouncing. The mark holds a
  hash of the address, so it lapses by itself when the address is corrected.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from ..core.extensions import db
from ..core.links import external_url
from ..registrations.models import Registration
from .models import OPT_OUT_GROUPS, MailPreference, MessageKind

# Lazy: in Norwegian in e-mails (the worker has no request), in the reader's language on
# the opt-out page.
GROUP_LABELS = {
    "reminder": _l("påminnelser før arrangementet"),
    "evaluation": _l("invitasjoner og påminnelser om evaluering"),
    "organiser": _l("meldinger fra arrangøren"),
}


def _preference(registration_id: int, *, create: bool = False) -> MailPreference | None:
    preference = db.session.get(MailPreference, registration_id)
    if preference is None and create:
        preference = MailPreference(registration_id=registration_id, opted_out="")
        db.session.add(preference)
    return preference


def opted_out_groups(registration: Registration) -> set[str]:
    preference = _preference(registration.id) if registration.id else None
    return {g for g in (preference.opted_out if preference else "").split(",") if g}


def opted_out(registration: Registration, kind: MessageKind) -> bool:
    group = OPT_OUT_GROUPS.get(kind)
    return group is not None and group in opted_out_groups(registration)


def opt_out(registration: Registration, group: str) -> bool:
    """Stop this group of bulk mail for this registration; True if it was not already."""
    if group not in GROUP_LABELS:
        raise ValueError(group)
    preference = _preference(registration.id, create=True)
    assert preference is not None
    groups = {g for g in preference.opted_out.split(",") if g}
    if group in groups:
        return False
    preference.opted_out = ",".join(sorted(groups | {group}))
    return True


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="list-unsubscribe")


def unsubscribe_url(registration: Registration, kind: MessageKind) -> str | None:
    """The one-click link for a bulk kind (None for the rest): signed, names the
    registration by id and the group; it carries no personal link."""
    group = OPT_OUT_GROUPS.get(kind)
    if group is None:
        return None
    token = _serializer().dumps([registration.id, group])
    return external_url("mail.unsubscribe", token=token)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        registration_id, group = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(registration_id, int) or group not in GROUP_LABELS:
        return None
    return registration_id, group


def address_hash(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def mark_bounced(registration_id: int, address: str, code: int, now: datetime) -> None:
    """In the caller's transaction: the server refused this address for good."""
    if db.session.get(Registration, registration_id) is None:
        return
    preference = _preference(registration_id, create=True)
    assert preference is not None
    preference.bounced_at = now
    preference.bounced_address_hash = address_hash(address)
    preference.bounce_code = code


def bounce(registration: Registration) -> MailPreference | None:
    """The bounce mark, if the registration's address is still the one that bounced."""
    preference = _preference(registration.id) if registration.id else None
    if preference is None or preference.bounced_at is None:
        return None
    if preference.bounced_address_hash != address_hash(registration.email):
        return None  # corrected since
    return preference
