"""An owner's publish migration puts its views, functions and triggers on in an order that
its removal exactly reverses (views first: an owner builds its events from its view)."""

from __future__ import annotations

from services.platform.publishing import Published

SHOP = Published(
    "shop",
    views={"public_a": "CREATE VIEW shop.public_a", "public_b": "CREATE VIEW shop.public_b"},
    publishers={"publish_x": "CREATE FUNCTION shop.publish_x"},
    tables={"publish_x": ("shop.a", "shop.b")},
)


def test_views_then_the_function_then_its_triggers_on_each_table() -> None:
    statements = SHOP.install()
    assert statements[:3] == [
        "CREATE VIEW shop.public_a",
        "CREATE VIEW shop.public_b",
        "CREATE FUNCTION shop.publish_x",
    ]
    triggers = statements[3:]
    assert len(triggers) == 6  # insert, update and delete, on each of two tables
    assert all("EXECUTE FUNCTION shop.publish_x()" in t for t in triggers)
    assert [t.split(" ON ")[1].split()[0] for t in triggers] == ["shop.a"] * 3 + ["shop.b"] * 3


def test_removal_drops_triggers_before_their_function_and_views_last_first() -> None:
    statements = SHOP.remove()
    assert statements[-3:] == [
        "DROP FUNCTION shop.publish_x()",
        "DROP VIEW shop.public_b",
        "DROP VIEW shop.public_a",
    ]
    dropped = {s.split(" ON ")[1] for s in statements[:-3]}
    assert dropped == {"shop.a", "shop.b"}
    assert len(statements) == 9
