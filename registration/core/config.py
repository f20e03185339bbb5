"""Configuration read from the environment, with an embedded default (SQLite in instance/)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """Raised at start when the configuration cannot be used."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'pamelding.sqlite3'}"
    return normalize_database_url(url)


def normalize_database_url(url: str) -> str:
    """Heroku-style postgres:// and plain postgresql:// both mean psycopg 3 here."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _secret_key(instance_path: Path, production: bool, given: str | None) -> str:
    key = (given or os.environ.get("SECRET_KEY", "")).strip()
    if key:
        return key
    if production:
        raise ConfigError(
            "SECRET_KEY mangler: sett miljøvariabelen SECRET_KEY til en lang, tilfeldig verdi "
            "før appen startes i produksjon (APP_ENV=production). "
            "SECRET_KEY is missing: set it before starting in production."
        )
    # Development: generate once and keep it, so sessions survive restarts.
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


# Public writes, per client address (*_LIMIT) and per e-mail address (*_EMAIL_LIMIT).
RATE_LIMITS = {
    "REGISTRATION_LIMIT": "10 per minute;30 per hour",
    "REGISTRATION_EMAIL_LIMIT": "3 per minute;10 per hour",
    "CHANGE_LIMIT": "10 per minute;30 per hour",
    "CHANGE_EMAIL_LIMIT": "5 per minute;20 per hour",
    "EVALUATION_LIMIT": "10 per minute;60 per hour",
}


def load_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from environment variables."""
    overrides = overrides or {}
    env = overrides.get("APP_ENV") or os.environ.get("APP_ENV", "development")
    production = env.strip().lower() == "production"
    stale = sorted(k for k in os.environ if k.startswith("UNSAFE_"))
    if production and stale:
        # The concurrency controls are test entry points (tests/controls.py) and cannot be
        # switched on by configuration; a leftover variable is a mistake worth stopping for.
        raise ConfigError(f"{', '.join(stale)} er ikke en innstilling i produksjon: fjern den.")
    instance_path.mkdir(parents=True, exist_ok=True)
    return {
        "APP_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance_path, production, (overrides or {}).get("SECRET_KEY")),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),  # overridable in tests
        # pool_recycle instead of pool_pre_ping: a ping is one more round trip per request.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 300},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "nb",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo",
        "CENTRE_NAME": os.environ.get("CENTRE_NAME", "USHT Troms"),
        "CENTRE_EMAIL": os.environ.get("CENTRE_EMAIL", "usht@example.no"),
        "SEED_DEMO": _bool(os.environ.get("SEED_DEMO")),
        # The address participants reach the app at, for links in e-mails and invites.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", ""),
        # SMTP (Flask-Mail). Without MAIL_SERVER, mail stays in the outbox for admins to see.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USE_TLS": _bool(os.environ.get("MAIL_USE_TLS"), default=True),
        "MAIL_USE_SSL": _bool(os.environ.get("MAIL_USE_SSL")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER")
        or os.environ.get("CENTRE_EMAIL", "usht@example.no"),
        "MAIL_TIMEOUT": int(os.environ.get("MAIL_TIMEOUT", "20")),
        # Flask-Mail would silently drop mail whenever TESTING is on; the tests talk to a
        # real SMTP server instead, so sending is never suppressed.
        "MAIL_SUPPRESS_SEND": False,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # Sign-in rate limits: in memory per process by default, shared through Redis
        # (redis://127.0.0.1:6379) when several processes serve the app.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "pamelding"),
        # Public writes (core/ratelimit.py): per client address and per e-mail address,
        # "N per minute;M per hour"; an empty value switches that limit off.
        **{name: os.environ.get(name, default) for name, default in RATE_LIMITS.items()},
        # At most this many confirmation / waiting-list / cancellation e-mails to one address
        # per hour (registration churn); the rest are dropped with a log line (mail/outbox.py).
        "MAIL_CHURN_LIMIT": int(os.environ.get("MAIL_CHURN_LIMIT", "3")),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
    }
