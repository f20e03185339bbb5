"""Organiser accounts (the centre's staff) and their bearer tokens."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from ..core.extensions import Model
from ..core.types import EnumColumn, UTCDateTime, enum_check, utcnow


class UserRole(enum.StrEnum):
    ADMIN = "admin"
    ARRANGOR = "arrangor"  # arrangør: creates and manages own and co-organised events
    VERT = "vert"  # check-in host: only the check-in screens of assigned events


class User(UserMixin, Model):
    """An organiser account (the centre's staff). Participants have no accounts."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(enum_check("role", UserRole), name="role_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[UserRole] = mapped_column(EnumColumn(UserRole))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Raised at sign-out and password change: a session cookie carries the version it was
    # signed in with, and one with an older version is no longer signed in (copied or not).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Wrong passwords in a row, and until when the account then refuses to sign in.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A start password set by an admin (or the CLI) must be replaced at first sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated accounts cannot sign in
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == UserRole.ADMIN


class TokenScope(enum.StrEnum):
    """What a bearer token may do; each API route names the scopes it accepts."""

    CHECKIN = "checkin"  # check people in (and see the session's counts)
    EXPORT = "export"  # download participant lists
    READ = "read"  # counts only, no personal data


class ApiToken(Model):
    """A bearer token for devices and scripts, with a scope and an expiry, accepted only
    under /api/. Only its SHA-256 is stored."""

    __tablename__ = "api_token"
    __table_args__ = (CheckConstraint(enum_check("scope", TokenScope), name="scope_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scope: Mapped[TokenScope] = mapped_column(EnumColumn(TokenScope), default=TokenScope.READ,
                                              server_default=TokenScope.READ.value)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
