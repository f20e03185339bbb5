"""The organiser's network pages under /arrangor/nettverk, and who may register for an event
and its invitations under /arrangor/arrangement/<id>/. Every route: organiser_required, then
managed_network_or_abort / managed_event_or_abort (404 unknown, 403 not yours)."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.permissions import managed_event_or_abort, managed_events_query, organiser_required
from ..core.extensions import db
from ..events.forms import ConfirmForm
from ..events.models import Event
from ..registrations.models import Registration, RegistrationStatus
from . import imports, invitations, roster
from . import operations as networks
from .access import managed_network_or_abort, managed_networks_query
from .forms import (
    AudienceForm,
    ImportConfirmForm,
    ImportForm,
    InviteForm,
    MemberForm,
    NetworkForm,
    NetworkMessageForm,
)
from .models import Audience, Network
from .views import bp


@bp.get("/arrangor/nettverk")
@organiser_required
def index() -> str:
    found = db.session.scalars(managed_networks_query(current_user)).all()
    return render_template("networks/index.html", networks=found)


def _fields(form: NetworkForm) -> networks.NetworkFields:
    return networks.NetworkFields(
        name=(form.name.data or "").strip(), description=(form.description.data or "").strip(),
        contact_name=(form.contact_name.data or "").strip(),
        contact_email=form.contact_email.clean)


@bp.route("/arrangor/nettverk/nytt", methods=["GET", "POST"])
@organiser_required
def new() -> Any:
    form = NetworkForm()
    if form.validate_on_submit():
        network = networks.save_network(None, _fields(form), current_user)
        flash(_("Nettverket er opprettet."), "success")
        return redirect(url_for("networks.show", network_id=network.id), 303)
    return render_template("networks/form.html", form=form, network=None), (
        422 if form.errors else 200)


@bp.route("/arrangor/nettverk/<int:network_id>/rediger", methods=["GET", "POST"])
@organiser_required
def edit(network_id: int) -> Any:
    network = managed_network_or_abort(network_id)
    form = NetworkForm(obj=None if request.method == "POST" else network)
    if form.validate_on_submit():
        networks.save_network(network, _fields(form), current_user)
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for("networks.show", network_id=network.id), 303)
    return render_template("networks/form.html", form=form, network=network), (
        422 if form.errors else 200)


def _show(network: Network, member_form: MemberForm, status: int = 200) -> Any:
    return render_template("networks/show.html", network=network, member_form=member_form,
                           remove_form=ConfirmForm(), events=networks.gatherings(network),
                           log=networks.log(network)), status


@bp.get("/arrangor/nettverk/<int:network_id>")
@organiser_required
def show(network_id: int) -> Any:
    return _show(managed_network_or_abort(network_id), MemberForm(formdata=None))


def member_fields(form: MemberForm) -> networks.MemberFields:
    return networks.MemberFields(
        name=form.name.clean, email=form.email.clean, kommunenummer=form.kommune.clean,
        workplace=form.workplace.clean, role=form.role.clean, mobile=form.mobile.clean)


@bp.post("/arrangor/nettverk/<int:network_id>/medlemmer")
@organiser_required
def add_member(network_id: int) -> Any:
    network = managed_network_or_abort(network_id)
    form = MemberForm()
    if not form.validate():
        return _show(network, form, 422)
    try:
        networks.add_member(network, member_fields(form), current_user)
    except networks.AlreadyMember:
        form.email.errors = [_("%(email)s er allerede medlem av nettverket.",
                               email=form.email.clean)]
        return _show(network, form, 409)
    flash(_("%(name)s er lagt til som medlem.", name=form.name.clean), "success")
    return redirect(url_for("networks.show", network_id=network.id), 303)


@bp.post("/arrangor/nettverk/<int:network_id>/medlemmer/<int:member_id>/fjern")
@organiser_required
def remove_member(network_id: int, member_id: int) -> Any:
    network = managed_network_or_abort(network_id)
    if ConfirmForm().validate() and networks.remove_member(network, member_id, current_user):
        flash(_("Medlemmet er fjernet, og opplysningene om det er slettet."), "success")
    return redirect(url_for("networks.show", network_id=network.id), 303)


@bp.route("/arrangor/nettverk/<int:network_id>/import", methods=["GET", "POST"])
@organiser_required
def import_file(network_id: int) -> Any:
    """Step 1: upload; the answer is the preview (nothing saved yet)."""
    network = managed_network_or_abort(network_id)
    form = ImportForm()
    rows: list[imports.PreviewRow] | None = None
    if form.validate_on_submit():
        upload = form.file.data
        known = {m.email_normalized for m in network.members}
        try:
            rows = imports.read(upload.filename, upload.read(300_000), known)
        except imports.ImportFileError as error:
            form.file.errors = [str(error)]
    good = [r for r in rows or [] if r.ok]
    confirm = ImportConfirmForm(formdata=None, rows=json.dumps(
        [r.raw for r in good], ensure_ascii=False))
    return render_template("networks/import.html", network=network, form=form, rows=rows,
                           good=good, confirm=confirm), (422 if form.errors else 200)


@bp.post("/arrangor/nettverk/<int:network_id>/import/lagre")
@organiser_required
def import_save(network_id: int) -> Any:
    """Step 2: save the rows the organiser ticked, checked again (never trusted)."""
    network = managed_network_or_abort(network_id)
    form = ImportConfirmForm()
    try:
        raws = json.loads(form.rows.data or "[]") if form.validate() else None
    except ValueError:
        raws = None
    if not isinstance(raws, list):
        flash(_("Importen kunne ikke lagres. Last opp filen på nytt."), "danger")
        return redirect(url_for("networks.import_file", network_id=network.id), 303)
    chosen = set(request.form.getlist("take"))
    rows = []
    for index, raw in enumerate(raws[:imports.MAX_ROWS]):
        if str(index) not in chosen or not isinstance(raw, dict):
            continue
        member, problems = imports.check_row({k: str(v) for k, v in raw.items()})
        if member is not None:
            rows.append(member)
    if not rows:
        flash(_("Ingen rader var valgt, så ingenting er lagret."), "warning")
        return redirect(url_for("networks.import_file", network_id=network.id), 303)
    result = networks.import_members(network, rows, current_user)
    flash(_("%(added)s nye medlemmer, %(updated)s oppdatert.", added=result.added,
            updated=result.updated), "success")
    return redirect(url_for("networks.show", network_id=network.id), 303)


@bp.get("/arrangor/nettverk/<int:network_id>/oppmote")
@organiser_required
def roster_page(network_id: int) -> Any:
    network = managed_network_or_abort(network_id)
    return render_template("networks/roster.html", roster=roster.build(network),
                           words=roster.words(), network=network)


@bp.get("/arrangor/nettverk/<int:network_id>/oppmote.xlsx")
@organiser_required
def roster_excel(network_id: int) -> Response:
    network = managed_network_or_abort(network_id)
    body = roster.to_excel(roster.build(network))
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet", headers={
                        "Content-Disposition": f'attachment; filename="oppmote-{network.id}.xlsx"',
                        "Cache-Control": "no-store"})


@bp.route("/arrangor/nettverk/<int:network_id>/melding", methods=["GET", "POST"])
@organiser_required
def message(network_id: int) -> Any:
    network = managed_network_or_abort(network_id)
    form = NetworkMessageForm()
    if form.validate_on_submit():
        count = networks.send_message(network, (form.subject.data or "").strip(),
                                      (form.body.data or "").strip(), current_user)
        flash(_("Meldingen sendes til %(n)s medlemmer.", n=count), "success")
        return redirect(url_for("networks.show", network_id=network.id), 303)
    return render_template("networks/message.html", network=network, form=form), (
        422 if form.errors else 200)


def _network_choices() -> list[tuple[str, str]]:
    return [("", _("Ingen"))] + [(str(n.id), n.name) for n in db.session.scalars(
        managed_networks_query(current_user))]


@bp.route("/arrangor/arrangement/<int:event_id>/hvem", methods=["GET", "POST"])
@organiser_required
def audience(event_id: int) -> Any:
    """Who may register: open, the members of a network, or by invitation."""
    event = managed_event_or_abort(event_id)
    form = AudienceForm(data=None if request.method == "POST" else {
        "audience": str(event.audience), "network": str(event.network_id or "")})
    form.network.choices = _network_choices()
    if event.network is not None and str(event.network_id) not in dict(form.network.choices):
        form.network.choices.append((str(event.network_id), event.network.name))
    if form.validate_on_submit():
        networks.set_audience(event, Audience(form.audience.data),
                              int(form.network.data) if form.network.data else None,
                              current_user)
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for("networks.audience", event_id=event.id), 303)
    return render_template("networks/audience.html", event=event, form=form), (
        422 if form.errors else 200)


@bp.route("/arrangor/arrangement/<int:event_id>/invitasjoner", methods=["GET", "POST"])
@organiser_required
def invite(event_id: int) -> Any:
    event = managed_event_or_abort(event_id)
    form = InviteForm()
    form.network.choices = _network_choices()
    form.source_event.choices = [("", _("Ingen"))] + [
        (str(e.id), e.title) for e in db.session.scalars(
            managed_events_query(current_user).order_by(Event.title))
        if e.id != event.id]
    if form.validate_on_submit():
        invitees: list[invitations.Invitee] = []
        if form.network.data:
            network = managed_network_or_abort(int(form.network.data))
            invitees += [invitations.Invitee(m.email, m.name, m.id) for m in network.members]
        if form.source_event.data:
            source = managed_event_or_abort(int(form.source_event.data))
            invitees += [invitations.Invitee(r.email, r.name) for r in db.session.scalars(
                select(Registration).where(Registration.event_id == source.id,
                                           Registration.status == RegistrationStatus.CONFIRMED))]
        invitees += [invitations.Invitee(email, name) for email, name in form.addresses.clean]
        sent, already = invitations.invite(event, invitees, current_user)
        flash(_("%(sent)s invitasjoner sendes. %(already)s var invitert fra før.", sent=sent,
                already=already), "success")
        return redirect(url_for("networks.invite", event_id=event.id), 303)
    return render_template("networks/invite.html", event=event, form=form,
                           invited=invitations.for_event(event.id)), (
        422 if form.errors else 200)
