"""ARCHITECTURE.md's "Events" list cannot go stale: it names every published fact.

Every ``Fact`` subclass in a service's ``events`` module must appear with its topic and
version, and every field of its items with a meaning, in that section.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

from pydantic import BaseModel

from server.boundaries import SERVICES
from services.platform.event_schema import Fact

ROOT = Path(__file__).resolve().parents[2]


def _section() -> str:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    start = text.index("### Events (what owners publish)")
    end = re.compile(r"^##", re.M).search(text, start + 4)
    return text[start : end.start() if end else len(text)]


def _facts() -> list[type[Fact]]:
    for service in SERVICES:
        if importlib.util.find_spec(f"{service.package}.events") is not None:
            importlib.import_module(f"{service.package}.events")
    found: list[type[Fact]] = []
    pending = list(Fact.__subclasses__())
    while pending:
        fact = pending.pop()
        found.append(fact)
        pending.extend(fact.__subclasses__())
    return found


def _items(fact: type[Fact]) -> list[type[BaseModel]]:
    """The item models a fact lists (``orders: list[OrderState]``)."""
    models = []
    for field in fact.model_fields.values():
        for arg in getattr(field.annotation, "__args__", ()):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                models.append(arg)
    return models


def test_every_fact_is_published_by_some_owner() -> None:
    topics = {fact.TOPIC for fact in _facts()}
    assert {"orders.changed", "members.joined", "payments.settled"} <= topics


def _undocumented(section: str) -> list[str]:
    missing = []
    for fact in _facts():
        if f"`{fact.TOPIC}` v{fact.VERSION}" not in section:
            missing.append(f"{fact.TOPIC} v{fact.VERSION}")
        for item in _items(fact):
            if item.__name__ not in section:
                missing.append(item.__name__)
            missing += [
                f"{item.__name__}.{name}"
                for name in item.model_fields
                if f"`{name}`" not in section
            ]
    return missing


def test_every_topic_version_and_field_is_in_the_events_list() -> None:
    assert _undocumented(_section()) == [], "ARCHITECTURE.md, 'Events': document these"


def test_the_check_sees_a_missing_topic_and_field() -> None:
    planted = _section().replace("`paid_twice`", "").replace("`orders.changed` v1", "")
    assert set(_undocumented(planted)) == {"orders.changed v1", "PaymentSettled.paid_twice"}
