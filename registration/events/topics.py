"""Satsingsområder (national priorities) as data: the admins' list, and the topics an event
can be given. An event may carry several; the yearly report counts it under each."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select
from wtforms import StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.i18n import local
from ..models import Event, Topic, User, utcnow
from .forms import FIRST_YEAR, LAST_YEAR, WholeNumberField


class TopicRuleError(ValueError):
    """The name is taken by another topic."""


def this_year() -> int:
    return local(utcnow()).year


def all_topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.name)).all())


def valid_in(year: int) -> list[Topic]:
    return list(db.session.scalars(select(Topic).where(
        Topic.valid_from_year <= year,
        or_(Topic.valid_to_year.is_(None), Topic.valid_to_year >= year)).order_by(Topic.name)))


def current_names() -> list[str]:
    """The topics valid this year (the catalogue's filter)."""
    return [t.name for t in valid_in(this_year())]


def choices_for(event: Event | None) -> list[tuple[int, str]]:
    """What the event form offers: the topics valid this year or later, and any the event
    already has (an expired one stays until it is unticked)."""
    year = this_year()
    offered = [t for t in all_topics() if t.valid_to_year is None or t.valid_to_year >= year]
    for topic in event.topics if event is not None else []:
        if topic not in offered:
            offered.append(topic)
    return [(t.id, t.name if t.valid_to_year is None or t.valid_to_year >= year
             else f"{t.name} ({_l('gjaldt til %(year)s', year=t.valid_to_year)})")
            for t in sorted(offered, key=lambda t: t.name)]


def by_ids(ids: list[int]) -> list[Topic]:
    if not ids:
        return []
    return list(db.session.scalars(select(Topic).where(Topic.id.in_(ids))).all())


class TopicForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[
        DataRequired(_l("Skriv inn et navn.")),
        Length(max=120, message=_l("Navnet kan ha høyst 120 tegn."))])
    valid_from_year = WholeNumberField(_l("Gjelder fra år"), validators=[
        InputRequired(_l("Skriv inn året det gjelder fra.")),
        NumberRange(min=FIRST_YEAR, max=LAST_YEAR,
                    message=_l("Velg et år fra %(first)s til %(last)s.", first=FIRST_YEAR,
                               last=LAST_YEAR))])
    valid_to_year = WholeNumberField(_l("Gjelder til og med år (tomt = fortsatt)"), validators=[
        Optional(), NumberRange(min=FIRST_YEAR, max=LAST_YEAR,
                                message=_l("Velg et år fra %(first)s til %(last)s.",
                                           first=FIRST_YEAR, last=LAST_YEAR))])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        start, end = self.valid_from_year.data, self.valid_to_year.data
        if ok and end is not None and start is not None and end < start:
            self.valid_to_year.errors = [_l("Sluttåret kan ikke være før startåret.")]
            ok = False
        return ok


def _snapshot(topic: Topic) -> dict[str, Any]:
    return {"name": topic.name, "valid_from_year": topic.valid_from_year,
            "valid_to_year": topic.valid_to_year}


def _name_taken(name: str, but: int | None) -> bool:
    query = select(func.count(Topic.id)).where(func.lower(Topic.name) == name.lower())
    if but is not None:
        query = query.where(Topic.id != but)
    return bool(db.session.scalar(query))


def save(topic: Topic | None, name: str, valid_from: int, valid_to: int | None,
         actor: User) -> Topic:
    """Create (topic None) or change a topic; one transaction with its audit row."""
    name = " ".join(name.split())
    with write_transaction():
        if _name_taken(name, topic.id if topic is not None else None):
            raise TopicRuleError(str(_l("Det finnes alt et satsingsområde som heter «%(name)s».",
                                        name=name)))
        before = _snapshot(topic) if topic is not None else None
        if topic is None:
            topic = Topic(name=name, valid_from_year=valid_from, valid_to_year=valid_to)
            db.session.add(topic)
        else:
            topic.name, topic.valid_from_year, topic.valid_to_year = name, valid_from, valid_to
        db.session.flush()
        audit.record(AuditAction.TOPIC_SAVED, event_id=None, actor=actor, before=before,
                     after=_snapshot(topic))
    return topic


def event_counts() -> dict[int, int]:
    """How many events carry each topic (shown beside it in the admins' list)."""
    from ..models import event_topic

    return dict(db.session.execute(select(event_topic.c.topic_id, func.count())
                                   .group_by(event_topic.c.topic_id)).tuples().all())


def named(name: str, valid_from: int = 2020) -> Topic:
    """The topic called ``name``, added to the session if there is none (demo data, tests)."""
    topic = db.session.scalar(select(Topic).where(Topic.name == name))
    if topic is None:
        topic = Topic(name=name, valid_from_year=valid_from)
        db.session.add(topic)
        db.session.flush()
    return topic
