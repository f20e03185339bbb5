"""«Meld på flere» and the group page: parse the form, call groups.operations, render."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from ..core import honeypot, ratelimit
from ..core.types import utcnow
from ..events import catalogue
from ..events.models import Event
from ..questions import answers as own_answers
from ..questions.builder import questions_of
from ..questions.models import EventQuestion
from ..registrations import rules, seats
from ..registrations.forms import MunicipalitySelect
from . import operations, parse
from .models import RegistrationGroup

bp = Blueprint("groups", __name__)

DEFAULT_ROWS = 3
ROW_FIELDS = ("name", "email", "role", "mode", "mobile", "diet", "diet_consent")


def kommune_select(name: str, value: str, **attrs: Any) -> Markup:
    """The official municipality list, as on the single registration form."""
    field = SimpleNamespace(id=attrs.pop("id", name), name=name, data=value)
    return MunicipalitySelect()(field, **attrs)


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {"kommune_select": kommune_select}


def _row_count(form: MultiDict[str, str]) -> int:
    try:
        rows = int(form.get("rows", DEFAULT_ROWS))
    except ValueError:
        rows = DEFAULT_ROWS
    return max(1, min(rows, parse.MAX_PARTICIPANTS))


def _row(form: MultiDict[str, str], prefix: str, questions: list[EventQuestion]
         ) -> dict[str, Any]:
    """One person's fields as the API takes them, with the answers to the own questions."""
    row: dict[str, Any] = {key: form.get(f"{prefix}-{key}", "") for key in ROW_FIELDS}
    row["answers"] = own_answers.from_form(questions, form, prefix=f"{prefix}-q")
    row["health_consent"] = form.get(f"{prefix}-q-health_consent", "")
    return row


def _rows_from_form(form: MultiDict[str, str], count: int, event: Event
                    ) -> list[dict[str, Any]]:
    questions = questions_of(event.id)
    return [_row(form, f"participants-{i}", questions) for i in range(count)]


def _filled(row: dict[str, Any]) -> bool:
    return any(row[key].strip() for key in ("name", "email", "mobile", "diet"))


def _parse_rows(rows: list[dict[str, Any]], event: Event, body: dict[str, Any]
                ) -> tuple[parse.GroupRequest | None, dict[str, str]]:
    """Parse with the empty rows left out, then report errors on the rows as shown."""
    shown = [i for i, row in enumerate(rows) if _filled(row)]
    found, errors = parse.group({**body, "participants": [rows[i] for i in shown]}, event)
    return found, {_shown_key(key, shown): message for key, message in errors.items()}


def _event_or_404(event_id: int) -> Event:
    event = catalogue.published(event_id)
    if event is None:
        abort(404)
    return event


def _closed_reason(event: Event) -> str | None:
    if event.chooses_sessions:
        return str(rules.RegistrationRefused("group_with_sessions").message)
    try:
        rules.check_registration_open(event, utcnow())
    except rules.RegistrationRefused as refused:
        return refused.message
    return None


def _render_form(event: Event, form: MultiDict[str, str], rows: list[dict[str, Any]],
                 errors: dict[str, str], refusal: str | None = None, status: int = 200
                 ) -> tuple[str, int]:
    return render_template("groups/register.html", event=event, form=form, rows=rows,
                           errors=errors, refusal=refusal, summary=seats.seat_summary(event),
                           closed_reason=_closed_reason(event),
                           max_rows=parse.MAX_PARTICIPANTS), status


@bp.get("/arrangement/<int:event_id>/gruppe")
def register_form(event_id: int) -> ResponseReturnValue:
    event = _event_or_404(event_id)
    form: MultiDict[str, str] = MultiDict()
    return _render_form(event, form, _rows_from_form(form, DEFAULT_ROWS, event), {})


@bp.post("/arrangement/<int:event_id>/gruppe")
def register(event_id: int) -> ResponseReturnValue:
    event = _event_or_404(event_id)
    form = request.form
    rows = _rows_from_form(form, _row_count(form), event)
    if form.get("action") == "add_row":
        if len(rows) < parse.MAX_PARTICIPANTS:
            rows.append(dict.fromkeys(ROW_FIELDS, ""))
        return _render_form(event, form, rows, {})
    wait = ratelimit.over_limit({
        "REGISTRATION_LIMIT": ratelimit.client_address(),
        "REGISTRATION_EMAIL_LIMIT": rules.normalize_email(form.get("contact-email", "")),
    })
    if wait:
        ratelimit.log_refusal("group registration form")
        page, status = _render_form(event, form, rows, {}, ratelimit.message(wait), 429)
        return page, status, {"Retry-After": str(wait)}
    if honeypot.filled(form):
        honeypot.log("group registration form")
        return _render_form(event, form, rows, {}, _("Vi kunne ikke ta imot påmeldingen. Se "
                                                     "over skjemaet og send det en gang til."),
                            422)
    choice = form.get("all_or_nothing")
    body = {"contact": {key: form.get(f"contact-{key}", "") for key in
                        ("name", "email", "mobile", "kommune", "workplace")},
            "all_or_nothing": {"all": True, "any": False}.get(choice or ""),
            "group_name": form.get("group_name", "")}
    found, errors = _parse_rows(rows, event, body)
    if not form.get("privacy"):
        errors["privacy"] = _("Bekreft at deltakerne vet om påmeldingen og "
                              "personvernerklæringen.")
    if found is None or errors:
        return _render_form(event, form, rows, errors, None, 422)
    try:
        outcome = operations.register_group(event.id, found)
    except operations.GroupRowErrors as refused:
        shown = [i for i, row in enumerate(rows) if _filled(row)]
        errors = {_shown_key(key, shown): message for key, message in refused.errors.items()}
        return _render_form(event, form, rows, errors, _("Noen av deltakerne er allerede "
                                                         "påmeldt. Se radene som er merket."),
                            409)
    except rules.RegistrationRefused as refused:
        return _render_form(event, form, rows, {}, refused.message, 409)
    flash(_("Gruppen er påmeldt. Hver deltaker får en e-post med sin egen lenke, og du får "
            "lenken til denne siden på e-post."), "success")
    return redirect(url_for("groups.group_page", token=outcome.group_token), 303)


def _shown_key(key: str, shown: list[int]) -> str:
    parts = key.split(".")
    if parts[0] == "participants" and len(parts) == 3 and int(parts[1]) < len(shown):
        parts[1] = str(shown[int(parts[1])])
    return ".".join(parts)


def _group_or_404(token: str) -> RegistrationGroup:
    group = operations.get_by_token(token)
    if group is None or group.anonymised_at is not None:
        abort(404)
    return group


def _render_group(group: RegistrationGroup, errors: dict[str, str] | None = None,
                  form: MultiDict[str, str] | None = None, replacing: int | None = None,
                  refusal: str | None = None, status: int = 200) -> tuple[str, int]:
    event = group.event
    deadline = event.cancellation_deadline or event.starts_at
    return render_template(
        "groups/group.html", group=group, event=event, members=operations.members(group),
        positions=seats.waitlist_positions(event.id), errors=errors or {},
        form=form or MultiDict(), replacing=replacing, refusal=refusal,
        changes_open=deadline is None or utcnow() <= deadline, deadline=deadline,
        registration_open=_closed_reason(event) is None), status


@bp.get("/gruppe/<token>")
def group_page(token: str) -> ResponseReturnValue:
    return _render_group(_group_or_404(token))


def _one_person(form: MultiDict[str, str], prefix: str, event: Event,
                group: RegistrationGroup) -> tuple[rules.Participant | None, dict[str, str]]:
    errors: dict[str, str] = {}
    questions = questions_of(event.id)
    row = _row(form, prefix, questions)
    person = parse.participant(row, 0, event, errors, group.contact_kommunenummer,
                               group.contact_workplace, questions)
    return person, {key.replace("participants.0.", ""): value for key, value in errors.items()}


@bp.post("/gruppe/<token>/bytt/<int:registration_id>")
def replace(token: str, registration_id: int) -> ResponseReturnValue:
    group = _group_or_404(token)
    person, errors = _one_person(request.form, f"replace{registration_id}", group.event, group)
    if person is None:
        return _render_group(group, errors, request.form, registration_id, status=422)
    try:
        operations.replace(token, registration_id, person)
    except operations.GroupRowErrors as refused:
        return _render_group(group, refused.errors, request.form, registration_id, status=409)
    except rules.RegistrationRefused as refused:
        return _render_group(group, refusal=refused.message, status=409)
    flash(_("Deltakeren er byttet ut. Den nye deltakeren får en e-post med sin egen lenke."),
          "success")
    return redirect(url_for("groups.group_page", token=token), 303)


@bp.post("/gruppe/<token>/legg-til")
def add(token: str) -> ResponseReturnValue:
    group = _group_or_404(token)
    person, errors = _one_person(request.form, "add", group.event, group)
    if person is None:
        return _render_group(group, errors, request.form, status=422)
    try:
        operations.add_people(token, [person])
    except operations.GroupRowErrors as refused:
        errors = {key.replace("participants.0.", ""): value
                  for key, value in refused.errors.items()}
        return _render_group(group, errors, request.form, status=409)
    except rules.RegistrationRefused as refused:
        return _render_group(group, refusal=refused.message, form=request.form, status=409)
    flash(_("Deltakeren er lagt til i gruppen."), "success")
    return redirect(url_for("groups.group_page", token=token), 303)


@bp.post("/gruppe/<token>/meld-av")
def cancel(token: str) -> ResponseReturnValue:
    group = _group_or_404(token)
    ids = [int(value) for value in request.form.getlist("registration_id") if value.isdigit()]
    if not ids:
        return _render_group(group, {"cancel": _("Velg hvem som skal meldes av.")},
                             status=422)
    try:
        count = operations.cancel_members(token, ids)
    except rules.RegistrationRefused as refused:
        return _render_group(group, refusal=refused.message, status=409)
    flash(_("%(n)s deltakere er meldt av.", n=count), "success")
    return redirect(url_for("groups.group_page", token=token), 303)
