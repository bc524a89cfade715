"""Flash sale where every order also spends points: the same sale as ``flash_sale``.

Every shopper is a member holding ``POINTS_EACH`` points and spends them all on
their one order (inside ``orders.place_order``, before the stock). Must report
``orders_ok == 1000``, ``oversold == 0``, ``negative_balances == 0`` and
``ledger_drift == 0`` (every balance equals its entries; every placed order took
its points once).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from bench import flash_sale, harness

POINTS_EACH = 5_000  # 50 yuan off the 1,299 yuan sneaker, well under the share cap


def _members(servers: harness.Servers) -> None:
    """A member for every token ``flash_sale`` issues (ids 1..), each with its points."""
    shoppers = flash_sale.ATTEMPTS + flash_sale.WARMUP
    engine = servers.engine()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO members.members (id, openid, points, joined_at, care_opt_out)"
                " SELECT g, 'bench-' || g, 0, now(), false FROM generate_series(1, :n) g"
            ),
            {"n": shoppers},
        )
        connection.execute(
            text(
                "SELECT count(*) FROM members.members m, members.apply_points("
                " p_member_id => m.id, p_delta => :points, p_source => 'welcome',"
                " p_reason => 'bench', p_at => now())"
            ),
            {"points": POINTS_EACH},
        )
    engine.dispose()


def _check(servers: harness.Servers, ids: dict[str, int]) -> dict[str, Any]:
    engine = servers.engine()
    with engine.connect() as connection:
        negative = connection.execute(
            text("SELECT count(*) FROM members.members WHERE points < 0")
        ).scalar_one()
        drift = connection.execute(
            text(
                "SELECT count(*) FROM members.members m WHERE m.points <> COALESCE("
                " (SELECT sum(e.delta) FROM members.points_entries e"
                "  WHERE e.member_id = m.id), 0)"
            )
        ).scalar_one()
        unspent = connection.execute(
            text(
                "SELECT count(*) FROM orders.orders o WHERE o.points_spent <> :points"
                " OR NOT EXISTS (SELECT 1 FROM members.points_entries e"
                "  WHERE e.member_id = o.member_id"
                "  AND e.source = concat_ws(':', 'order', o.number, 'spend')"
                "  AND e.delta = -o.points_spent)"
            ),
            {"points": POINTS_EACH},
        ).scalar_one()
    engine.dispose()
    return {
        "negative_balances": int(negative),
        "ledger_drift": int(drift) + int(unspent),
    }


def main() -> None:
    flash_sale.run(
        "flash_sale_points",
        prepare=_members,
        extra={"points": POINTS_EACH},
        check=_check,
    )


if __name__ == "__main__":
    main()
