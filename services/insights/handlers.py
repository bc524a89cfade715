"""Which outbox topics feed the rollups, and what each message adds (the extension point).

A handler turns one message's payload into contributions: ``(day, dimensions, figure,
value)``. It must depend on the payload alone, never on what else has been applied, so
messages can arrive in any order and be replayed; ``rollups.apply`` counts each once.
Another service adds its figures with ``@handles("its.topic")`` in a module listed in
``HANDLER_MODULES``; ``o2o insights rebuild`` replays the outbox for such topics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Contribution:
    day: date
    region_id: int
    store_id: int
    channel: str
    touchpoint_id: int
    guide_id: int
    figure: str
    value: int


Handler = Callable[[dict[str, Any]], Iterable[Contribution]]
HANDLERS: dict[str, Handler] = {}
#: Published by insights' row triggers before migration ad8126a5fc88 (insights now reads
#: the owners' events, copies.py): kept so their last messages still count once; the
#: rebuild marks them.
ROW_TOPIC = "insights.figures"


def handles(topic: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[topic] = handler
        return handler

    return register


@handles(ROW_TOPIC)
def row_changes(payload: dict[str, Any]) -> list[Contribution]:
    """The trigger already netted the row's change: each entry is one signed contribution."""
    return [
        Contribution(date.fromisoformat(d), r, s, c, t, g, f, int(v))
        for d, r, s, c, t, g, f, v in payload["rows"]
    ]
