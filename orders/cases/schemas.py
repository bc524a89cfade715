"""What shoppers send and staff read about service cases."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from orders.cases.states import Outcome
from services.platform.examples import example_of, examples
from services.platform.inputs import Id, InputModel


class CaseLine(InputModel):
    """Units of one SKU the case is about; an exchange names the SKU wanted instead."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"sku_id": 101, "quantity": 1, "exchange_sku_id": 102}]}
    )

    sku_id: Id
    quantity: int = Field(gt=0, le=99)
    exchange_sku_id: Id | None = None


class CaseCreate(InputModel):
    """A shopper's return, exchange or complaint on one of their orders."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "kind": "return",
                    "reason": "too small",
                    "lines": [{"sku_id": 101, "quantity": 1}],
                    "photo_urls": ["https://img.example.com/p/1.jpg"],
                }
            ]
        },
    )

    kind: Literal["return", "exchange", "complaint"]
    reason: str = Field(min_length=1, max_length=500)
    lines: list[CaseLine] = Field(default_factory=list, max_length=50)
    photo_urls: list[str] = Field(default_factory=list, max_length=6)

    @model_validator(mode="after")
    def _lines_fit_the_kind(self) -> CaseCreate:
        if self.kind in ("return", "exchange") and not self.lines:
            raise ValueError(f"a {self.kind} names the lines it is about")
        if len({line.sku_id for line in self.lines}) != len(self.lines):
            raise ValueError("each SKU may appear once")
        for line in self.lines:
            if (self.kind == "exchange") != (line.exchange_sku_id is not None):
                raise ValueError("an exchange, and only an exchange, names exchange_sku_id")
            if line.exchange_sku_id == line.sku_id:
                raise ValueError("an exchange swaps for another SKU")
        for url in self.photo_urls:
            if not url.startswith("https://") or len(url) > 500:
                raise ValueError("photo links are https URLs of at most 500 characters")
        return self


class CaseStepCreate(InputModel):
    """A staff step: contact the shopper, approve, decline (with a reason), resolve (outcome)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"action": "resolve", "outcome": "apologised", "note": "called, sorry"}]
        },
    )

    action: Literal["contact", "approve", "decline", "resolve"]
    note: str | None = Field(default=None, min_length=1, max_length=500)
    outcome: Outcome | None = None

    @model_validator(mode="after")
    def _what_each_step_needs(self) -> CaseStepCreate:
        if self.action == "decline" and not self.note:
            raise ValueError("a decline gives its reason in note")
        if (self.action == "resolve") != (self.outcome is not None):
            raise ValueError("a resolve, and only a resolve, records an outcome")
        return self


class CaseStepRead(BaseModel):
    action: str
    status: str
    actor_role: str
    note: str | None
    created_at: datetime


class CaseLineRead(BaseModel):
    """A case's line with the money a guide weighs: the unit price paid and, for an
    exchange, the replacement's price now (they must match: ``exchange_price_differs``)."""

    sku_id: int
    quantity: int
    exchange_sku_id: int | None = None
    paid_unit_fen: int | None = Field(default=None, description="unit price on the order")
    exchange_price_fen: int | None = Field(
        default=None, description="the replacement's price now (an exchange only)"
    )


class CaseRead(BaseModel):
    """A case with its history and what it needs next (empty once closed)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "kind": "return",
                    "status": "open",
                    "member_id": 12,
                    "store_id": 3,
                    "order_number": "O-8F2KQ",
                    "summary": "too small",
                    "lines": [{"sku_id": 101, "quantity": 1, "paid_unit_fen": 71800}],
                    "photo_urls": [],
                    "outcome": None,
                    "due_at": "2026-12-01T09:00:00Z",
                    "acted_at": None,
                    "escalated_at": None,
                    "closed_at": None,
                    "created_at": "2026-11-29T09:00:00Z",
                    "overdue": False,
                    "next_steps": ["contact", "approve", "decline"],
                    "member_url": "/tablet/v1/members/12",
                    "steps": [
                        {
                            "action": "open",
                            "status": "open",
                            "actor_role": "shopper",
                            "note": "too small",
                            "created_at": "2026-11-29T09:00:00Z",
                        }
                    ],
                }
            ]
        }
    )

    id: int
    kind: str
    status: str
    member_id: int
    store_id: int | None
    order_number: str | None
    summary: str
    lines: list[CaseLineRead]
    photo_urls: list[str]
    outcome: str | None
    due_at: datetime
    acted_at: datetime | None
    escalated_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    overdue: bool
    next_steps: list[str]
    member_url: str
    steps: list[CaseStepRead]


class CaseStepMine(BaseModel):
    """A step of the shopper's case: what happened and when; staff notes stay with staff."""

    action: str
    status: str
    actor_role: str
    created_at: datetime


#: What staff read of a case and its shopper does not: the tablet's link to the member,
#: the staff's next moves and their deadline bookkeeping.
_STAFF_ONLY = ("member_url", "next_steps", "overdue", "escalated_at", "steps")


class CaseMine(BaseModel):
    """A case as its shopper reads it (the mini-program)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                **{k: v for k, v in example_of(CaseRead).items() if k not in _STAFF_ONLY},
                "steps": [
                    {
                        "action": "open",
                        "status": "open",
                        "actor_role": "shopper",
                        "created_at": "2026-11-29T09:00:00Z",
                    }
                ],
            }
        )
    )

    id: int
    kind: str
    status: str
    member_id: int
    store_id: int | None
    order_number: str | None
    summary: str
    lines: list[CaseLineRead]
    photo_urls: list[str]
    outcome: str | None
    due_at: datetime
    acted_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    steps: list[CaseStepMine]

    @classmethod
    def of(cls, read: CaseRead) -> CaseMine:
        return cls.model_validate(read.model_dump())  # the staff-only fields are dropped
