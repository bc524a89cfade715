"""Who owns what: one declaration of the services, read by the import contract and the SQL check.

Each service is a package that owns one PostgreSQL schema. Another service may import
only its public modules (``client``, ``schemas``, ``events`` and what it declares) and
may name in SQL only its declared public functions and views. Front doors call services'
use cases but never import their ``models``. The composition root (``server``) assembles
everything and is exempt; the platform imports no service.

``KNOWN_*`` are today's crossings, kept here so that a new one fails at once while the
old ones are moved behind events and public views (issue 23); a crossing that is fixed
must leave the list too, so the list only shrinks.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC_MODULES = ("client", "schemas", "events")


@dataclass(frozen=True)
class Service:
    package: str
    schema: str
    # Modules beyond PUBLIC_MODULES that other services may import (pure libraries).
    also_public: tuple[str, ...] = ()
    # Functions and views in the schema that other services' SQL may call or read.
    public_sql: tuple[str, ...] = ()

    def public(self, module: str) -> bool:
        """Whether ``module`` (a dotted name inside this package or the package) is public."""
        if module == self.package:
            return True
        first = module[len(self.package) + 1 :].split(".")[0]
        return first in PUBLIC_MODULES or first in self.also_public


SERVICES = (
    Service(
        "stores",
        "stores",
        public_sql=("public_stores", "public_check_ins", "public_appointments", "check_in"),
    ),
    Service("inventory", "inventory", public_sql=("hold_stock", "take_stock")),
    Service("orders", "orders", public_sql=("place_order", "public_purchases", "public_orders")),
    Service("services.members", "members", public_sql=("apply_points", "public_members")),
    Service(
        "services.payments",
        "payments",
        public_sql=("start_payment", "public_settled_payments"),
    ),
    Service("services.notifications", "notifications"),
    Service(
        "services.touchpoints",
        "touchpoints",
        public_sql=("public_scans", "public_touchpoints"),
    ),
    Service("services.promotions", "promotions", public_sql=("redeem_coupon",)),
    Service("services.campaigns", "campaigns"),
    # The engine is arrays in, answers out: a library any service may use.
    Service("services.siting", "siting", also_public=("engine",)),
    Service("services.insights", "insights"),
    Service("services.feedback", "feedback"),
    Service("services.recommendations", "recommendations"),
)
# The platform's tables and functions are the shared plumbing every service uses.
PLATFORM = Service(
    "services.platform", "platform", public_sql=("outbox", "claim_answered", "idempotency_keys")
)
FRONT_DOORS = ("mini_program_api", "tablet_api", "manager_api")
COMPOSITION_ROOT = "server"

# (importer's package, imported module): imports of another service's private module.
KNOWN_IMPORTS: frozenset[tuple[str, str]] = frozenset()
# (reader's schema, owner's schema, object): SQL naming another service's private object.
# (reader's schema, owner's schema, table): a trigger of one service on another's table.
KNOWN_TRIGGERS: frozenset[tuple[str, ...]] = frozenset()
KNOWN_SQL: frozenset[tuple[str, ...]] = frozenset()


def service_of(module: str) -> Service | None:
    """The service a module belongs to (the platform counts as one), or None."""
    for service in (*SERVICES, PLATFORM):
        if module == service.package or module.startswith(service.package + "."):
            return service
    return None


def by_schema() -> dict[str, Service]:
    return {service.schema: service for service in (*SERVICES, PLATFORM)}
