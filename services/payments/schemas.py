"""Payment schemas returned through the payments client."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class PaymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_ref: str
    attempt: int
    gateway: str
    intent_id: str | None
    client_secret: str | None
    amount_fen: int
    currency: str
    status: str
    refunded_fen: int
