"""Who may manage a network: an admin every network, an arrangør those they run."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select

from ..accounts.models import UserRole
from ..accounts.permissions import is_signed_in
from ..core.extensions import db
from ..core.ids import MAX_ID
from .models import Network


def can_manage_network(user: Any, network: Network) -> bool:
    if not is_signed_in(user):
        return False
    if user.role == UserRole.ADMIN:
        return True
    return user.role == UserRole.ARRANGOR and network.owner_id == user.id


def managed_networks_query(user: Any) -> Select[tuple[Network]]:
    query = select(Network).order_by(Network.name)
    if user.role == UserRole.ADMIN:
        return query
    return query.where(Network.owner_id == user.id)


def get_network(network_id: int) -> Network | None:
    return db.session.get(Network, network_id) if 0 < network_id <= MAX_ID else None


def managed_network_or_abort(network_id: int) -> Network:
    """The network if the signed-in user may manage it; 404 unknown, 403 not theirs."""
    network = get_network(network_id)
    if network is None:
        abort(404)
    if not can_manage_network(current_user, network):
        abort(403)
    return network
