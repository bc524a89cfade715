"""Tables of the ``inventory`` schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inventory import transfer_states
from services.platform.db import Base, utcnow

SCHEMA = {"schema": "inventory"}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Product(Base):
    __tablename__ = "products"
    __table_args__ = SCHEMA

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: A ``Category.code``; checked by the catalog's writes (``catalog_admin``), not by a
    #: foreign key, so tests and benchmarks can open products without a category row.
    category: Mapped[str] = mapped_column(String(64), index=True)
    #: Pictures by URL, in display order (the CDN holds the files).
    image_urls: Mapped[list[str]] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb")
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    skus: Mapped[list[Sku]] = relationship(
        back_populates="product", order_by="Sku.id", lazy="selectin"
    )


class Sku(Base):
    """A sellable variant; one price in fen for every channel."""

    __tablename__ = "skus"
    __table_args__ = (
        CheckConstraint("price_fen > 0", name="price_positive"),
        CheckConstraint("currency = 'CNY'", name="currency"),
        CheckConstraint("purchase_limit > 0", name="purchase_limit_positive"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("inventory.products.id"), index=True)
    variant: Mapped[str] = mapped_column(String(100))
    price_fen: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Units one order may take (a flash-sale item's "2 per customer"); None: the default.
    purchase_limit: Mapped[int | None] = mapped_column(Integer, default=None)

    product: Mapped[Product] = relationship(back_populates="skus")


class Category(Base):
    """A shelf of the catalog; products name it by ``code``."""

    __tablename__ = "categories"
    __table_args__ = SCHEMA

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(server_default=text("now()"))


PRICE_STATUSES = ("scheduled", "applied", "cancelled")


class PriceChange(Base):
    """A SKU's price from ``effective_at``: its price history, and the changes to come.

    The price in force is the newest due change not yet applied, else ``Sku.price_fen``
    (``inventory/pricing.py``); beat copies due changes into ``Sku.price_fen`` once.
    """

    __tablename__ = "price_changes"
    __table_args__ = (
        CheckConstraint("price_fen > 0", name="price_positive"),
        CheckConstraint(_one_of("status", PRICE_STATUSES), name="status"),
        CheckConstraint("(status = 'applied') = (applied_at IS NOT NULL)", name="applied_at"),
        # The price-in-force probe reads only pending rows: a tiny index, whatever the history.
        Index(
            "ix_price_changes_pending",
            "sku_id",
            "effective_at",
            postgresql_where=text("status = 'scheduled'"),
        ),
        Index("ix_price_changes_history", "sku_id", "effective_at"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("inventory.skus.id"))
    price_fen: Mapped[int] = mapped_column(Integer)
    effective_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    applied_at: Mapped[datetime | None]
    #: ``manager`` or ``import`` (who asked), as in the audit.
    actor_role: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(server_default=text("now()"))


AUDIT_ACTORS = ("manager", "import", "schedule")
AUDIT_ENTITIES = ("category", "product", "sku", "price")


class CatalogAudit(Base):
    """One change of the catalog: who, when, what it was before and after."""

    __tablename__ = "catalog_audit"
    __table_args__ = (
        CheckConstraint(_one_of("actor_role", AUDIT_ACTORS), name="actor_role"),
        CheckConstraint(_one_of("entity", AUDIT_ENTITIES), name="entity"),
        Index("ix_catalog_audit_entity", "entity", "entity_id", "id"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=text("now()"))
    actor_role: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    #: The import batch or the scheduled change that made it, when not a person's edit.
    source: Mapped[str | None] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(24))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class Location(Base):
    """Where stock is kept: a store (by its id in the stores service) or an online warehouse."""

    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint("kind IN ('store', 'warehouse')", name="kind"),
        CheckConstraint("(kind = 'store') = (store_id IS NOT NULL)", name="store_id_iff_store"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    store_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Stock(Base):
    """On-hand and reserved units of one SKU at one location; available = on_hand - reserved."""

    __tablename__ = "stock"
    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="on_hand_non_negative"),
        CheckConstraint("reserved >= 0", name="reserved_non_negative"),
        CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
        # Half of each page kept free: an ERP import rewrites about half the rows of the
        # pages it touches, and with room on the page every update is HOT (no index entry
        # added to either index). Set by migration 3f8a1c6e2b90.
        {**SCHEMA, "postgresql_with": {"fillfactor": 50}},
    )

    location_id: Mapped[int] = mapped_column(ForeignKey("inventory.locations.id"), primary_key=True)
    sku_id: Mapped[int] = mapped_column(
        ForeignKey("inventory.skus.id"), primary_key=True, index=True
    )
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


RESERVATION_STATUSES = ("held", "allocated", "released", "fulfilled")
#: Statuses whose units count in ``Stock.reserved``.
LIVE_STATUSES = ("held", "allocated")


class Reservation(Base):
    """A whole cart held at one location until ``reserved_until``; confirmed it is allocated."""

    __tablename__ = "reservations"
    __table_args__ = (
        CheckConstraint("status IN ('held', 'allocated', 'released', 'fulfilled')", name="status"),
        Index(
            "ix_reservations_held_until",
            "reserved_until",
            postgresql_where=text("status = 'held'"),
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("inventory.locations.id"))
    status: Mapped[str] = mapped_column(String(16), default="held")
    reserved_until: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lines: Mapped[list[ReservationLine]] = relationship(
        order_by="ReservationLine.sku_id", lazy="selectin", cascade="all, delete-orphan"
    )


class ReservationLine(Base):
    __tablename__ = "reservation_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"), SCHEMA)

    reservation_id: Mapped[int] = mapped_column(
        ForeignKey("inventory.reservations.id", ondelete="CASCADE"), primary_key=True
    )
    sku_id: Mapped[int] = mapped_column(ForeignKey("inventory.skus.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)


#: Why on-hand changed; every change is one of these (``inventory/ledger.py``).
MOVEMENT_KINDS = (
    "receipt",
    "sale_fulfilled",
    "return_restocked",
    "adjustment",
    "transfer_out",
    "transfer_in",
    "import",
)
#: Why an adjustment was made (only adjustments carry a reason).
ADJUSTMENT_REASONS = ("damaged", "lost", "found", "count_correction")
#: What a movement came from: an order, a delivery note, a count, a transfer, an import.
SOURCE_TYPES = ("order", "delivery", "count", "transfer", "import", "manual")
STAFF_ROLES = ("guide", "manager")


class StockMovement(Base):
    """One change of on-hand; ``Stock.on_hand`` always equals the sum of its movements."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint("quantity <> 0", name="quantity_not_zero"),
        CheckConstraint(_one_of("kind", MOVEMENT_KINDS), name="kind"),
        CheckConstraint(
            f"(kind = 'adjustment') = (reason IS NOT NULL) "
            f"AND (reason IS NULL OR {_one_of('reason', ADJUSTMENT_REASONS)})",
            name="reason_iff_adjustment",
        ),
        CheckConstraint(_one_of("source_type", SOURCE_TYPES), name="source_type"),
        CheckConstraint(
            f"(staff_role IS NULL) = (staff_id IS NULL) "
            f"AND (staff_role IS NULL OR {_one_of('staff_role', STAFF_ROLES)})",
            name="staff",
        ),
        ForeignKeyConstraint(
            ["location_id", "sku_id"], ["inventory.stock.location_id", "inventory.stock.sku_id"]
        ),
        Index("ix_stock_movements_stock", "location_id", "sku_id", "id"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    location_id: Mapped[int] = mapped_column(Integer)
    sku_id: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(20))
    source_type: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str] = mapped_column(String(64))
    staff_role: Mapped[str | None] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(server_default=text("now()"))


class Delivery(Base):
    """A delivery note received at a location: claimed once, so a repeat applies nothing."""

    __tablename__ = "deliveries"
    __table_args__ = SCHEMA

    location_id: Mapped[int] = mapped_column(ForeignKey("inventory.locations.id"), primary_key=True)
    delivery_note: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: ``{sku_id: quantity}`` as received, to tell a repeat from a different delivery.
    lines: Mapped[dict[str, int]] = mapped_column(JSONB)
    staff_role: Mapped[str | None] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(server_default=text("now()"))


class StockImportBatch(Base):
    """An ERP stock batch applied, by the feed's own batch id: a repeat applies nothing."""

    __tablename__ = "stock_import_batches"
    __table_args__ = SCHEMA

    batch_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: Digest of the batch's lines, to tell a repeat from another batch under the same id.
    digest: Mapped[str] = mapped_column(String(64))
    lines: Mapped[int] = mapped_column(Integer)
    staff_role: Mapped[str | None] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(server_default=text("now()"))


#: A transfer's life: ``inventory/transfer_states.py`` holds the statuses and the moves.
TRANSFER_STATUSES = transfer_states.STATUSES


class Transfer(Base):
    """Goods moving between two locations: out of the source when shipped, in when received."""

    __tablename__ = "transfers"
    __table_args__ = (
        CheckConstraint(_one_of("status", TRANSFER_STATUSES), name="status"),
        CheckConstraint("from_location_id <> to_location_id", name="two_locations"),
        CheckConstraint(_one_of("requested_by_role", STAFF_ROLES), name="requested_by_role"),
        Index("ix_transfers_from", "from_location_id", "id"),
        Index("ix_transfers_to", "to_location_id", "id"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    from_location_id: Mapped[int] = mapped_column(ForeignKey("inventory.locations.id"))
    to_location_id: Mapped[int] = mapped_column(ForeignKey("inventory.locations.id"))
    status: Mapped[str] = mapped_column(String(16), default="requested")
    requested_by_role: Mapped[str] = mapped_column(String(16))
    requested_by_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(server_default=text("now()"))
    shipped_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]

    lines: Mapped[list[TransferLine]] = relationship(
        order_by="TransferLine.sku_id", lazy="selectin", cascade="all, delete-orphan"
    )


class TransferLine(Base):
    """Units of one SKU sent; ``received`` once the destination booked them in."""

    __tablename__ = "transfer_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("received >= 0 AND received <= quantity", name="received_within_sent"),
        SCHEMA,
    )

    transfer_id: Mapped[int] = mapped_column(
        ForeignKey("inventory.transfers.id", ondelete="CASCADE"), primary_key=True
    )
    sku_id: Mapped[int] = mapped_column(ForeignKey("inventory.skus.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)
    received: Mapped[int | None] = mapped_column(Integer)
