"""A transfer on its way to the demo guide's store, so receiving one shows on first start."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory import transfers
from inventory.ledger import Staff
from inventory.models import Location
from inventory.transfer_schemas import TransferCreate
from stores.models import Manager, Store

#: The store the printed guide login works at (``demo_logins``).
DEMO_STORE = "SHA-01"


def seed_transfers(session: Session, rng: random.Random, sku_ids: list[int]) -> int:
    """HQ ships a few SKUs from the online warehouse to SHA-01: in transit, to be received."""
    warehouse = session.scalar(select(Location.id).where(Location.code == "WH-ONLINE"))
    store = session.scalar(
        select(Location.id)
        .join(Store, Store.id == Location.store_id)
        .where(Store.code == DEMO_STORE)
    )
    hq = session.scalar(select(Manager.id).where(Manager.username == "hq"))
    if warehouse is None or store is None or hq is None:
        return 0
    staff = Staff("manager", hq)
    lines = [{"sku_id": sku, "quantity": 6} for sku in sorted(rng.sample(sku_ids, 3))]
    made = transfers.create(
        session=session,
        here=warehouse,
        transfer=TransferCreate(to_location_id=store, lines=lines),
        staff=staff,
    )
    transfers.ship(session=session, here=warehouse, transfer_id=made.id, staff=staff)
    return 1
