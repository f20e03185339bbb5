"""Absolute links for e-mails and invites, also outside a request (the mail worker)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


def safe_next(target: str | None, default: str) -> str:
    """A ``next=`` target on this site only: a path, no scheme or host, no ``//`` or ``\\``
    (browsers read ``/\\evil`` as ``//evil``), no control characters (CR/LF would break the
    Location header)."""
    if not target or len(target) > 2000 or not target.startswith("/") \
            or target.startswith("//") or "\\" in target \
            or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def external_url(endpoint: str, **values: Any) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if not base and has_request_context():
        base = request.url_root
    base = (base or "http://127.0.0.1:5000").rstrip("/")
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base + path
