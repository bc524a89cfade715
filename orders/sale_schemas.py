"""Schemas of assisted sales: what a guide rings up, the counter payment, the payment link."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from inventory.schemas import CartLine
from orders.schemas import OrderRead
from services.platform.examples import example_of, examples
from services.platform.inputs import InputModel

CounterMethod = Literal["cash", "card", "pos_qr"]
# A member id in a body: bigint, bounded at the largest integer a JSON number keeps exactly
# (the OpenAPI document stores bounds as floats; 2**63 - 1 would round up past bigint).
MemberRef = Annotated[int, Field(ge=1, le=2**53 - 1)]


class AssistedSaleCreate(InputModel):
    """A sale a guide rings up for a member in the store (collected at this store)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {"member_id": 4211, "lines": [example_of(CartLine, sku_id=101, quantity=1)]}
        ),
    )

    member_id: MemberRef
    lines: list[CartLine] = Field(min_length=1, max_length=50)


class PayLink(BaseModel):
    """A link the member opens in the mini-program to pay this order (only they can)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "token": "PL1.Oq3Zk7xPa2Lm.4211.1796200000.k1.3q2+7wAAAAAAAAAAAAAAAA",
                "path": "/pages/order/pay?link=PL1.Oq3Zk7xPa2Lm.4211.1796200000.k1.3q2",
                "expires_at": "2026-11-29T06:12:41Z",
            }
        )
    )

    token: str
    path: str
    expires_at: datetime


class AssistedSaleRead(OrderRead):
    """The order as placed (pending payment), and the link to pay it by phone."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            example_of(
                OrderRead, channel="store_assisted", guide_id=7, pay_link=example_of(PayLink)
            )
        )
    )

    pay_link: PayLink | None = None


class CounterPaymentCreate(InputModel):
    """Money the guide took at the counter for an assisted sale: all of it, at once."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"amount_fen": 129900, "method": "card"})
    )

    amount_fen: int = Field(ge=1, le=10_000_000_000)
    method: CounterMethod


class PayLinkOpen(InputModel):
    """The ``link`` parameter of the pay page the member opened."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"link": example_of(PayLink)["token"]})
    )

    link: str = Field(min_length=1, max_length=200)
