"""Accounts, passwords (argon2) and bearer tokens. Who may do what: ``permissions``."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from ..core.db import write_transaction
from ..core.extensions import db, login_manager
from ..core.ids import parse_id
from ..core.types import utcnow
from .models import ApiToken, User, UserRole

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): argon2-cffi's
# default takes 64 MiB per hash, which would double a worker's peak memory at each sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
TOKEN_PREFIX = "pml_"
MIN_PASSWORD = 10


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both cases take the same time."""
    return _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    pass


def normalize(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, role: str, password: str, name: str = "") -> User:
    if role not in {r.value for r in UserRole}:
        raise AccountError(f"ukjent rolle: {role}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"passordet må ha minst {MIN_PASSWORD} tegn")
    if db.session.scalar(select(User.id).where(User.email == normalize(email))):
        raise AccountError(f"det finnes allerede en bruker med e-post {email}")
    user = User(email=normalize(email), role=role, name=name.strip(),
                password_hash=_hasher.hash(password))
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == normalize(email)))
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"passordet må ha minst {MIN_PASSWORD} tegn")
    user.password_hash = _hasher.hash(password)
    db.session.commit()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str) -> str:
    """A new bearer token; the plain value is returned once and only its hash is kept."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=name.strip()[:100] or "token",
                            token_hash=_digest(plain), prefix=plain[:12]))
    db.session.commit()
    return plain


def user_from_bearer(header: str | None) -> User | None:
    if not header or not header.startswith("Bearer "):
        return None
    plain = header[len("Bearer "):].strip()
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(plain),
                                                     ApiToken.revoked_at.is_(None)))
    if token is None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        # Written at most every 5 minutes: a scanner sends many requests a minute.
        token_id = token.id
        with write_transaction():
            db.session.execute(update(ApiToken).where(ApiToken.id == token_id)
                               .values(last_used_at=now))
        token = db.session.get(ApiToken, token_id)
        assert token is not None
    return token.user


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    if parse_id(user_id) is None:
        return None
    return db.session.get(User, parse_id(user_id))


@login_manager.request_loader
def _load_user_from_request(request: Any) -> User | None:
    return user_from_bearer(request.headers.get("Authorization"))
