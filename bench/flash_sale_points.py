"""Flash sale where every order also spends points and a coupon: the same sale as ``flash_sale``.

Every shopper is a member holding ``POINTS_EACH`` points and a coupon of
``COUPON_OFF_FEN`` off in their wallet (entry id = member id), and spends both on
their one order (inside ``orders.place_order``, before the stock). Must report
``orders_ok == 1000``, ``oversold == 0``, ``negative_balances == 0``,
``ledger_drift == 0`` (every balance equals its entries; every placed order took
its points once) and ``coupon_drift == 0`` (no coupon used by two orders, every
order holds its own coupon with its discount).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from bench import flash_sale, harness

POINTS_EACH = 5_000  # 50 yuan off the 1,299 yuan sneaker, well under the share cap
COUPON_OFF_FEN = 1_000  # 10 yuan off, no minimum, anywhere


def _members(servers: harness.Servers) -> None:
    """A member for every token ``flash_sale`` issues (ids 1..), each with its points (the
    sold-out phase's shoppers too)."""
    shoppers = flash_sale.SHOPPERS
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
        coupon = connection.execute(
            text(
                "INSERT INTO promotions.coupons (name, kind, amount_off_fen, min_spend_fen,"
                " currency, valid_from, valid_until, channels, region_ids, store_ids, sku_ids,"
                " categories, created_at) VALUES ('Flash sale 10 off', 'amount_off', :off, 0,"
                " 'CNY', now() - interval '1 day', now() + interval '1 day', '{}', '{}', '{}',"
                " '{}', '{}', now()) RETURNING id"
            ),
            {"off": COUPON_OFF_FEN},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO promotions.member_coupons"
                " (id, coupon_id, member_id, status, source, issued_at)"
                " SELECT g, :coupon, g, 'available', 'bench', now()"
                " FROM generate_series(1, :n) g"
            ),
            {"coupon": coupon, "n": shoppers},
        )
    engine.dispose()


def _own_coupon(member_id: int) -> dict[str, Any]:
    """Each shopper's own wallet entry (its id is the member's, see ``_members``)."""
    return {"coupon_id": member_id}


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
        # A coupon used by two orders, an order without its own coupon or its discount, or
        # a wallet entry redeemed by an order that does not hold it.
        coupon_drift = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM (SELECT coupon_id FROM orders.orders"
                "   WHERE coupon_id IS NOT NULL GROUP BY coupon_id HAVING count(*) > 1) d)"
                " + (SELECT count(*) FROM orders.orders o"
                "   LEFT JOIN promotions.member_coupons w ON w.id = o.coupon_id"
                "   WHERE o.coupon_discount_fen <> :off OR w.order_ref IS DISTINCT FROM o.number)"
                " + (SELECT count(*) FROM promotions.member_coupons w WHERE w.status = 'redeemed'"
                "   AND NOT EXISTS (SELECT 1 FROM orders.orders o"
                "     WHERE o.number = w.order_ref AND o.coupon_id = w.id))"
            ),
            {"off": COUPON_OFF_FEN},
        ).scalar_one()
    engine.dispose()
    return {
        "negative_balances": int(negative),
        "ledger_drift": int(drift) + int(unspent),
        "coupon_drift": int(coupon_drift),
    }


def main() -> None:
    flash_sale.run(
        "flash_sale_points",
        prepare=_members,
        extra={"points": POINTS_EACH},
        per_shopper=_own_coupon,
        check=_check,
    )


if __name__ == "__main__":
    main()
