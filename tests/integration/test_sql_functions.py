"""The database functions called straight through the driver (psycopg), as SQL."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row
from sqlalchemy.engine import make_url

from inventory import reservations
from services.platform.db import utcnow
from services.platform.errors import InvalidInput
from services.platform.uow import UnitOfWork
from tests.shop import Shop, open_shop, stock_of

TAKE = "SELECT inventory.take_stock(p_location => %s, p_skus => %s, p_quantities => %s)"
HOLD = """
    SELECT inventory.hold_stock(p_reference => %s, p_location => %s, p_skus => %s,
                                p_quantities => %s, p_until => now() + interval '15 minutes')
"""
CLAIM = """
    SELECT * FROM platform.claim_answered(p_scope => %s, p_key => %s, p_request_hash => %s,
                                          p_status_code => %s, p_response => %s)
"""


def _connect(db: dict[str, str]) -> psycopg.Connection[dict[str, Any]]:
    dsn = make_url(db["database_url"]).set(drivername="postgresql").render_as_string(False)
    return psycopg.connect(dsn, row_factory=dict_row)


@pytest.fixture
def sql(db: dict[str, str]) -> Iterator[psycopg.Connection[dict[str, Any]]]:
    with _connect(db) as connection:
        yield connection


@pytest.fixture
def shop(db: dict[str, str]) -> Shop:
    return open_shop(units=3, skus=2)


# -- inventory.take_stock ------------------------------------------------------------------


def test_take_stock_counts_every_line(sql: psycopg.Connection[Any], shop: Shop) -> None:
    first, second = shop.sku_ids
    sql.execute(TAKE, (shop.location_id, [second, first], [3, 1]))
    sql.commit()
    assert stock_of(shop.location_id, first) == (3, 1)
    assert stock_of(shop.location_id, second) == (3, 3)


def test_take_stock_short_line_raises_and_takes_nothing(
    sql: psycopg.Connection[Any], shop: Shop
) -> None:
    first, second = shop.sku_ids
    with pytest.raises(psycopg.errors.RaiseException) as raised:
        sql.execute(TAKE, (shop.location_id, [first, second], [1, 4]))
    assert raised.value.diag.message_primary == "out_of_stock"
    assert raised.value.diag.message_detail == str(second)
    sql.rollback()
    assert stock_of(shop.location_id, first) == (3, 0)  # the first line went back too
    assert stock_of(shop.location_id, second) == (3, 0)


def test_take_stock_refuses_a_sku_the_location_does_not_stock(
    sql: psycopg.Connection[Any], shop: Shop
) -> None:
    with pytest.raises(psycopg.errors.RaiseException, match="out_of_stock"):
        sql.execute(TAKE, (shop.location_id, [999_999], [1]))


# -- inventory.hold_stock ------------------------------------------------------------------


def test_hold_stock_writes_the_reservation_uncounted(
    sql: psycopg.Connection[Any], shop: Shop
) -> None:
    first, second = shop.sku_ids
    row = sql.execute(HOLD, ("O-1", shop.location_id, [first, second], [2, 1])).fetchone()
    assert row is not None
    lines = sql.execute(
        "SELECT r.status, l.sku_id, l.quantity FROM inventory.reservations r"
        " JOIN inventory.reservation_lines l ON l.reservation_id = r.id"
        " WHERE r.id = %s ORDER BY l.sku_id",
        (row["hold_stock"],),
    ).fetchall()
    assert lines == [
        {"status": "held", "sku_id": first, "quantity": 2},
        {"status": "held", "sku_id": second, "quantity": 1},
    ]
    sql.commit()
    assert stock_of(shop.location_id, first) == (3, 0)  # take_stock counts it, not this


@pytest.mark.parametrize(
    ("skus", "quantities"),
    [
        ([], []),  # no line
        ([1], [0]),  # zero
        ([1, 2], [1, -2]),  # negative
        ([1, 2], [1]),  # a quantity missing
        ([1], [None]),  # a quantity unknown
        ([1, 1], [1, 1]),  # the same SKU twice
    ],
    ids=["empty", "zero", "negative", "mismatched", "null", "duplicate"],
)
def test_hold_stock_refuses_bad_quantities(
    sql: psycopg.Connection[Any], shop: Shop, skus: list[int], quantities: list[int | None]
) -> None:
    ids = [shop.sku_ids[0] if s == 1 else shop.sku_ids[1] for s in skus]
    with pytest.raises(psycopg.errors.RaiseException, match="invalid_reservation"):
        sql.execute(
            "SELECT inventory.hold_stock(p_reference => %s, p_location => %s,"
            " p_skus => %s::integer[], p_quantities => %s::integer[], p_until => now())",
            ("O-2", shop.location_id, ids, quantities),
        )
    sql.rollback()
    assert sql.execute("SELECT count(*) AS n FROM inventory.reservations").fetchone() == {"n": 0}


# -- platform.claim_answered ---------------------------------------------------------------


def _claim(
    connection: psycopg.Connection[Any], key: str, answer: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = json.dumps(answer) if answer is not None else None
    row = connection.execute(
        CLAIM, ("test", key, "hash-1", 201 if answer else None, response)
    ).fetchone()
    assert row is not None
    return dict(row)


def test_claim_answered_duplicate_gets_the_stored_answer(
    db: dict[str, str], sql: psycopg.Connection[Any]
) -> None:
    assert _claim(sql, "k1", {"number": "O1"})["claimed"] is True
    sql.commit()
    with _connect(db) as other:
        again = _claim(other, "k1", {"number": "O2"})
    assert again == {
        "claimed": False,
        "request_hash": "hash-1",
        "status_code": 201,
        "response": {"number": "O1"},
    }


def _waiting_on_a_lock(sql: psycopg.Connection[Any], pid: int) -> bool:
    row = sql.execute(
        "SELECT count(*) AS n FROM pg_locks WHERE pid = %s AND NOT granted", (pid,)
    ).fetchone()
    return bool(row and row["n"])


def _duplicate_waits(
    db: dict[str, str], first: psycopg.Connection[Any], first_answer: str, *, commit: bool
) -> dict[str, Any]:
    """``first`` claims the key, uncommitted; a duplicate claims it too; then ``first`` ends."""
    first.execute("DELETE FROM platform.idempotency_keys")
    first.commit()
    assert _claim(first, "k2", {"number": first_answer})["claimed"] is True
    with _connect(db) as second, _connect(db) as watcher:
        watcher.autocommit = True
        with ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(_claim, second, "k2", {"number": "second"})
            while not _waiting_on_a_lock(watcher, second.info.backend_pid):
                assert not waiting.done(), waiting.result()  # it must wait, not answer
            first.commit() if commit else first.rollback()
            result = waiting.result(timeout=30)
        second.commit()
    return result


def test_claim_answered_duplicate_waits_then_replays(
    db: dict[str, str], sql: psycopg.Connection[Any]
) -> None:
    for n in range(5):
        result = _duplicate_waits(db, sql, f"first-{n}", commit=True)
        assert result["claimed"] is False
        assert result["response"] == {"number": f"first-{n}"}


def test_claim_answered_duplicate_claims_after_a_rollback(
    db: dict[str, str], sql: psycopg.Connection[Any]
) -> None:
    for _ in range(5):
        result = _duplicate_waits(db, sql, "first", commit=False)
        assert result["claimed"] is True  # the first left nothing: the duplicate owns the key
        stored = sql.execute(
            "SELECT response FROM platform.idempotency_keys WHERE key = 'k2'"
        ).fetchone()
        assert stored == {"response": {"number": "second"}}


def _claim_together(db: dict[str, str], key: str, threads: int) -> list[dict[str, Any]]:
    barrier = threading.Barrier(threads)

    def attempt(i: int) -> dict[str, Any]:
        with _connect(db) as connection:
            barrier.wait(timeout=30)
            row = _claim(connection, key, {"by": i})
            connection.commit()
            return row

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(attempt, range(threads)))


def test_claim_answered_many_at_once_one_claims(db: dict[str, str]) -> None:
    for n in range(10):
        rows = _claim_together(db, f"race-{n}", threads=12)
        winners = [i for i, row in enumerate(rows) if row["claimed"]]
        assert len(winners) == 1
        assert all(row["response"] == {"by": winners[0]} for row in rows if not row["claimed"])


# -- payments.start_payment ----------------------------------------------------------------


def test_start_payment_answers_the_payment_read(sql: psycopg.Connection[Any]) -> None:
    row = sql.execute(
        "SELECT payments.start_payment(p_order_ref => 'O9', p_attempt => 1,"
        " p_gateway => 'offline', p_amount_fen => 500, p_currency => 'CNY',"
        " p_status => 'created', p_intent_id => NULL, p_client_secret => NULL) AS payment"
    ).fetchone()
    assert row is not None
    payment = row["payment"]
    assert isinstance(payment["id"], int)
    assert {k: v for k, v in payment.items() if k != "id"} == {
        "order_ref": "O9",
        "attempt": 1,
        "gateway": "offline",
        "intent_id": None,
        "client_secret": None,
        "amount_fen": 500,
        "currency": "CNY",
        "status": "created",
        "refunded_fen": 0,
    }


def test_sync_hold_refuses_bad_quantities_through_the_function(shop: Shop) -> None:
    """``reservations.hold`` writes through ``inventory.hold_stock``: its refusal is a 4xx."""
    with UnitOfWork() as uow, pytest.raises(InvalidInput) as refused:
        reservations.reserve(
            session=uow.session,
            reference="O-3",
            location_id=shop.location_id,
            lines={shop.sku_ids[0]: 0},
            until=utcnow(),
        )
    assert refused.value.code == "invalid_reservation"
    with UnitOfWork() as uow:
        held = reservations.reserve(
            session=uow.session,
            reference="O-4",
            location_id=shop.location_id,
            lines={shop.sku_ids[1]: 2, shop.sku_ids[0]: 1},
            until=utcnow(),
        )
        uow.commit()
    assert [(line.sku_id, line.quantity) for line in held.lines] == [
        (shop.sku_ids[0], 1),
        (shop.sku_ids[1], 2),
    ]
    assert stock_of(shop.location_id, shop.sku_ids[1]) == (3, 2)


# -- inventory.stock_refusal and inventory.move_stock (the ledger's rule and its one write) --
REFUSAL = "SELECT inventory.stock_refusal(%s, %s, %s, %s) AS refusal"
MOVE = """
    SELECT * FROM inventory.move_stock(
        p_locations => %s, p_skus => %s, p_quantities => %s, p_consumed => %s,
        p_sources => %s, p_set_levels => %s, p_kind => 'adjustment',
        p_reason => 'count_correction', p_source_type => 'import',
        p_staff_role => NULL, p_staff_id => NULL)
"""


@pytest.mark.parametrize(
    ("on_hand", "reserved", "delta", "consumed", "refusal"),
    [
        (5, 2, -3, 0, None),
        (0, 0, 7, 0, None),
        (5, 2, -4, 0, "below_reserved"),
        (1, 0, -2, 0, "not_enough_on_hand"),
        (3, 3, -3, 3, None),  # fulfilled units leave reserved with on-hand
        (3, 3, -3, 2, "below_reserved"),
        (2_147_483_647, 0, 1, 0, None),  # no overflow at the edge of integer
    ],
)
def test_stock_refusal_is_the_stock_rule(
    sql: psycopg.Connection[Any],
    on_hand: int,
    reserved: int,
    delta: int,
    consumed: int,
    refusal: str | None,
) -> None:
    row = sql.execute(REFUSAL, (on_hand, reserved, delta, consumed)).fetchone()
    assert row is not None and row["refusal"] == refusal


def test_move_stock_sets_levels_and_leaves_rows_at_their_level_alone(
    sql: psycopg.Connection[Any], shop: Shop
) -> None:
    first, second = shop.sku_ids
    at = [shop.location_id] * 2
    rows = sql.execute(MOVE, (at, [first, second], [7, 3], [0, 0], ["a", "b"], True)).fetchall()
    sql.commit()
    # The second SKU already had 3: not locked, not returned, no movement.
    assert [(r["sku_id"], r["on_hand"], r["delta"], r["refusal"]) for r in rows] == [
        (first, 3, 4, None)
    ]
    assert stock_of(shop.location_id, first) == (7, 0)
    assert stock_of(shop.location_id, second) == (3, 0)


def test_move_stock_with_one_refused_line_writes_nothing(
    sql: psycopg.Connection[Any], shop: Shop
) -> None:
    first, second = shop.sku_ids
    at = [shop.location_id] * 2
    rows = sql.execute(MOVE, (at, [first, second], [5, -4], [0, 0], ["a", "b"], False)).fetchall()
    sql.commit()
    assert [r["refusal"] for r in rows] == [None, "not_enough_on_hand"]
    assert stock_of(shop.location_id, first) == (3, 0)
    assert stock_of(shop.location_id, second) == (3, 0)


def test_move_stock_judges_the_row_it_writes_under_races(
    db: dict[str, str], sql: psycopg.Connection[Any], shop: Shop
) -> None:
    """Moves, takes and releases of one row released together: every move is judged on the
    row as it is when written. (Locking and judging in one statement once judged some on an
    older version: a refusal missed, the row then broke its check constraint.)"""
    sku, threads = shop.sku_ids[0], 12
    at = [shop.location_id]
    release = (
        "UPDATE inventory.stock SET reserved = reserved - 1"
        " WHERE location_id = %s AND sku_id = %s AND reserved >= 1"
    )
    unexpected: list[Exception] = []
    for round_ in range(40):
        sql.execute("UPDATE inventory.stock SET reserved = 0 WHERE sku_id = %s", (sku,))
        sql.execute(MOVE, (at, [sku], [6], [0], ["reset"], True))
        sql.execute("UPDATE inventory.stock SET reserved = 3 WHERE sku_id = %s", (sku,))
        sql.commit()
        barrier = threading.Barrier(threads)

        def attempt(i: int, round_: int = round_, barrier: threading.Barrier = barrier) -> None:
            with _connect(db) as connection:
                barrier.wait(timeout=30)
                try:
                    if i % 4 == 0:
                        connection.execute(TAKE, (shop.location_id, [sku], [1]))
                    elif i % 4 == 1:
                        connection.execute(release, (shop.location_id, sku))
                    else:
                        change = (-2, -1, 1, 2)[(i + round_) % 4]
                        connection.execute(MOVE, (at, [sku], [change], [0], ["m"], False))
                    connection.commit()
                except psycopg.errors.CheckViolation as exc:
                    unexpected.append(exc)
                except psycopg.errors.RaiseException:
                    pass  # take_stock's out_of_stock: a refusal, as expected

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(attempt, range(threads)))
    assert unexpected == []
    on_hand, reserved = stock_of(shop.location_id, sku)
    assert 0 <= reserved <= on_hand
    moved = sql.execute(
        "SELECT sum(quantity) AS total FROM inventory.stock_movements"
        " WHERE location_id = %s AND sku_id = %s",
        (shop.location_id, sku),
    ).fetchone()
    assert moved is not None and moved["total"] == on_hand
