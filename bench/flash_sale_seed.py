"""The flash sale's store, stock and shoppers (``bench/flash_sale.py`` and its variants)."""

from __future__ import annotations

from typing import Any

from bench import harness

#: Where the benches' store stands (Nanjing Road, Shanghai).
SHANGHAI = (31.2304, 121.4737)


def shanghai_store(session: Any, *, code: str, name: str) -> Any:
    """An open store in a new East region (the benches' one store): added, not committed."""
    from stores.models import Region, Store

    region = Region(code="east", name="East")
    session.add(region)
    session.flush()
    store = Store(
        code=code,
        name=name,
        region_id=region.id,
        city="Shanghai",
        address="1 Nanjing Road",
        latitude=SHANGHAI[0],
        longitude=SHANGHAI[1],
        status="open",
    )
    session.add(store)
    return store


def seed(servers: harness.Servers, *, units: int, warm_units: int) -> dict[str, int]:
    """One store with ``units`` of the sale SKU, a hot row for the raw limit, and
    ``warm_units`` of another SKU for the warm-up; their ids."""
    from inventory import ledger
    from inventory.models import Location, Product, Sku
    from services.platform.uow import UnitOfWork

    with UnitOfWork() as uow:
        session = uow.session
        store = shanghai_store(session, code="SH-FLAGSHIP", name="Shanghai Flagship")
        product = Product(code="SNEAKER", name="Limited sneaker", category="shoes")
        session.add_all([store, product])
        session.flush()
        sale = Sku(code="SNEAKER-42", product_id=product.id, variant="42", price_fen=129900)
        hot = Sku(code="HOT-ROW", product_id=product.id, variant="raw", price_fen=100)
        warm = Sku(code="WARM-UP", product_id=product.id, variant="43", price_fen=129900)
        location = Location(code="L-SH", kind="store", store_id=store.id, name="Flagship")
        session.add_all([sale, hot, warm, location])
        session.flush()
        # The opening stock is a receipt on the ledger, like any delivery: on-hand equals the
        # sum of its movements from the start, so reconciliation finds no drift mid-bench.
        ledger.move(
            session=session,
            location_id=location.id,
            changes={sale.id: units, hot.id: 10**9, warm.id: warm_units},
            kind="receipt",
            source_type="delivery",
            source_id="BENCH-OPENING-STOCK",
        )
        ids = {
            "store": store.id,
            "location": location.id,
            "sku": sale.id,
            "hot": hot.id,
            "warm": warm.id,
        }
        uow.commit()
    return ids


def tokens(count: int, first: int = 1) -> list[str]:
    """Shopper tokens for members ``first``, ``first + 1``, ..."""
    from services.platform.auth import Principal, issue_token
    from services.platform.settings import get_settings

    settings = get_settings()
    return [
        issue_token(Principal(role="shopper", subject=first + i), settings) for i in range(count)
    ]
