"""Privacy: diet answers deleted after the event and on cancel, registrations anonymised
after the retention time with every yearly figure unchanged, e-mails purged, audit rows
scrubbed. Time moves with the ``clock`` fixture and the worker's round does the work."""

from __future__ import annotations

from sqlalchemy import select

from registration.core.extensions import db
from registration.evaluations import builder, invitations
from registration.models import (
    AuditEntry,
    EvaluationAnswer,
    EvaluationResponse,
    OutboxMessage,
    OutboxStatus,
    Registration,
    utcnow,
)
from registration.privacy.anonymise import anonymise_registration
from tests.test_evaluations import answers, ended_event, tokens

PERSONAL = ("name", "email", "mobile", "workplace")


def test_anonymise_clears_the_person_and_keeps_what_statistics_need(app, client):
    with app.app_context():
        ended = ended_event(people=2, at_door=(0,), online=(1,))
        form = builder.form_of(ended.event_id)
        form.anonymous = False
        db.session.commit()
        invitations.queue_due_invitations(utcnow())
        link = tokens(ended.event_id)[ended.registration_ids[0]]
        data = answers(ended.event_id, most_useful="Kari sin hemmelige kommentar")
    assert client.post(f"/evaluering/{link}", data=data).status_code == 303
    with app.app_context():
        registration = db.session.get(Registration, ended.registration_ids[0])
        old_token, key = registration.token, registration.person_key
        kept = (registration.kommunenummer, registration.role, registration.mode,
                registration.status)
        registration.person_key = None  # as if registered before person keys existed
        db.session.commit()
        assert anonymise_registration(registration, utcnow()) is True
        assert anonymise_registration(registration, utcnow()) is False  # once only
        registration = db.session.get(Registration, ended.registration_ids[0])
        assert registration.anonymised_at is not None
        assert (registration.name, registration.mobile, registration.workplace) == ("", "", "")
        assert registration.email == registration.email_normalized == \
            f"anonymisert-{registration.id}"
        assert registration.token != old_token and registration.ticket_code is None
        assert registration.person_key == key  # backfilled from the e-mail
        assert (registration.kommunenummer, registration.role, registration.mode,
                registration.status) == kept
        texts = db.session.scalars(select(EvaluationAnswer.text).join(EvaluationResponse).where(
            EvaluationResponse.registration_id == registration.id)).all()
        assert "Kari sin hemmelige kommentar" not in texts and texts  # choices stay
        for entry in db.session.scalars(select(AuditEntry).where(
                AuditEntry.registration_id == registration.id)):
            for values in (entry.before or {}, entry.after or {}):
                assert not set(values) & set(PERSONAL), (entry.action, values)
        for message in db.session.scalars(select(OutboxMessage).where(
                OutboxMessage.registration_id == registration.id)):
            assert message.purged_at and not message.to_address and not message.text_body
            assert message.status == OutboxStatus.FAILED  # never sent now
        other = db.session.get(Registration, ended.registration_ids[1])
        assert other.name == ended.names[1] and other.anonymised_at is None
    assert client.get(f"/pamelding/{old_token}").status_code == 404
