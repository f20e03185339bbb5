"""Accounts, passwords (argon2) and bearer tokens. Who may do what: ``permissions``."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, has_request_context, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from ..core.db import write_transaction
from ..core.extensions import db, login_manager
from ..core.ids import parse_id
from ..core.types import utcnow
from . import passwords
from .models import ApiToken, TokenScope, User, UserRole

log = logging.getLogger("registration.accounts")

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): argon2-cffi's
# default takes 64 MiB per hash, which would double a worker's peak memory at each sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
TOKEN_PREFIX = "pml_"
MIN_PASSWORD = passwords.MIN_LENGTH
# Wrong passwords in a row before the account waits; the wait then doubles with each
# further wrong password (1, 2, 4 … minutes), up to LOCK_MAX.
LOCK_AFTER = 5
LOCK_MAX = timedelta(hours=1)
TOKEN_LIFETIMES_DAYS = (1, 7, 30, 90, 365)
SESSION_VERSION_KEY = "_sv"


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both cases take the same time."""
    return _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    pass


def normalize(email: str) -> str:
    return email.strip().lower()


def check_password(password: str, email: str) -> None:
    reason = passwords.problem(password, email)
    if reason:
        raise AccountError(reason)


def create_user(email: str, role: str, password: str, name: str = "", *,
                must_change_password: bool = False, check_policy: bool = True) -> User:
    """A new account. ``must_change_password``: a start password someone else chose, to be
    replaced at first sign-in. ``check_policy=False`` only for the demo accounts."""
    if role not in {r.value for r in UserRole}:
        raise AccountError(f"ukjent rolle: {role}")
    if check_policy:
        check_password(password, email)
    if db.session.scalar(select(User.id).where(User.email == normalize(email))):
        raise AccountError(_l("Det finnes allerede en bruker med e-post %(email)s.",
                              email=normalize(email)))
    with write_transaction():
        user = User(email=normalize(email), role=role, name=name.strip(),
                    password_hash=_hasher.hash(password),
                    must_change_password=must_change_password)
        db.session.add(user)
    return user


def _verify(user: User | None, password: str) -> bool:
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return user is not None


def authenticate(email: str, password: str) -> User | None:
    """The account if the password is right (no lockout: see ``sign_in``)."""
    user = db.session.scalar(select(User).where(User.email == normalize(email)))
    if not _verify(user, password) or user is None or not user.active:
        return None
    return user


@dataclass(frozen=True)
class SignIn:
    user: User | None
    locked_until: datetime | None = None


def lock_delay(failures: int) -> timedelta | None:
    if failures < LOCK_AFTER:
        return None
    return min(timedelta(minutes=2 ** min(failures - LOCK_AFTER, 10)), LOCK_MAX)


def sign_in(email: str, password: str, client: str = "") -> SignIn:
    """Check a sign-in: counts wrong passwords per account in the database, and refuses a
    locked account without looking at the password. ``client``: the address, for the log."""
    user = db.session.scalar(select(User).where(User.email == normalize(email)))
    now = utcnow()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        log.warning("sign-in refused: account %s locked until %s (client %s)", user.id,
                    user.locked_until.isoformat(), client)
        return SignIn(None, user.locked_until)
    if not _verify(user, password) or user is None:
        if user is None:
            log.warning("sign-in failed: unknown e-mail (client %s)", client)
            return SignIn(None)
        user_id = user.id
        with write_transaction():
            failures = db.session.execute(
                update(User).where(User.id == user_id)
                .values(failed_logins=User.failed_logins + 1)
                .returning(User.failed_logins)).scalar_one()
            delay = lock_delay(failures)
            locked_until = now + delay if delay else None
            if locked_until:
                db.session.execute(update(User).where(User.id == user_id)
                                   .values(locked_until=locked_until))
        log.warning("sign-in failed: account %s, %s wrong in a row%s (client %s)", user_id,
                    failures, f", locked until {locked_until.isoformat()}"
                    if locked_until else "", client)
        return SignIn(None, locked_until)
    if not user.active:
        return SignIn(None)
    user_id = user.id
    with write_transaction():
        values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
        if _hasher.check_needs_rehash(user.password_hash):
            values["password_hash"] = _hasher.hash(password)
        db.session.execute(update(User).where(User.id == user_id).values(**values))
    db.session.expire(user)
    return SignIn(user)


def remember_session(user: User) -> None:
    """Mark this (new) session with the account's session version."""
    session[SESSION_VERSION_KEY] = user.session_version


def end_other_sessions(user: User) -> int:
    """Every session cookie of this account made before now stops working; the new
    version is returned (remember it in the session that goes on, if one does)."""
    user_id = user.id
    with write_transaction():
        version = db.session.execute(
            update(User).where(User.id == user_id)
            .values(session_version=User.session_version + 1)
            .returning(User.session_version)).scalar_one()
    db.session.expire(user)
    return int(version)


def set_password(user: User, password: str) -> None:
    """A new password of the user's own choosing; ends the account's other sessions."""
    check_password(password, user.email)
    user_id = user.id
    with write_transaction():
        db.session.execute(update(User).where(User.id == user_id).values(
            password_hash=_hasher.hash(password), must_change_password=False,
            failed_logins=0, locked_until=None))
    version = end_other_sessions(user)
    if has_request_context():
        session[SESSION_VERSION_KEY] = version
    log.warning("password changed: account %s; other sessions ended", user_id)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str, scope: str = TokenScope.READ,
                 days: int = 30) -> str:
    """A new bearer token for one scope, valid ``days`` days; the plain value is returned
    once and only its hash is kept."""
    if days not in TOKEN_LIFETIMES_DAYS:
        raise AccountError(f"levetid må være en av {TOKEN_LIFETIMES_DAYS} dager")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write_transaction():
        db.session.add(ApiToken(user_id=user.id, name=name.strip()[:100] or "token",
                                token_hash=_digest(plain), prefix=plain[:12],
                                scope=TokenScope(scope),
                                expires_at=utcnow() + timedelta(days=days)))
    return plain


def user_from_bearer(header: str | None) -> User | None:
    token = token_from_bearer(header)
    return token.user if token is not None else None


# Built once: every API request with a token runs it (a door scans hundreds a minute), and
# building it afresh, with its joinedload, cost more than running it.
TOKEN_BY_HASH = select(ApiToken).where(
    ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None),
    ApiToken.expires_at > bindparam("now", type_=ApiToken.expires_at.type)).options(
    joinedload(ApiToken.user))  # one round trip


def token_from_bearer(header: str | None) -> ApiToken | None:
    if not header or not header.startswith("Bearer "):
        return None
    plain = header[len("Bearer "):].strip()
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    now = utcnow()
    token = db.session.scalar(TOKEN_BY_HASH, {"token_hash": _digest(plain), "now": now})
    if token is None or not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        # Written at most every 5 minutes: a scanner sends many requests a minute.
        token_id = token.id
        with write_transaction():
            db.session.execute(update(ApiToken).where(ApiToken.id == token_id)
                               .values(last_used_at=now))
        token = db.session.get(ApiToken, token_id)
        assert token is not None
    return token


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """The session cookie's account, if the cookie was signed in with the account's current
    session version (sign-out and password change raise it)."""
    if parse_id(user_id) is None:
        return None
    user = db.session.get(User, parse_id(user_id))
    if user is None or session.get(SESSION_VERSION_KEY) != user.session_version:
        return None
    return user


@login_manager.request_loader
def _load_user_from_request(request: Any) -> User | None:
    """A bearer token, only on the API: HTML pages ignore the Authorization header."""
    if not request.path.startswith("/api/"):
        return None
    token = token_from_bearer(request.headers.get("Authorization"))
    if token is None:
        return None
    g.api_token = token
    return token.user
