"""Configuration read from the environment, with an embedded default (SQLite in instance/)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """Raised at start when the configuration cannot be used."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _whole_number(name: str, default: int, low: int, high: int) -> int:
    """A whole number from the environment, or a clear refusal at start."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ConfigError(f"{name} må være et helt tall fra {low} til {high} (nå: {raw!r}).")
    return value


def _centre_fylker() -> str:
    """The centre's fylke numbers, comma-separated (the yearly report lists their kommuner)."""
    raw = os.environ.get("CENTRE_FYLKER", "").strip() or "55"
    from .municipalities import all_municipalities

    known = {m.county_number for m in all_municipalities().values()}
    wanted = [part.strip() for part in raw.split(",")]
    if not all(part in known for part in wanted):
        raise ConfigError(f"CENTRE_FYLKER må være fylkesnummer skilt med komma, som «55» eller "
                          f"«55,56» (nå: {raw!r}).")
    return ",".join(wanted)


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


# Values that are somebody's example or a test's, never a production secret.
_KNOWN_SECRETS = {"dev", "development", "secret", "secret-key", "changeme", "change-me",
                  "test", "test-secret", "live-test-secret", "bench", "bench-secret",
                  "wheel-test-secret", "your-secret-key", "please-change-me"}
MIN_SECRET_LENGTH = 32


def _check_production_secret(key: str) -> None:
    if key.strip().lower() in _KNOWN_SECRETS or len(key) < MIN_SECRET_LENGTH \
            or len(set(key)) < 10:
        raise ConfigError(
            f"SECRET_KEY ser ut som en utviklingsnøkkel (kortere enn {MIN_SECRET_LENGTH} tegn, "
            "få ulike tegn eller en kjent eksempelverdi): lag en tilfeldig med "
            "python3 -c 'import secrets;print(secrets.token_urlsafe(48))'. "
            "SECRET_KEY looks like a development key."
        )


def _check_public_url(url: str) -> None:
    parts = urlsplit(url.strip())
    if not url.strip():
        raise ConfigError(
            "PUBLIC_URL mangler: sett den til adressen deltakerne bruker, for eksempel "
            "https://pamelding.example.no, ellers peker alle lenker i e-post og "
            "kalenderinvitasjoner til http://127.0.0.1:5000. PUBLIC_URL is missing."
        )
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"PUBLIC_URL må være en https-adresse uten ?-del, for eksempel "
            f"https://pamelding.example.no (fikk {url!r}). PUBLIC_URL must be https."
        )


def _positive_int(name: str, value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} må være et heltall (fikk {value!r}).") from None
    if number < 0:
        raise ConfigError(f"{name} kan ikke være negativ (fikk {value!r}).")
    return number


def gunicorn_workers(argv: list[str] | None = None) -> int | None:
    """The worker count gunicorn was started with, read from its own command line (the
    app is loaded in a forked worker, whose sys.argv is the master's); None when not under
    gunicorn. A count in a gunicorn config file is not seen: set WORKERS then."""
    argv = sys.argv if argv is None else argv
    if not argv or not Path(argv[0]).name.startswith("gunicorn"):
        return None
    count: int | None = None
    for i, arg in enumerate(argv[1:], start=1):
        value: str | None = None
        if arg in ("-w", "--workers") and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--workers="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-w") and len(arg) > 2:
            value = arg[2:]
        if value is not None and value.isdigit():
            count = int(value)
    return count


def worker_count() -> int:
    """How many processes serve the app: WORKERS, else gunicorn's own command line, else
    WEB_CONCURRENCY (gunicorn's default for --workers), else 1."""
    explicit = _positive_int("WORKERS", os.environ.get("WORKERS"))
    if explicit is not None:
        return explicit
    from_argv = gunicorn_workers()
    if from_argv is not None:
        return from_argv
    return _positive_int("WEB_CONCURRENCY", os.environ.get("WEB_CONCURRENCY")) or 1


def check_production(config: dict[str, Any]) -> None:
    """Refuse to start in production with a setting that would quietly be wrong."""
    _check_production_secret(str(config["SECRET_KEY"]))
    _check_public_url(str(config.get("PUBLIC_URL") or ""))
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    workers = int(config["WORKERS"])
    if storage.startswith("memory://") and workers > 1 and not config["RATELIMIT_SINGLE_PROCESS"]:
        raise ConfigError(
            f"RATELIMIT_STORAGE_URI er memory:// (teller i hver prosess for seg), men appen "
            f"kjører med {workers} prosesser: da gjelder hver grense {workers} ganger. Sett "
            "RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379, eller kjør én prosess "
            "(WORKERS=1). Rate limits in memory with several workers."
        )
# Public writes, per client address (*_LIMIT) and per e-mail address (*_EMAIL_LIMIT).
RATE_LIMITS = {
    "REGISTRATION_LIMIT": "10 per minute;30 per hour",
    "REGISTRATION_EMAIL_LIMIT": "3 per minute;10 per hour",
    "CHANGE_LIMIT": "10 per minute;30 per hour",
    "CHANGE_EMAIL_LIMIT": "5 per minute;20 per hour",
    "EVALUATION_LIMIT": "10 per minute;60 per hour",
    # One-click opt-outs from mail: posted by mail providers' servers for many people.
    "UNSUBSCRIBE_LIMIT": "60 per minute;1000 per hour",
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
    config = {
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
        # The centre's region: every kommune of these fylker is listed in the yearly report.
        "CENTRE_FYLKER": _centre_fylker(),
        # The centre's logo in the header: a path on this site (the CSP allows images from
        # here only), e.g. /static/logo.svg; none by default.
        "CENTRE_LOGO": os.environ.get("CENTRE_LOGO", ""),
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
        # Messages per minute across all workers (Microsoft 365 accepts 30 per mailbox);
        # 0 = no limit.
        "MAIL_MAX_PER_MINUTE": int(os.environ.get("MAIL_MAX_PER_MINUTE", "30")),
        # Optional DKIM signing by the app (mail/dkim_signing.py): a PEM key or its path.
        "DKIM_PRIVATE_KEY": os.environ.get("DKIM_PRIVATE_KEY", ""),
        "DKIM_SELECTOR": os.environ.get("DKIM_SELECTOR", "pamelding"),
        "DKIM_DOMAIN": os.environ.get("DKIM_DOMAIN", ""),
        # A worker that died mid-round leaves its claimed rows `sending`; another worker takes
        # them again after this many seconds (mail/delivery.py).
        "MAIL_RECLAIM_SECONDS": _whole_number("MAIL_RECLAIM_SECONDS", 600, 10, 86400),
        # Flask-Mail would silently drop mail whenever TESTING is on; the tests talk to a
        # real SMTP server instead, so sending is never suppressed.
        "MAIL_SUPPRESS_SEND": False,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # Privacy (registration/privacy/retention.py): personal data is anonymised this many
        # months after the event ends; sent e-mails lose body and address after this many days.
        "RETENTION_MONTHS": _whole_number("RETENTION_MONTHS", 12, 1, 120),
        "OUTBOX_RETENTION_DAYS": _whole_number("OUTBOX_RETENTION_DAYS", 30, 1, 3650),
        # Years a completed course level (registry entry and kursbevis) is kept.
        "COMPLETION_RETENTION_YEARS": _whole_number("COMPLETION_RETENTION_YEARS", 5, 1, 50),
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
        # A new visitor's event page is kept this many seconds per process (its counts of
        # free seats may be that old; registrations/page_cache.py); 0 turns it off.
        "EVENT_PAGE_CACHE_SECONDS": _whole_number("EVENT_PAGE_CACHE_SECONDS", 2, 0, 60),
        # Registering for a plain event through the express lane (registrations/express.py);
        # 0 sends every registration the ORM's whole way (for comparing the two).
        "EXPRESS_REGISTRATION": _bool(os.environ.get("EXPRESS_REGISTRATION"), True),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # How many processes serve the app (for the check on in-memory rate limits).
        "WORKERS": worker_count(),
        # Yes: in-memory limits are knowingly accepted with several workers (each process
        # then allows the full limit; the start log says so).
        "RATELIMIT_SINGLE_PROCESS": _bool(os.environ.get("RATELIMIT_SINGLE_PROCESS")),
        # Number of proxies in front (nginx = 1): their X-Forwarded-For/-Proto are trusted.
        "TRUSTED_PROXIES": _positive_int("TRUSTED_PROXIES", os.environ.get("TRUSTED_PROXIES"))
        or 0,
        # Strict-Transport-Security in production (seconds; 0 turns it off).
        "HSTS_MAX_AGE": _positive_int("HSTS_MAX_AGE", os.environ.get("HSTS_MAX_AGE"))
        if os.environ.get("HSTS_MAX_AGE") else 31536000,
    }
    return config
