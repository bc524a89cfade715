"""The ERP stock import: whole batches or nothing, once per batch id, on the ledger."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inventory import ledger, reservations
from inventory.import_schemas import StockImportRead
from inventory.models import Sku, StockMovement
from server.cli_import import import_stock
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests.aio import threads_together
from tests.shop import Shop, open_shop, stock_of

HEADER = "batch_id,line_id,sku,location,on_hand\n"


def _codes(shop: Shop) -> tuple[list[str], str]:
    from inventory.models import Location

    with UnitOfWork() as uow:
        skus = list(
            uow.session.scalars(select(Sku.code).where(Sku.id.in_(shop.sku_ids)).order_by(Sku.id))
        )
        location = uow.session.get_one(Location, shop.location_id).code
    return skus, location


def _file(tmp_path: Path, text: str, name: str = "stock.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + text)
    return path


def _movements(source_type: str = "import") -> list[tuple[int, int, str, str | None, str]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            select(
                StockMovement.sku_id,
                StockMovement.quantity,
                StockMovement.kind,
                StockMovement.reason,
                StockMovement.source_id,
            )
            .where(StockMovement.source_type == source_type)
            .where(StockMovement.source_id != "test-opening-stock")
            .order_by(StockMovement.id)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _quietly(path: Path, _thread: int) -> StockImportRead:
    return import_stock(path, show_progress=False)


def _no_drift() -> None:
    with UnitOfWork() as uow:
        assert ledger.drifted(session=uow.session) == []


def test_levels_become_adjustments_and_a_repeat_does_nothing_more(
    db: dict[str, str], tmp_path: Path
) -> None:
    shop = open_shop(units=5, skus=2)
    (tee_m, tee_l), here = _codes(shop)
    path = _file(
        tmp_path, f"B1,1,{tee_m},{here},12\nB1,2,{tee_l},{here},5\nB2,1,{tee_m},{here},9\n"
    )

    report = import_stock(path, show_progress=False)
    assert (report.applied, report.rejected) == (2, 0)
    assert [b.moved for b in report.batches] == [1, 1]  # TEE-L already had 5: no movement
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (9, 0)
    assert stock_of(shop.location_id, shop.sku_ids[1]) == (5, 0)
    moved = _movements()
    assert moved == [
        (shop.sku_ids[0], 7, "adjustment", "count_correction", "B1/1"),
        (shop.sku_ids[0], -3, "adjustment", "count_correction", "B2/1"),
    ]

    again = import_stock(path, show_progress=False)
    assert (again.applied, again.already_applied) == (0, 2)
    assert _movements() == moved
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (9, 0)
    _no_drift()


def test_one_bad_line_applies_nothing_of_its_batch_and_is_reported(
    db: dict[str, str], tmp_path: Path
) -> None:
    shop = open_shop(units=5, skus=2)
    (tee_m, tee_l), here = _codes(shop)
    path = _file(
        tmp_path,
        f"OK,1,{tee_m},{here},8\n"
        f"BAD,1,{tee_m},{here},20\nBAD,2,{tee_l},{here},-4\nBAD,3,NO-SUCH-SKU,{here},1\n",
    )
    report = import_stock(path, show_progress=False)
    ok, bad = report.batches
    assert (ok.status, bad.status, bad.reason) == ("applied", "rejected", "rejected_lines")
    assert [(line.line, line.code) for line in bad.rejected_lines] == [
        (4, "negative"),
        (5, "unknown_sku"),
    ]
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (8, 0)  # BAD's line 1 not applied
    assert stock_of(shop.location_id, shop.sku_ids[1]) == (5, 0)
    assert [m[4] for m in _movements()] == ["OK/1"]

    # The rejected batch left no claim behind: sent again corrected, it applies.
    fixed = _file(tmp_path, f"BAD,1,{tee_m},{here},20\nBAD,2,{tee_l},{here},4\n", "fixed.csv")
    assert import_stock(fixed, show_progress=False).applied == 1
    assert stock_of(shop.location_id, shop.sku_ids[1]) == (4, 0)
    # The same id with other lines afterwards is refused, not applied twice.
    other = _file(tmp_path, f"BAD,1,{tee_m},{here},1\n", "other.csv")
    (reused,) = import_stock(other, show_progress=False).batches
    assert (reused.status, reused.reason) == ("rejected", "batch_reused")
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (20, 0)
    _no_drift()


def test_a_level_below_the_reserved_units_rejects_the_batch(
    db: dict[str, str], tmp_path: Path
) -> None:
    shop = open_shop(units=5, skus=2)
    (tee_m, tee_l), here = _codes(shop)
    with UnitOfWork() as uow:
        reservations.reserve(
            session=uow.session,
            reference="order-held",
            location_id=shop.location_id,
            lines={shop.sku_ids[0]: 3},
            until=utcnow().replace(year=2099),
        )
        uow.commit()
    path = _file(tmp_path, f"R,1,{tee_l},{here},1\nR,2,{tee_m},{here},2\n")
    (batch,) = import_stock(path, show_progress=False).batches
    assert batch.status == "rejected"
    assert [(line.line_id, line.code) for line in batch.rejected_lines] == [("2", "below_reserved")]
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 3)
    assert stock_of(shop.location_id, shop.sku_ids[1]) == (5, 0)


def test_json_files_take_the_same_path(db: dict[str, str], tmp_path: Path) -> None:
    shop = open_shop(units=1)
    (tee_m,), here = _codes(shop)
    path = tmp_path / "stock.json"
    path.write_text(
        '{"batches": [{"batch_id": "J1", "lines": '
        f'[{{"line_id": "1", "sku": "{tee_m}", "location": "{here}", "on_hand": 6}}]}}]}}'
    )
    assert import_stock(path, show_progress=False).applied == 1
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (6, 0)


def test_the_same_batch_raced_applies_once(db: dict[str, str], tmp_path: Path) -> None:
    shop = open_shop(units=0, skus=2)
    (tee_m, tee_l), here = _codes(shop)
    for round_ in range(5):
        batch = f"RACE{round_}"
        lines = f"{batch},1,{tee_m},{here},{round_ + 3}\n{batch},2,{tee_l},{here},1\n"
        path = _file(tmp_path, lines)
        reports = threads_together(4, partial(_quietly, path))
        assert sorted(r.applied for r in reports) == [0, 0, 0, 1]
        assert stock_of(shop.location_id, shop.sku_ids[0]) == (round_ + 3, 0)
    with UnitOfWork() as uow:
        count = uow.session.scalar(
            select(func.count()).where(StockMovement.source_id.like("RACE%"))
        )
    assert count == 5 + 1  # each round moves TEE-M; TEE-L changes once (0 -> 1)
    _no_drift()


@pytest.mark.demo
def test_the_demo_erp_file_loads_on_the_demo_data_through_the_command(
    db: dict[str, str],
) -> None:
    from typer.testing import CliRunner

    from inventory.models import Location, Stock
    from server.cli import app

    demo = Path(__file__).resolve().parents[2] / "demo" / "erp-stock.csv"
    first = CliRunner().invoke(app, ["import", "stock", str(demo), "--no-progress"])
    assert first.exit_code == 0, first.output
    assert "2 applied" in first.output and "0 rejected" in first.output
    with UnitOfWork() as uow:
        level = uow.session.scalars(
            select(Stock.on_hand)
            .join(Location, Location.id == Stock.location_id)
            .join(Sku, Sku.id == Stock.sku_id)
            .where(Location.code == "WH-ONLINE", Sku.code == "P0001-00")
        ).one()
    assert level == 140
    again = CliRunner().invoke(app, ["import", "stock", str(demo), "--no-progress"])
    assert again.exit_code == 0 and "2 already applied" in again.output, again.output
    _no_drift()


def test_the_command_lists_rejected_lines_and_fails(db: dict[str, str], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from server.cli import app

    shop = open_shop(units=1)
    (tee_m,), here = _codes(shop)
    path = _file(tmp_path, f"X,1,{tee_m},{here},3\nX,2,NOPE,{here},1\n")
    result = CliRunner().invoke(app, ["import", "stock", str(path), "--no-progress"])
    assert result.exit_code == 1
    assert "batch X line 3 (2): unknown_sku: no SKU 'NOPE' in the catalog" in result.output
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\x00\xff\xfe binary")
    result = CliRunner().invoke(app, ["import", "stock", str(garbage), "--no-progress"])
    assert result.exit_code == 2 and "cannot be read" in result.output


def test_batches_apply_side_by_side_and_in_file_order_when_they_share_a_row(
    db: dict[str, str], tmp_path: Path
) -> None:
    shops = [open_shop(units=2, skus=2) for _ in range(4)]
    codes = [_codes(shop) for shop in shops]
    # Four batches on four locations: no row in common, so four connections apply them.
    lines = "".join(
        f"S{n},1,{skus[0]},{here},{n + 10}\nS{n},2,{skus[1]},{here},2\n"
        for n, (skus, here) in enumerate(codes)
    )
    report = import_stock(_file(tmp_path, lines), show_progress=False, workers=4)
    assert [(b.batch_id, b.status, b.moved) for b in report.batches] == [
        (f"S{n}", "applied", 1) for n in range(4)
    ]
    for n, shop in enumerate(shops):
        assert stock_of(shop.location_id, shop.sku_ids[0]) == (n + 10, 0)
    # Ten batches, each naming the first shop's TEE-M: its level is the last batch's, and
    # a level already reached earlier in the file still moves it back (no line left out).
    (tee_m, _), here = codes[0]
    levels = [10, 3, 10, 5, 10, 7, 10, 4, 10, 6]
    lines = "".join(f"O{n},1,{tee_m},{here},{level}\n" for n, level in enumerate(levels))
    report = import_stock(_file(tmp_path, lines), show_progress=False, workers=4)
    assert [b.moved for b in report.batches] == [0] + [1] * 9
    assert stock_of(shops[0].location_id, shops[0].sku_ids[0]) == (6, 0)
    _no_drift()
