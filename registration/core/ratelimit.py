"""Rate limits on the public writes (registration form and API, cancel and switch on the
personal page, evaluation answers), per client address and per e-mail address.

The limits are strings in the configuration ("10 per minute;30 per hour"), read at each
request so tests and operators can change them; the counters live in Flask-Limiter's storage
(RATELIMIT_STORAGE_URI: memory per process, or Redis shared by every process). Keys hold a
keyed hash of the address or e-mail, never the value itself, and expire with their window.

``over_limit()`` is called by the view itself, not as a decorator, so that each view can
answer in its own way: the HTML form shows the page again with what was typed, the API
answers in its JSON shape. Both answer 429 with ``Retry-After``.
"""

from __future__ import annotations

import hmac
import ipaddress
import math
import time

from flask import current_app, request
from flask_babel import gettext as _
from limits import RateLimitItem, parse_many

from .config import RATE_LIMITS
from .extensions import limiter


def _keyed(value: str, purpose: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.digest(secret, f"{purpose}:{value}".encode(errors="surrogatepass"),
                       "sha256").hex()[:32]


def client_address() -> str:
    """The client's address as the app sees it (ProxyFix, when TRUSTED_PROXIES is set,
    makes it the real client's). IPv6 clients are counted per /64: one home or phone gets a
    whole /64 and can take any address in it."""
    raw = request.remote_addr or ""
    if ":" not in raw:  # not IPv6: as given (a valid IPv4 address is its own canonical form)
        return raw or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d from a dual-stack listener
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_key() -> str:
    """A keyed hash of the client address, short: what a registration keeps to spot floods
    (never the address itself)."""
    return _keyed(client_address(), "client")[:16]


def _limits(name: str) -> list[RateLimitItem]:
    text = current_app.config.get(name, RATE_LIMITS.get(name, ""))
    if not text:
        return []
    return list(parse_many(str(text)))


def over_limit(checks: dict[str, str | None]) -> int | None:
    """Count one attempt against each configured limit ({config name: key value}; a None
    value is left out), in order. Returns None when within every limit, else the seconds
    to wait.

    Each count is one atomic increment in the storage (INCR on Redis), so a rush of
    simultaneous requests across processes gets exactly the limit through. The checks stop
    at the first that is over: a client over its address limit does not also use up the
    allowance of the e-mail addresses it types. (Under a burst, the attempt that crosses a
    longer window's limit has counted in the shorter ones: an overshoot of a few counts,
    never of registrations.)

    When the storage fails (Redis down), the attempt is let through and a warning logged:
    a registration lost to an outage is worse than a flood let through for a while.
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return None
    prefix = str(current_app.config.get("RATELIMIT_KEY_PREFIX") or "pamelding")
    try:
        strategy = limiter.limiter
        for name, value in checks.items():
            limits = _limits(name)
            if not value or not limits:
                continue
            key = _keyed(value.strip().lower(), name)
            # shortest window first; an attempt refused by one is not counted by the longer
            # ones, so a client that retries too fast waits a minute, not an hour
            for item in sorted(limits, key=lambda i: i.get_expiry()):
                if not strategy.hit(item, prefix, key):
                    reset, _remaining = strategy.get_window_stats(item, prefix, key)
                    return max(math.ceil(reset - time.time()), 1)
    except Exception as error:  # noqa: BLE001  (a storage outage must not stop registration)
        current_app.logger.warning("Rate limit storage failed, letting the request through: %s",
                                   error)
    return None


def message(wait: int) -> str:
    """The Norwegian answer to a client over a limit."""
    if wait <= 90:
        return _("Du har sendt for mange forespørsler på kort tid. Vent %(n)s sekunder og "
                 "prøv igjen.", n=wait)
    return _("Du har sendt for mange forespørsler på kort tid. Vent %(n)s minutter og "
             "prøv igjen.", n=math.ceil(wait / 60))


def log_refusal(what: str) -> None:
    current_app.logger.warning("Rate limit: %s refused for client %s", what, client_key())
