"""What an exchange may swap: a SKU of the same product (another size or colour)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
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


def check(session: Session, lines: Sequence[Mapping[str, Any]]) -> None:
    """409 ``exchange_not_same_product`` unless every line swaps within its product."""
    skus = {int(line[key]) for line in lines for key in ("sku_id", "exchange_sku_id")}
    refused = mismatched(lines, LocalInventoryClient(session).products_of(sorted(skus)))
    if refused:
        raise Conflict(
            "an exchange swaps for another size or colour of the same product",
            code="exchange_not_same_product",
            details={"sku_ids": refused},
        )
