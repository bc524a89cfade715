"""The wall's non-additive and cross-service figures recomputed straight from the sources,
written apart from insights' own rules, for the rollup-equality test to compare with."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from services.platform.uow import UnitOfWork

# Every paid order, check-in and member scan: who, on which local day, where.
_ACTIVITY = """
    SELECT o.member_id, (o.paid_at AT TIME ZONE coalesce(s.timezone, 'Asia/Shanghai'))::date
           AS day, coalesce(s.region_id, 0) AS region_id, coalesce(o.store_id, 0) AS store_id
    FROM orders.orders o LEFT JOIN stores.stores s ON s.id = o.store_id
    WHERE o.paid_at IS NOT NULL
    UNION ALL
    SELECT c.member_id, (c.checked_in_at AT TIME ZONE s.timezone)::date, s.region_id, s.id
    FROM stores.check_ins c JOIN stores.stores s ON s.id = c.store_id
    UNION ALL
    SELECT x.member_id, (x.scanned_at AT TIME ZONE coalesce(s.timezone, 'Asia/Shanghai'))::date,
           t.region_id, coalesce(t.store_id, 0)
    FROM touchpoints.scans x JOIN touchpoints.touchpoints t ON t.id = x.touchpoint_id
    LEFT JOIN stores.stores s ON s.id = t.store_id
    WHERE x.member_id IS NOT NULL
"""


def _rows(sql: str) -> set[tuple[Any, ...]]:
    with UnitOfWork() as uow:
        return {tuple(r) for r in uow.session.execute(text(sql))}


def active_members() -> set[tuple[Any, ...]]:
    """(grain, region, store, first day, distinct members) at the store, region, brand level."""
    levels = "(a.region_id, a.store_id), (a.region_id, -1), (-1, -1)"
    return _rows(
        f"""
        SELECT g.grain, l.region_id, l.store_id, g.first, count(DISTINCT a.member_id)
        FROM ({_ACTIVITY}) AS a
        CROSS JOIN LATERAL (VALUES {levels}) AS l(region_id, store_id)
        CROSS JOIN LATERAL (VALUES ('day', a.day), ('week', date_trunc('week', a.day)::date),
                                   ('month', date_trunc('month', a.day)::date)) AS g(grain, first)
        GROUP BY 1, 2, 3, 4
        """
    )


def kept_active_members() -> set[tuple[Any, ...]]:
    return _rows(
        "SELECT grain, region_id, store_id, day, members FROM insights.active_members"
        " WHERE members <> 0"
    )


def payment_mix() -> set[tuple[Any, ...]]:
    """(local day, store, method, orders, GMV): each paid order by the payment that paid it."""
    return _rows(
        """
        SELECT (o.paid_at AT TIME ZONE s.timezone)::date, o.store_id,
               CASE p.gateway WHEN 'wechatpay' THEN 'wechatpay' WHEN 'stripe' THEN 'card'
                    WHEN 'counter' THEN 'counter' ELSE 'other' END AS method,
               count(*), sum(o.total_fen)
        FROM orders.orders o JOIN stores.stores s ON s.id = o.store_id
        LEFT JOIN LATERAL (
            SELECT q.gateway FROM payments.payments q
            WHERE q.order_ref = o.number AND q.status = 'succeeded'
              AND q.id NOT IN (SELECT payment_id FROM payments.refunds
                               WHERE reason = 'paid_twice')
            ORDER BY q.attempt LIMIT 1
        ) AS p ON true
        WHERE o.paid_at IS NOT NULL
        GROUP BY 1, 2, 3
        """
    )


def kept_payment_mix() -> set[tuple[Any, ...]]:
    methods = ("wechatpay", "card", "counter", "other")
    parts = " UNION ALL ".join(
        f"SELECT day, store_id, '{m}' AS method, sum(pay_{m}_orders) AS n,"
        f" sum(pay_{m}_fen) AS fen FROM insights.figures_store GROUP BY 1, 2"
        for m in methods
    )
    return _rows(f"SELECT * FROM ({parts}) AS r WHERE n <> 0")


def new_members() -> set[tuple[Any, ...]]:
    """(region, store, members) by home store: the store of the first visit (0 for none)."""
    return _rows(
        f"""
        SELECT coalesce(h.region_id, 0), coalesce(h.store_id, 0), count(*)
        FROM members.members m
        LEFT JOIN LATERAL (
            SELECT a.region_id, a.store_id FROM ({_ACTIVITY}) AS a
            WHERE a.member_id = m.id AND a.store_id > 0
            ORDER BY a.day, a.store_id LIMIT 1
        ) AS h ON true
        GROUP BY 1, 2
        """
    )


def kept_new_members() -> set[tuple[Any, ...]]:
    return _rows(
        "SELECT region_id, store_id, sum(new_members) FROM insights.figures_store"
        " GROUP BY 1, 2 HAVING sum(new_members) <> 0"
    )
