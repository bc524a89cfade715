"""``/metrics``: every API worker's counts in one answer, shown only to whom settings allow.

The serving launcher gives all workers one ``PROMETHEUS_MULTIPROC_DIR`` (emptied at
start); each worker writes its samples there and any worker answers for all of them.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from typing import Literal

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

from services.platform.settings import Settings

Access = Literal["ok", "off", "address_refused", "token_missing"]


def access(settings: Settings, *, client_ip: str | None, authorization: str | None) -> Access:
    """Whether this caller may read the metrics: switched on, from an allowed address, with
    the bearer token when one is set."""
    if not settings.metrics_enabled:
        return "off"
    if settings.metrics_allow_ips:
        try:
            address = ipaddress.ip_address(client_ip or "")
        except ValueError:
            return "address_refused"
        if not any(address in ipaddress.ip_network(n) for n in settings.metrics_allow_ips):
            return "address_refused"
    token = settings.metrics_token.get_secret_value()
    if token:
        scheme, _, sent = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(
            sent.strip().encode(), token.encode()
        ):
            return "token_missing"
    return "ok"


def exposition() -> tuple[bytes, str]:
    """The metrics text: aggregated over every worker in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
