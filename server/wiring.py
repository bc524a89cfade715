"""What a lower service asks of a higher one, bound once per process at start.

Inventory sits above stores (its availability reads stores' directory and rules), yet an
appointment's try-on items are held as inventory's stock reservations. Stores declares
what it needs (``stores.appointments.try_on.TryOnStock``) and never imports inventory;
the composition root binds inventory's client to it here. Every entry point calls
``wire()``: the app (``create_app``), the worker, the demo seed, the CLI and the tests.

It binds the manifests' joins too: the settings class of every service's section and the
catalog of every service's error codes (``server.manifests``).
"""

from __future__ import annotations

from inventory.client import LocalInventoryClient
from server.manifests import ERROR_CODES, Settings
from services.platform.error_codes import use_catalog
from services.platform.settings import use_settings
from stores.appointments import try_on


def wire() -> None:
    """Bind the services' ports, settings and error codes (idempotent)."""
    use_settings(Settings)
    use_catalog(ERROR_CODES)
    try_on.use_stock(LocalInventoryClient)
