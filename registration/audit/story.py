"""The audit log told for people: who did it, to whom, and what changed, in words.

Rows keep their raw before/after dicts (only the changed keys); this module turns them
into sentences in the reader's language («Flyttet fra venteliste til bekreftet»). Raw keys
and Python values («waitlist_rank: None») never reach the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.extensions import db
from ..models import AuditEntry, Event, User
from .actions import AuditAction
from .words import (
    CAPACITY_LABELS,
    CHECKIN_WORDS,
    EVENT_STATUS_WORDS,
    FIELD_LABELS,
    FIELD_VALUES,
    FORMATS,
    MESSAGE_GROUPS,
    STATUS_WORDS,
    WAS_WORDS,
    _count,
    _mode,
    _none,
    _session,
    _status,
    _text,
    _when,
)

# Things participants do themselves: with no organiser on the row, the participant did it.
SELF_ACTIONS = frozenset({AuditAction.REGISTERED, AuditAction.CANCELLED,
                          AuditAction.MODE_CHANGED, AuditAction.CHECKIN_ADDED})

# A registration's status in «fra … til …»

@dataclass(frozen=True)
class Line:
    """One row of the log as the page shows it."""

    entry: AuditEntry
    who: str
    who_email: str | None
    participant: str
    participant_url: str | None
    what: str


def tell(entry: AuditEntry) -> Line:
    registration = entry.registration
    url = None
    if registration is not None:
        url = url_for("registrations.participant", event_id=registration.event_id,
                      registration_id=registration.id)
    return Line(entry=entry, who=who(entry),
                who_email=entry.user.email if entry.user is not None else None,
                participant=registration.name if registration is not None else "–",
                participant_url=url, what=describe(entry))


def who(entry: AuditEntry) -> str:
    if entry.user is not None:
        return entry.user.name or entry.user.email
    if entry.action in SELF_ACTIONS:
        return _("deltakeren selv")
    return _("systemet")


def describe(entry: AuditEntry) -> str:
    """What happened, in one or a few sentences."""
    before, after = entry.before or {}, entry.after or {}
    teller = _TELLERS.get(entry.action)
    text = teller(entry, before, after) if teller is not None else ""
    return text or entry.action.label


# --- registrations -----------------------------------------------------------------------

def _moved(old: Any, new: Any) -> str:
    return _("Flyttet fra %(old)s til %(new)s", old=_status(old), new=_status(new))


def _registration_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The sentences for a registration's changed fields, status and mode first."""
    parts = []
    if "status" in after and before.get("status") != after.get("status"):
        parts.append(_moved(before.get("status"), after.get("status")))
    if "mode" in after and before.get("mode") != after.get("mode"):
        parts.append(_("Endret deltakelsesform fra %(old)s til %(new)s",
                       old=_mode(before.get("mode")), new=_mode(after.get("mode"))))
    for key, label in FIELD_LABELS.items():
        if key in after and before.get(key) != after.get(key):
            show = FIELD_VALUES[key]
            parts.append(_("%(field)s endret fra %(old)s til %(new)s", field=label,
                           old=show(before.get(key)), new=show(after.get(key))))
    # A new place in line says nothing new when the status change already does.
    if ("waitlist_rank" in after and before.get("waitlist_rank") != after.get("waitlist_rank")
            and "status" not in after):
        parts.append(_("Flyttet i ventelisten"))
    return parts


def _sentences(*parts: str) -> str:
    return ". ".join(p for p in parts if p)


def _signed_up(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    details = ", ".join(x for x in (
        _status(after["status"]) if "status" in after else "",
        _mode(after["mode"]) if after.get("mode") else "") if x)
    label = entry.action.label
    return f"{label}: {details}" if details else label


def _cancelled(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    was = before.get("status")
    if was in WAS_WORDS:
        return _("Avmeldt (%(was)s)", was=WAS_WORDS[was])
    return _("Avmeldt")


def _changed(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    parts = _registration_changes(before, after)
    if entry.action == AuditAction.CONFIRMED_OVER_CAPACITY:
        return _sentences(entry.action.label, *parts)
    if entry.action == AuditAction.EDITED and not parts:
        return _("Opplysningene lagret uten endringer")
    return _sentences(*parts)


def _queue(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    old, new = before.get("position"), after.get("position")
    if isinstance(old, int) and isinstance(new, int):
        return _("Flyttet fra plass %(old)s til plass %(new)s i ventelisten", old=old, new=new)
    return ""


def _capacity(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    def show(value: Any) -> str:
        return _("ubegrenset") if value is None else str(value)

    old, new = show(before.get("capacity")), show(after.get("capacity"))
    mode = after.get("mode")
    if mode in CAPACITY_LABELS:
        return str(CAPACITY_LABELS[mode]) % {"old": old, "new": new}
    return _("Kapasitet endret fra %(old)s til %(new)s", old=old, new=new)


# --- attendance --------------------------------------------------------------------------

def _checked_in(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    words = CHECKIN_WORDS.get(after.get("method") or "scan", CHECKIN_WORDS["scan"])
    return str(words) % {"session": _session(entry, after.get("session"))}


def _checkin_undone(entry: AuditEntry, before: Mapping[str, Any],
                    after: Mapping[str, Any]) -> str:
    return _("Innsjekking angret (økt: %(session)s)",
             session=_session(entry, before.get("session")))


def _attendance(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    session = _session(entry, after.get("session"))
    if after.get("present"):
        return str(CHECKIN_WORDS["manual"]) % {"session": session}
    return _("Oppmøte fjernet (økt: %(session)s)", session=session)


# --- events, sessions, team --------------------------------------------------------------

def _event_created(entry: AuditEntry, before: Mapping[str, Any],
                   after: Mapping[str, Any]) -> str:
    return _("Arrangement opprettet: «%(title)s»", title=_text(after.get("title")))


def _event_status(value: Any) -> str:
    return str(EVENT_STATUS_WORDS[value]) if value in EVENT_STATUS_WORDS else _none()


def _event_edited(entry: AuditEntry, before: Mapping[str, Any],
                  after: Mapping[str, Any]) -> str:
    parts = []
    if "title" in after and before.get("title") != after.get("title"):
        parts.append(_("Tittel endret fra «%(old)s» til «%(new)s»",
                       old=_text(before.get("title")), new=_text(after.get("title"))))
    if "status" in after and before.get("status") != after.get("status"):
        parts.append(_("Status endret fra %(old)s til %(new)s",
                       old=_event_status(before.get("status")),
                       new=_event_status(after.get("status"))))
    return _sentences(*parts)


def _duplicated(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    source_id = before.get("from_event")
    source = db.session.get(Event, source_id) if isinstance(source_id, int) else None
    title = f"«{source.title}»" if source is not None else _("et arrangement som er slettet")
    weeks = _count(after, "weeks")
    return ngettext("Kopiert fra %(title)s, med datoene flyttet %(num)s uke",
                    "Kopiert fra %(title)s, med datoene flyttet %(num)s uker", weeks,
                    title=title)


def _message(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    group = MESSAGE_GROUPS.get(after.get("group") or "all", MESSAGE_GROUPS["all"])
    return ngettext("Melding «%(subject)s» sendt til %(num)s mottaker (%(group)s)",
                    "Melding «%(subject)s» sendt til %(num)s mottakere (%(group)s)",
                    _count(after, "recipients"), subject=_text(after.get("subject")),
                    group=str(group))


def _session_saved(entry: AuditEntry, before: Mapping[str, Any],
                   after: Mapping[str, Any]) -> str:
    session = _session(entry, after.get("session"), after.get("starts_at"))
    if entry.action == AuditAction.SESSION_ADDED:
        return _("Økt lagt til: %(session)s", session=session)
    return _("Økt endret: %(session)s", session=session)


def _session_removed(entry: AuditEntry, before: Mapping[str, Any],
                     after: Mapping[str, Any]) -> str:
    return _("Økt fjernet: %(session)s",
             session=_session(entry, before.get("session"), before.get("starts_at")))


def _team_added(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    if after.get("as") == "host":
        return _("%(user)s lagt til i teamet som vert", user=_text(after.get("user")))
    return _("%(user)s lagt til i teamet som arrangør", user=_text(after.get("user")))


def _team_removed(entry: AuditEntry, before: Mapping[str, Any],
                  after: Mapping[str, Any]) -> str:
    user_id = before.get("user")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    return _("%(user)s fjernet fra teamet",
             user=user.email if user is not None else _("En slettet bruker"))


# --- evaluations -------------------------------------------------------------------------

def _template(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    name = _text(after.get("template"))
    if entry.action == AuditAction.EVALUATION_TEMPLATE_USED:
        return _("Evalueringsmalen «%(name)s» tatt i bruk", name=name)
    return _("Evalueringen lagret som malen «%(name)s»", name=name)


def _question(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    if entry.action == AuditAction.EVALUATION_QUESTION_REMOVED:
        return _("Spørsmål fjernet fra evalueringen: «%(text)s»",
                 text=_text(before.get("text")))
    if entry.action == AuditAction.EVALUATION_QUESTION_ADDED:
        return _("Spørsmål lagt til i evalueringen: «%(text)s»", text=_text(after.get("text")))
    return _("Spørsmål i evalueringen endret: «%(text)s»", text=_text(after.get("text")))


def _yes_no(value: Any) -> str:
    return _("ja") if value else _("nei")


def _hours(value: Any) -> str:
    if not isinstance(value, int):
        return _none()
    return ngettext("%(num)s time", "%(num)s timer", value)


def _evaluation_settings(entry: AuditEntry, before: Mapping[str, Any],
                         after: Mapping[str, Any]) -> str:
    settings: list[tuple[str, str, Callable[[Any], str]]] = [
        ("anonymous", _("Anonyme svar"), _yes_no),
        ("auto_send", _("Automatisk utsending"), _yes_no),
        ("delay", _("Tid før utsending"), _hours),
        ("closes_at", _("Svarfrist"), lambda v: _when(v) or _none()),
    ]
    return _sentences(*(
        _("%(field)s endret fra %(old)s til %(new)s", field=label, old=show(before.get(key)),
          new=show(after.get(key)))
        for key, label, show in settings
        if key in after and before.get(key) != after.get(key)))


def _invited(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    count = _count(after, "count")
    if after.get("group") == "confirmed":
        text = ngettext("Evaluering sendt til %(num)s bekreftet deltaker",
                        "Evaluering sendt til %(num)s bekreftede deltakere", count)
    else:
        text = ngettext("Evaluering sendt til %(num)s deltaker som møtte",
                        "Evaluering sendt til %(num)s deltakere som møtte", count)
    if after.get("automatic"):
        return _("%(what)s (automatisk)", what=text)
    return text


def _reminded(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    return ngettext("Påminnelse om evaluering sendt til %(num)s deltaker",
                    "Påminnelse om evaluering sendt til %(num)s deltakere",
                    _count(after, "count"))


# --- exports -----------------------------------------------------------------------------

def _format(after: Mapping[str, Any]) -> str:
    return FORMATS.get(after.get("format") or "", _text(after.get("format")))


def _export_participants(entry: AuditEntry, before: Mapping[str, Any],
                         after: Mapping[str, Any]) -> str:
    text = ngettext("Deltakerlisten lastet ned som %(format)s, %(num)s rad",
                    "Deltakerlisten lastet ned som %(format)s, %(num)s rader",
                    _count(after, "rows"), format=_format(after))
    chosen = [x for x in (
        _status(after["status"]) if after.get("status") in STATUS_WORDS else "",
        _mode(after["mode"]) if after.get("mode") else "",
        _("økt: %(session)s", session=_session(entry, after["session"]))
        if after.get("session") else "") if x]
    if chosen:
        return _("%(what)s (utvalg: %(chosen)s)", what=text, chosen=", ".join(chosen))
    return text


def _export_kitchen(entry: AuditEntry, before: Mapping[str, Any],
                    after: Mapping[str, Any]) -> str:
    return ngettext("Kjøkkenlisten lastet ned som %(format)s, %(num)s rad",
                    "Kjøkkenlisten lastet ned som %(format)s, %(num)s rader",
                    _count(after, "rows"), format=_format(after))


def _export_evaluation(entry: AuditEntry, before: Mapping[str, Any],
                       after: Mapping[str, Any]) -> str:
    text = ngettext("Evalueringssvarene lastet ned som %(format)s, %(num)s rad",
                    "Evalueringssvarene lastet ned som %(format)s, %(num)s rader",
                    _count(after, "rows"), format=_format(after))
    if after.get("anonymous"):
        return _("%(what)s (anonyme)", what=text)
    return _("%(what)s (med navn)", what=text)


def _with_reason(entry: AuditEntry, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """Course actions (courses/): the label, with the organiser's reason or the level."""
    detail = after.get("reason") or after.get("requires")
    return f"{entry.action.label}: «{_text(detail)}»" if detail else ""


Teller = Callable[[AuditEntry, Mapping[str, Any], Mapping[str, Any]], str]
_TELLERS: dict[AuditAction, Teller] = {
    AuditAction.COMPLETION_MANUAL: _with_reason,
    AuditAction.COMPLETION_WITHDRAWN: _with_reason,
    AuditAction.PREREQUISITE_WAIVED: _with_reason,
    AuditAction.REGISTERED: _signed_up,
    AuditAction.ADDED: _signed_up,
    AuditAction.CANCELLED: _cancelled,
    AuditAction.PROMOTED: _changed,
    AuditAction.CONFIRMED_OVER_CAPACITY: _changed,
    AuditAction.QUEUE_MOVED: _queue,
    AuditAction.EDITED: _changed,
    AuditAction.MODE_CHANGED: _changed,
    AuditAction.CAPACITY_CHANGED: _capacity,
    AuditAction.EVENT_CREATED: _event_created,
    AuditAction.EVENT_EDITED: _event_edited,
    AuditAction.EVENT_STATUS: _event_edited,
    AuditAction.EVENT_DUPLICATED: _duplicated,
    AuditAction.EVENT_MESSAGE: _message,
    AuditAction.SESSION_ADDED: _session_saved,
    AuditAction.SESSION_EDITED: _session_saved,
    AuditAction.SESSION_REMOVED: _session_removed,
    AuditAction.TEAM_ADDED: _team_added,
    AuditAction.TEAM_REMOVED: _team_removed,
    AuditAction.CHECKIN_ADDED: _checked_in,
    AuditAction.CHECKIN_UNDONE: _checkin_undone,
    AuditAction.CHECKIN_MANUAL: _attendance,
    AuditAction.EVALUATION_TEMPLATE_USED: _template,
    AuditAction.EVALUATION_TEMPLATE_SAVED: _template,
    AuditAction.EVALUATION_QUESTION_ADDED: _question,
    AuditAction.EVALUATION_QUESTION_CHANGED: _question,
    AuditAction.EVALUATION_QUESTION_REMOVED: _question,
    AuditAction.EVALUATION_SETTINGS: _evaluation_settings,
    AuditAction.EVALUATION_INVITED: _invited,
    AuditAction.EVALUATION_REMINDED: _reminded,
    AuditAction.EXPORT_PARTICIPANTS: _export_participants,
    AuditAction.EXPORT_KITCHEN: _export_kitchen,
    AuditAction.EXPORT_EVALUATION: _export_evaluation,
}
