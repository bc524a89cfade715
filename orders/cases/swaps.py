"""What an exchange may swap: a SKU of the same product (another size or colour) whose
price now is the unit price paid for the one brought back.

An exchange moves no money, so a replacement priced otherwise would give the shopper
goods for less (or charge them more) than they are worth; that is a return and a new
purchase, and the refusal says so (409 ``exchange_price_differs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from orders.models import Order
from services.platform.errors import Conflict


def mismatched(lines: Iterable[Mapping[str, Any]], product_of: Mapping[int, int]) -> list[int]:
    """The SKUs whose replacement is not another SKU of the same product (pure).

    An unknown SKU on either side has no product, so it never matches.
    """
    refused = []
    for line in lines:
        sku, wanted = int(line["sku_id"]), int(line["exchange_sku_id"])
        product = product_of.get(sku)
        if wanted == sku or product is None or product_of.get(wanted) != product:
            refused.append(sku)
    return refused


def repriced(
    lines: Iterable[Mapping[str, Any]], paid: Mapping[int, int], prices: Mapping[int, int]
) -> list[dict[str, int | None]]:
    """The lines whose replacement's price now differs from the unit price paid (pure).

    ``paid``: SKU -> unit price on the order; ``prices``: SKU -> price in force now.
    An unknown price on either side never matches.
    """
    refused: list[dict[str, int | None]] = []
    for line in lines:
        sku, wanted = int(line["sku_id"]), int(line["exchange_sku_id"])
        if paid.get(sku) is None or paid.get(sku) != prices.get(wanted):
            refused.append(
                {
                    "sku_id": sku,
                    "exchange_sku_id": wanted,
                    "paid_unit_fen": paid.get(sku),
                    "exchange_price_fen": prices.get(wanted),
                }
            )
    return refused


def check(session: Session, order: Order, lines: Sequence[Mapping[str, Any]]) -> None:
    """409 ``exchange_not_same_product`` or ``exchange_price_differs`` unless every line
    swaps within its product at the price paid."""
    inventory = LocalInventoryClient(session)
    skus = sorted({int(line[key]) for line in lines for key in ("sku_id", "exchange_sku_id")})
    refused = mismatched(lines, inventory.products_of(skus))
    if refused:
        raise Conflict(
            "an exchange swaps for another size or colour of the same product",
            code="exchange_not_same_product",
            details={"sku_ids": refused},
        )
    paid = {line.sku_id: line.unit_price_fen for line in order.lines}
    differing = repriced(lines, paid, inventory.prices_now(skus))
    if differing:
        raise Conflict(
            "this variant's price differs from what was paid: return the item and buy the "
            "other instead",
            code="exchange_price_differs",
            details={"lines": differing},
        )
