"""Transfer routes, added to both staff front doors' stock routers (``stock_routes``).

``here`` is the location the request acts at; it must be one end of the transfer.
"""

# No ``from __future__ import annotations``: FastAPI must see ``here``'s type, a value
# passed in, as a type, not as a string it would look up in the module.
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response

from inventory import transfers
from inventory.transfer_schemas import TransferCreate, TransferRead, TransferReceipt
from inventory.transfer_states import TransferStatus
from services.platform.inputs import BigId
from services.platform.web.answers import answers
from services.platform.web.creates import create_once
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

_NOT_HERE = ("transfer_not_found",)
_STEP = (*_NOT_HERE, "transfer_status", "transfer_wrong_end")


def add_transfer_routes(router: APIRouter, Here: Any) -> None:
    @router.post("/transfers", response_model=TransferRead, status_code=201)
    @answers("transfer_same_location", "location_not_found", "repeated_sku", "sku_not_found")
    def create_transfer(
        body: TransferCreate,
        here: Here,
        uow: UowDep,
        idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    ) -> Response:
        """Request a transfer from here (``to_location_id``) or to here (``from_location_id``).

        Nothing moves until the source ships it; the same Idempotency-Key creates it once.
        """
        return create_once(
            uow,
            scope=f"{here.staff.role}:{here.staff.id}:transfers:{here.location_id}",
            header=idempotency_key,
            body=body.model_dump(mode="json"),
            make=lambda: transfers.create(
                session=uow.session, here=here.location_id, transfer=body, staff=here.staff
            ),
        )

    @router.get("/transfers", response_model=Page[TransferRead])
    def list_transfers(
        here: Here,
        uow: UowDep,
        page: Pagination,
        status: Annotated[TransferStatus | None, Query()] = None,
    ) -> Page[TransferRead]:
        """Transfers leaving or reaching this location, newest first."""
        items, total = transfers.at(
            session=uow.session,
            here=here.location_id,
            status=status,
            offset=page.offset,
            limit=page.limit,
        )
        return page.page(items, total)

    @router.get("/transfers/{transfer_id}", response_model=TransferRead)
    @answers(*_NOT_HERE)
    def read_transfer(transfer_id: BigId, here: Here, uow: UowDep) -> TransferRead:
        return transfers.one(session=uow.session, here=here.location_id, transfer_id=transfer_id)

    @router.post("/transfers/{transfer_id}/ship", response_model=TransferRead)
    @answers(*_STEP, "below_reserved", "not_enough_on_hand")
    def ship_transfer(transfer_id: BigId, here: Here, uow: UowDep) -> TransferRead:
        """The source sends the goods: they leave its on-hand and are in transit."""
        result = transfers.ship(
            session=uow.session, here=here.location_id, transfer_id=transfer_id, staff=here.staff
        )
        uow.commit()
        return result

    @router.post("/transfers/{transfer_id}/receive", response_model=TransferRead)
    @answers(*_STEP, "repeated_sku", "transfer_lines_mismatch", "received_more_than_sent")
    def receive_transfer(
        transfer_id: BigId, body: TransferReceipt, here: Here, uow: UowDep
    ) -> TransferRead:
        """The destination books in what arrived; a shortfall is the line's discrepancy."""
        result = transfers.receive(
            session=uow.session,
            here=here.location_id,
            transfer_id=transfer_id,
            receipt=body,
            staff=here.staff,
        )
        uow.commit()
        return result

    @router.post("/transfers/{transfer_id}/cancel", response_model=TransferRead)
    @answers(*_STEP)
    def cancel_transfer(transfer_id: BigId, here: Here, uow: UowDep) -> TransferRead:
        """Either end calls it off before it is shipped."""
        result = transfers.cancel(
            session=uow.session, here=here.location_id, transfer_id=transfer_id
        )
        uow.commit()
        return result
