"""Absolute links for e-mails and invites, also outside a request (the mail worker)."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request, url_for


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
