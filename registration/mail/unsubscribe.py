"""One-click opt-out from bulk mail (List-Unsubscribe-Post, RFC 8058), and what organisers
and participants see of a bouncing address.

The POST comes from a mail client or the provider's servers, without cookies or a CSRF
token: the signed link is the authority, and all it can do is stop one group of bulk mail
for one registration (idempotent, never a cancellation). It is limited per client address,
generously, since one provider's servers post for many people.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core import ratelimit
from ..core.db import write_transaction
from ..core.extensions import csrf, db
from ..registrations.models import Registration
from . import preferences
from .views import bp


def _target(token: str) -> tuple[Registration, str]:
    found = preferences.read_unsubscribe_token(token)
    registration = db.session.get(Registration, found[0]) if found else None
    if found is None or registration is None or registration.anonymised_at is not None:
        abort(404)
    return registration, found[1]


@bp.get("/epost/avslutt/<token>")
def unsubscribe(token: str) -> ResponseReturnValue:
    """The link opened in a browser: says what the button does; nothing changes on GET
    (link scanners open every link)."""
    registration, group = _target(token)
    return render_template("mail/unsubscribe.html", event=registration.event, group=group,
                           label=preferences.GROUP_LABELS[group], done=False,
                           already=group in preferences.opted_out_groups(registration))


@bp.post("/epost/avslutt/<token>")
@csrf.exempt
def unsubscribe_post(token: str) -> ResponseReturnValue:
    wait = ratelimit.over_limit({"UNSUBSCRIBE_LIMIT": ratelimit.client_address()})
    if wait is not None:
        ratelimit.log_refusal("list-unsubscribe")
        return render_template("mail/unsubscribe.html", refused=ratelimit.message(wait),
                               event=None, group="", label="", done=False, already=False), 429
    registration, group = _target(token)
    with write_transaction():
        if preferences.opt_out(registration, group):
            audit.record(AuditAction.MAIL_OPTED_OUT, event_id=registration.event_id, actor=None,
                         registration=registration, after={"group": group})
    if request.form.get("List-Unsubscribe") == "One-Click":
        return "", 200  # a mail client: no page to show
    return render_template("mail/unsubscribe.html", event=registration.event, group=group,
                           label=preferences.GROUP_LABELS[group], done=True, already=False)
