"""Public interface of the orders service (read-only for now: attribution, insights)."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from orders import queries
from orders.schemas import OrderRead


class OrdersClient(Protocol):
    def get(self, number: str) -> OrderRead | None: ...


class LocalOrdersClient:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, number: str) -> OrderRead | None:
        order = queries.by_number(session=self._session, number=number)
        return queries.read(self._session, order, shopper=False) if order else None
