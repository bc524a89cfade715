"""An offer read with no store, put together with one store's free units."""

from __future__ import annotations

from inventory.offers import Offer, OfferSku, at_store

COAT = Offer(
    7,
    "Wool coat",
    "outerwear",
    (OfferSku(70, "S", 99900, 2, None), OfferSku(71, "M", 99900, None, None)),
    frozenset({70, 71, 72}),
)


def test_each_sku_gets_the_store_free_units_and_one_it_keeps_none_of_gets_zero() -> None:
    here = at_store(COAT, {70: 3, 72: 5})
    assert here is not None
    assert [(s.sku_id, s.free) for s in here.skus] == [(70, 3), (71, 0)]
    # Everything else is the catalog's: price, limit, the product's every SKU.
    assert [(s.price_fen, s.purchase_limit) for s in here.skus] == [(99900, 2), (99900, None)]
    assert here.all_sku_ids == COAT.all_sku_ids and here.name == "Wool coat"


def test_an_offer_with_no_sku_on_sale_is_none() -> None:
    assert at_store(Offer(8, "Scarf", "accessories", (), frozenset({80})), {80: 1}) is None
