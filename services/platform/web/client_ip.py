"""Who is calling: the client's IP address, for per-address limits.

The socket's peer is the client unless it is one of ``O2O_TRUSTED_PROXIES``;
only then is ``X-Forwarded-For`` read, from the right (the hop our proxy
appended), skipping further trusted proxies. Anything a client writes to the
left of that is its own claim and is ignored, so a client cannot choose its
own address by sending the header.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request

from services.platform.settings import get_settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(peer: str | None, forwarded_for: str | None, trusted: Sequence[str]) -> str:
    """The client's address: the peer, or the nearest untrusted hop a trusted proxy names."""
    address = peer or "unknown"
    networks = _networks(tuple(trusted))
    if not networks or not _trusted(address, networks) or not forwarded_for:
        return address
    for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
        if not hop:
            continue
        try:
            ipaddress.ip_address(hop)
        except ValueError:  # garbage in the header: stop at the last hop we could vouch for
            return address
        if not _trusted(hop, networks):
            return hop
        address = hop
    return address


def of_request(request: Request) -> str:
    """The calling client's IP address for ``request``."""
    peer = request.client.host if request.client else None
    return client_ip(peer, request.headers.get("x-forwarded-for"), get_settings().trusted_proxies)


async def _client_ip(request: Request) -> str:
    return of_request(request)


#: The calling client's IP address (see the module docstring for proxies).
ClientIp = Annotated[str, Depends(_client_ip)]
