"""What a lower service asks of a higher one, bound once per process at start.

Inventory sits above stores (its availability reads stores' directory and rules), yet an
appointment's try-on items are held as inventory's stock reservations. Stores declares
what it needs (``stores.appointments.try_on.TryOnStock``) and never imports inventory;
the composition root binds inventory's client to it here. Every entry point calls
``wire()``: the app (``create_app``), the worker, the demo seed, the CLI and the tests.

It binds orders' handler of payment outcomes to payments, and every manifest's outbox
subscriptions, so importing a module registers nothing. It binds the manifests' joins
too: the settings class of every service's section and the catalog of every service's
error codes (``server.manifests``).
"""

from __future__ import annotations

from inventory.client import LocalInventoryClient
from orders import payment_events
from server.manifests import ERROR_CODES, SUBSCRIPTIONS, Settings
from services.payments.client import on_payment_event
from services.platform.error_codes import use_catalog
from services.platform.outbox import subscribe
from services.platform.settings import use_settings
from stores.appointments import try_on


def wire() -> None:
    """Bind the services' ports, settings and error codes (idempotent)."""
    use_settings(Settings)
    use_catalog(ERROR_CODES)
    try_on.use_stock(LocalInventoryClient)
    # Payments sits below orders: orders' handler of a payment's outcome is bound here.
    on_payment_event(payment_events.apply)
    for subscription in SUBSCRIPTIONS:  # every consumer's topics, from the manifests
        subscribe(subscription.topic, subscription.task, subscription.recorded_in)
