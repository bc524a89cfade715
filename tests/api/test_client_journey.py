"""The BOPIS journey through the generated Python client (clients/python, `make clients`),
against the app served over real HTTP: what the mini-program team's client will do."""

from __future__ import annotations

from clients.python.o2o_mp_client import AuthenticatedClient, Client
from clients.python.o2o_mp_client.api.auth import login
from clients.python.o2o_mp_client.api.availability import availability_for_items
from clients.python.o2o_mp_client.api.orders import my_order, place_order, simulate_payment
from clients.python.o2o_mp_client.api.stores import nearby_stores
from clients.python.o2o_mp_client.models import (
    Availability,
    CartLine,
    ErrorBody,
    LoginRead,
    LoginRequest,
    NearbyStores,
    OrderCreate,
    OrderCreateFulfilment,
    OrderRead,
    ShopperOrderRead,
)
from tests.shop import open_shop


def test_shopper_buys_online_and_pays_through_the_generated_client(live_url: str) -> None:
    shop = open_shop(units=3, price_fen=129900)
    with Client(base_url=live_url, raise_on_unexpected_status=True) as anonymous:
        session = login.sync(client=anonymous, body=LoginRequest(code="demo-shopper"))
        assert isinstance(session, LoginRead)
        stores = nearby_stores.sync(client=anonymous, lat=31.2304, lon=121.4737)
        assert isinstance(stores, NearbyStores)
        assert shop.store_id in [store.id for store in stores.items]
        sku = shop.sku_ids[0]
        where = availability_for_items.sync(
            client=anonymous, items=f"{sku}:1", lat=31.2304, lon=121.4737
        )
        assert isinstance(where, Availability)
        option = next(o for o in where.pickup if o.store_id == shop.store_id)
        assert option.complete and option.lines[0].available == 3

    shopper = AuthenticatedClient(
        base_url=live_url, token=session.access_token, raise_on_unexpected_status=True
    )
    with shopper:
        body = OrderCreate(
            fulfilment=OrderCreateFulfilment.PICKUP,
            store_id=shop.store_id,
            lines=[CartLine(sku_id=sku, quantity=1)],
        )
        placed = place_order.sync_detailed(client=shopper, body=body, idempotency_key="cart-1")
        assert placed.status_code == 201
        order = placed.parsed
        assert isinstance(order, OrderRead)
        assert (order.status, order.total_fen) == ("pending_payment", 129900)
        # The same key and body replay the first answer: one order, not two.
        again = place_order.sync(client=shopper, body=body, idempotency_key="cart-1")
        assert isinstance(again, OrderRead) and again.number == order.number

        paid = simulate_payment.sync(client=shopper, number=order.number)
        assert isinstance(paid, OrderRead) and paid.status == "paid"
        read = my_order.sync(client=shopper, number=order.number)
        assert isinstance(read, ShopperOrderRead)  # the order with what they may also like
        assert (read.status, read.lines[0].sku_id, read.lines[0].quantity) == ("paid", sku, 1)

        # Errors arrive typed too: the documented shape with its stable code.
        missing = my_order.sync(client=shopper, number="Onosuchorder")
        assert isinstance(missing, ErrorBody)
        assert missing.error.code == "order_not_found"
