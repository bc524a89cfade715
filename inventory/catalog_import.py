"""Apply an ERP catalog batch: upsert products, SKUs and prices by the feed's own codes.

Whole or not at all: every line is checked first (``catalog_feed.check``, then what
needs the database); one rejected line and nothing is written, the report names
each rejected line. Otherwise the changes are written in the caller's transaction,
each audited with the import as actor and the batch as source. Only what differs
is written, so the same batch again changes nothing and audits nothing. Imports
take one transaction-scoped advisory lock: two batches never interleave.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from inventory import audit, catalog_feed, pricing
from inventory.audit import Actor
from inventory.catalog_admin import insert_product, insert_sku, product_state, sku_state
from inventory.catalog_feed import CatalogRow, RawLine, Rejection
from inventory.models import Category, Product, Sku
from inventory.schemas_catalog import CatalogImportRead, CatalogRejectedLine

#: Rejected lines listed in a report (the count is always whole).
REPORTED_REJECTIONS = 100
_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('inventory.catalog_import'))")


def source_of(lines: list[RawLine]) -> str:
    """The batch as the audit names it: a digest of its lines."""
    digest = hashlib.sha256(
        json.dumps([dict(line.values) for line in lines], sort_keys=True, default=str).encode()
    ).hexdigest()
    return f"catalog-import:{digest[:12]}"


@dataclass
class _Counts:
    products_created: int = 0
    products_updated: int = 0
    skus_created: int = 0
    skus_updated: int = 0
    prices: dict[int, int] = field(default_factory=dict)


def apply(
    *,
    session: Session,
    lines: list[RawLine],
    staff_id: int | None,
    progress: Callable[[int], None] | None = None,
) -> CatalogImportRead:
    """Check the batch and, if every line passes, write it; the report either way.

    ``progress(n)`` is told as each line is written (a CLI's bar), n lines at a time.
    """
    advance = progress or (lambda n: None)
    source = source_of(lines)
    actor = Actor("import", staff_id, source)
    good, rejected = catalog_feed.check(lines)
    session.execute(_LOCK)
    products = {
        p.code: p
        for p in session.scalars(
            select(Product)
            .where(Product.code.in_({row.product_code for _, row in good}))
            .order_by(Product.id)
            .with_for_update()
        )
    }
    skus = {
        s.code: s
        for s in session.scalars(
            select(Sku)
            .where(Sku.code.in_({row.sku_code for _, row in good}))
            .order_by(Sku.id)
            .with_for_update()
        )
    }
    rejected += _against_catalog(session, good, products, skus)
    if rejected:
        rejected.sort(key=lambda r: r.line)
        advance(len(lines))
        return _report(source, lines, rejected=rejected)
    counts = _Counts()
    touched: set[int] = set()
    for _, row in good:
        product = products.get(row.product_code)
        if product is None:
            product = products[row.product_code] = _create_product(session, row, actor)
            counts.products_created += 1
        elif _update_product(session, product, row, actor):
            counts.products_updated += 1
        sku = skus.get(row.sku_code)
        if sku is None:
            _create_sku(session, product.id, row, actor)
            counts.skus_created += 1
        elif _update_sku(session, sku, row, actor):
            counts.skus_updated += 1
            touched.add(sku.id)
        advance(1)
    existing = [(skus[row.sku_code].id, row.price_fen) for _, row in good if row.sku_code in skus]
    in_force = _prices_now(session, [sku_id for sku_id, _ in existing])
    counts.prices = {sku_id: fen for sku_id, fen in existing if in_force[sku_id] != fen}
    if counts.prices:
        pricing.set_now(session=session, prices=counts.prices, actor=actor)
    session.flush()
    return CatalogImportRead(
        applied=True,
        source=source,
        lines=len(lines),
        products_created=counts.products_created,
        products_updated=counts.products_updated,
        skus_created=counts.skus_created,
        skus_updated=counts.skus_updated,
        prices_changed=len(counts.prices),
        unchanged=sum(1 for sku_id, _ in existing if sku_id not in touched | set(counts.prices)),
    )


def _against_catalog(
    session: Session,
    good: list[tuple[int, CatalogRow]],
    products: dict[str, Product],
    skus: dict[str, Sku],
) -> list[Rejection]:
    """What only the catalog can tell: an unknown category, a SKU of another product."""
    categories = set(session.scalars(select(Category.code)))
    rejected = []
    for line, row in good:
        sku, product = skus.get(row.sku_code), products.get(row.product_code)
        if row.category not in categories:
            rejected.append(
                Rejection(line, row.sku_code, "category_unknown", f"no category {row.category!r}")
            )
        elif sku is not None and (product is None or sku.product_id != product.id):
            rejected.append(
                Rejection(
                    line,
                    row.sku_code,
                    "sku_of_other_product",
                    f"SKU {row.sku_code} belongs to another product, not {row.product_code}",
                )
            )
    return rejected


def _report(source: str, lines: list[RawLine], *, rejected: list[Rejection]) -> CatalogImportRead:
    return CatalogImportRead(
        applied=False,
        source=source,
        lines=len(lines),
        rejected_count=len(rejected),
        rejected_lines=[
            CatalogRejectedLine.model_validate(r, from_attributes=True)
            for r in rejected[:REPORTED_REJECTIONS]
        ],
    )


def _product_fields(row: CatalogRow) -> dict[str, object]:
    fields: dict[str, object] = {"name": row.product_name, "category": row.category}
    if row.description is not None:
        fields["description"] = row.description
    if row.image_urls is not None:
        fields["image_urls"] = row.image_urls
    return fields


def _create_product(session: Session, row: CatalogRow, actor: Actor) -> Product:
    return insert_product(session, {"code": row.product_code, **_product_fields(row)}, actor)


def _update_product(session: Session, product: Product, row: CatalogRow, actor: Actor) -> bool:
    before, after = audit.changed(product_state(product), _product_fields(row))
    if not after:
        return False
    for name, value in after.items():
        setattr(product, name, value)
    audit.record(
        session,
        actor=actor,
        entity="product",
        entity_id=product.id,
        action="updated",
        before=before,
        after=after,
    )
    return True


def _sku_fields(row: CatalogRow) -> dict[str, object]:
    fields: dict[str, object] = {"variant": row.variant}
    if row.purchase_limit is not None:
        fields["purchase_limit"] = row.purchase_limit
    if row.active is not None:
        fields["active"] = row.active
    return fields


def _create_sku(session: Session, product_id: int, row: CatalogRow, actor: Actor) -> None:
    fields = {"code": row.sku_code, "price_fen": row.price_fen, **_sku_fields(row)}
    insert_sku(session, product_id, fields, actor)


def _update_sku(session: Session, sku: Sku, row: CatalogRow, actor: Actor) -> bool:
    before, after = audit.changed(sku_state(sku), _sku_fields(row))
    if not after:
        return False
    for name, value in after.items():
        setattr(sku, name, value)
    audit.record(
        session,
        actor=actor,
        entity="sku",
        entity_id=sku.id,
        action="updated",
        before=before,
        after=after,
    )
    return True


def _prices_now(session: Session, sku_ids: list[int]) -> dict[int, int]:
    if not sku_ids:
        return {}
    rows = session.execute(select(Sku.id, pricing.price_now()).where(Sku.id.in_(sku_ids)))
    return {row.id: row.price_fen for row in rows}
