"""What may be shown, pure: the one rule every touchpoint's answer goes through.

Never shown: a product not on sale (inactive product or no active SKU), one the member
already bought (unless its category is consumable: bought again and again), a SKU out of
stock at the asked store, a SKU whose purchase limit the member's purchases already
reached, and the products the answer is about (the order's lines, the product's page).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from inventory.client import Offer, OfferSku
from services.recommendations.schemas import Recommended


@dataclass(frozen=True)
class Candidate:
    product_id: int
    why: str


@dataclass(frozen=True)
class Bought:
    """What the member already has: products, and units of each SKU."""

    products: frozenset[int]
    units: Mapping[int, int]


NOTHING_BOUGHT = Bought(frozenset(), {})


def offered_skus(offer: Offer, bought: Bought) -> list[OfferSku]:
    """The offer's SKUs the member can still be handed: in stock (when a store was asked)
    and under the SKU's purchase limit."""
    return [
        sku
        for sku in offer.skus
        if (sku.free is None or sku.free > 0)
        and (sku.purchase_limit is None or bought.units.get(sku.sku_id, 0) < sku.purchase_limit)
    ]


def choose(
    candidates: Iterable[Candidate],
    offers: Mapping[int, Offer],
    *,
    bought: Bought,
    consumable: Collection[str],
    excluded: Collection[int] = (),
    limit: int,
) -> list[Recommended]:
    """The first ``limit`` candidates that may be shown, each product once, in order."""
    chosen: list[Recommended] = []
    seen = set(excluded)
    for candidate in candidates:
        if len(chosen) >= limit:
            break
        if candidate.product_id in seen:
            continue
        seen.add(candidate.product_id)
        offer = offers.get(candidate.product_id)
        if offer is None:
            continue
        if candidate.product_id in bought.products and offer.category not in consumable:
            continue
        skus = offered_skus(offer, bought)
        if not skus:
            continue
        chosen.append(
            Recommended(
                product_id=offer.product_id,
                name=offer.name,
                category=offer.category,
                price_fen=min(s.price_fen for s in skus),
                sku_ids=[s.sku_id for s in skus],
                why=candidate.why,
            )
        )
    return chosen
