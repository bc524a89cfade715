"""The shape every published fact shares: a versioned pydantic model per topic.

An owner declares its facts in its ``events.py`` as subclasses of ``Fact``: ``TOPIC`` names
the outbox topic, ``v`` the payload version. A reader parses a payload with
``parse(payload)``: an unknown version is refused loudly (``UnknownVersion``) rather than
read wrongly, so an owner adds a field freely (readers ignore it) but bumps ``v`` for
anything that changes a field's meaning. Facts of one writer statement travel together in
one message (a list), so a transaction writes as few outbox rows as it has statements.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict


class UnknownVersion(ValueError):
    """A payload of a version this reader does not know (deploy the reader first)."""


class Fact(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    TOPIC: ClassVar[str]
    VERSION: ClassVar[int] = 1
    v: int = 1

    @classmethod
    def parse(cls, payload: dict[str, Any]) -> Self:
        if payload.get("v") != cls.VERSION:
            raise UnknownVersion(f"{cls.TOPIC}: version {payload.get('v')!r}")
        return cls.model_validate(payload)
