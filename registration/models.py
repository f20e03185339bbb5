"""Every table, gathered for Alembic (migrations/env.py) and the app factory.

The models live with their feature (``events/models.py``, ``registrations/models.py`` …);
importing this module registers them all on the shared metadata.
"""

from .accounts.models import ApiToken, User, UserRole
from .audit.models import AuditEntry
from .checkin.models import CheckIn, CheckInMethod, JoinLink
from .core.types import UTCDateTime, utcnow
from .courses.models import CompletionMethod, CourseCompletion, CourseLevel, CourseTrack
from .evaluations.models import (
    EvaluationAnswer,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationQuestion,
    EvaluationResponse,
    QuestionKind,
)
from .events.models import (
    Event,
    EventKind,
    EventSession,
    EventStatus,
    Mode,
    Participation,
    SeatPool,
    SessionSeatPool,
    Topic,
    event_host,
    event_organiser,
    event_topic,
)
from .groups.models import RegistrationGroup
from .mail.models import MessageKind, OutboxMessage, OutboxStatus
from .networks.models import Audience, Invitation, Network, NetworkMember
from .questions.models import AnswerKind, EventQuestion, RegistrationAnswer
from .registrations.models import Registration, RegistrationSession, RegistrationStatus, Role
from .series.models import EventSeries

__all__ = [
    "AnswerKind", "ApiToken", "Audience", "AuditEntry", "CheckIn", "CheckInMethod",
    "CompletionMethod", "CourseCompletion", "CourseLevel", "CourseTrack", "EvaluationAnswer",
    "EvaluationForm", "EvaluationInvitation", "EvaluationQuestion", "EvaluationResponse",
    "Event", "EventKind", "EventQuestion", "EventSeries", "EventSession", "EventStatus",
    "Invitation", "JoinLink", "MessageKind", "Mode", "Network", "NetworkMember",
    "OutboxMessage", "OutboxStatus", "Participation", "QuestionKind", "Registration",
    "RegistrationAnswer", "RegistrationGroup", "RegistrationSession", "RegistrationStatus",
    "Role", "SeatPool", "SessionSeatPool",
    "Topic", "UTCDateTime", "User", "UserRole", "event_host", "event_organiser", "event_topic",
    "utcnow",
]
