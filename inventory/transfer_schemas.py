"""Transfers between two locations as callers send and read them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from inventory.schemas import StockLine
from inventory.transfer_states import TransferStatus
from services.platform.examples import example_of, examples
from services.platform.inputs import Id, InputModel


class TransferCreate(InputModel):
    """Goods to move: name the other end, ``to_location_id`` (send from here) or
    ``from_location_id`` (ask to be sent here); this location is the other one."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "to_location_id": 3,
                "lines": [example_of(StockLine, quantity=4), example_of(StockLine, sku_id=102)],
            }
        )
    )

    to_location_id: Id | None = None
    from_location_id: Id | None = None
    lines: list[StockLine] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _one_end(self) -> TransferCreate:
        if (self.to_location_id is None) == (self.from_location_id is None):
            raise ValueError("give exactly one of to_location_id or from_location_id")
        return self


class ReceivedLine(InputModel):
    model_config = ConfigDict(json_schema_extra=examples({"sku_id": 101, "received": 3}))

    sku_id: Id
    received: int = Field(ge=0, le=100_000)


class TransferReceipt(InputModel):
    """What arrived. Without ``lines`` everything sent arrived; with them, every line
    sent is counted and a shortfall is recorded as the line's discrepancy."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {"lines": [example_of(ReceivedLine), example_of(ReceivedLine, sku_id=102, received=12)]}
        )
    )

    lines: list[ReceivedLine] | None = Field(default=None, min_length=1, max_length=500)


class TransferLineRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples({"sku_id": 101, "quantity": 4, "received": 3, "discrepancy": 1})
    )

    sku_id: int
    #: Units sent.
    quantity: int
    #: Units booked in at the destination; null until received.
    received: int | None
    #: Units sent that did not arrive (sent - received); null until received.
    discrepancy: int | None


class TransferRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "id": 5012,
                "from_location_id": 2,
                "to_location_id": 3,
                "status": "received",
                "lines": [
                    example_of(TransferLineRead),
                    example_of(
                        TransferLineRead, sku_id=102, quantity=12, received=12, discrepancy=0
                    ),
                ],
                "requested_by_role": "guide",
                "requested_by_id": 7,
                "created_at": "2026-11-28T06:12:41Z",
                "shipped_at": "2026-11-28T07:02:10Z",
                "received_at": "2026-11-28T15:40:55Z",
                "cancelled_at": None,
            }
        )
    )

    id: int
    from_location_id: int
    to_location_id: int
    status: TransferStatus
    lines: list[TransferLineRead]
    requested_by_role: str
    requested_by_id: int
    created_at: datetime
    shipped_at: datetime | None
    received_at: datetime | None
    cancelled_at: datetime | None
