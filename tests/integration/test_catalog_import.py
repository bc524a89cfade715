"""The ERP catalog import: whole or nothing, line by line reports, a repeat changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from inventory import catalog_import
from inventory.catalog_feed import read_file
from inventory.models import CatalogAudit, Category, PriceChange, Product, Sku
from inventory.schemas_catalog import CatalogImportRead
from inventory.service import get_product
from server.cli import app as cli
from server.cli_import import import_catalog
from services.platform.uow import UnitOfWork

SAMPLE = Path(__file__).resolve().parents[2] / "demo" / "erp-catalog.csv"
HEADER = "product_code,product_name,category,sku_code,variant,price_fen,description\n"


def _categories(*codes: str) -> None:
    with UnitOfWork() as uow:
        uow.session.add_all(Category(code=c, name=c.title()) for c in codes)
        uow.commit()


def _run(csv: str) -> CatalogImportRead:
    lines = read_file("feed.csv", csv.encode())
    with UnitOfWork() as uow:
        report = catalog_import.apply(session=uow.session, lines=lines, staff_id=None)
        if report.applied:
            uow.commit()
    return report


def _counts() -> tuple[int, int, int, int]:
    with UnitOfWork() as uow:
        s = uow.session
        return (
            s.scalar(select(func.count(Product.id))) or 0,
            s.scalar(select(func.count(Sku.id))) or 0,
            s.scalar(select(func.count(PriceChange.id))) or 0,
            s.scalar(select(func.count(CatalogAudit.id))) or 0,
        )


FEED = (
    HEADER
    + "E100,Monsoon Poncho,jackets,E100-M,Black / M,89900,Packable.\n"
    + "E100,Monsoon Poncho,jackets,E100-L,Black / L,89900,\n"
    + "E200,Trail Cap,accessories,E200-OS,One size,9900,\n"
)


def test_a_batch_with_one_bad_line_applies_nothing_and_names_the_line(db: object) -> None:
    _categories("jackets", "accessories")
    bad = FEED + "E300,Glove,accessories,E300-M,M,-5,\n" + "E400,Scarf,nothing,E400-1,One,500,\n"
    report = _run(bad)
    assert not report.applied
    assert [(r.line, r.sku_code, r.code) for r in report.rejected_lines] == [
        (5, "E300-M", "malformed"),
        (6, "E400-1", "category_unknown"),
    ]
    assert report.rejected_count == 2
    assert _counts() == (0, 0, 0, 0)


def test_an_import_upserts_and_a_repeat_does_nothing_more(db: object) -> None:
    _categories("jackets", "accessories")
    first = _run(FEED)
    assert first.applied, first
    assert (first.products_created, first.skus_created, first.unchanged) == (2, 3, 0)
    after_first = _counts()
    assert after_first[:3] == (2, 3, 3)

    again = _run(FEED)
    assert again.applied
    assert (again.products_created, again.skus_created, again.prices_changed) == (0, 0, 0)
    assert (again.products_updated, again.skus_updated, again.unchanged) == (0, 0, 3)
    assert _counts() == after_first  # no row, no price, no audit more

    # The ERP changes a price and a name: only those are written, audited as the import.
    changed = _run(
        FEED.replace("E200-OS,One size,9900", "E200-OS,One size,7900").replace(
            "Trail Cap", "Trail Cap II"
        )
    )
    assert (changed.prices_changed, changed.products_updated, changed.unchanged) == (1, 1, 2)
    with UnitOfWork() as uow:
        product = uow.session.scalars(select(Product).where(Product.code == "E200")).one()
        shown = get_product(session=uow.session, product_id=product.id)
        assert (shown.name, shown.skus[0].price_fen) == ("Trail Cap II", 7900)
        audits = uow.session.scalars(
            select(CatalogAudit).where(CatalogAudit.source == changed.source)
        ).all()
        assert sorted((a.entity, a.action, a.actor_role) for a in audits) == [
            ("price", "price_set", "import"),
            ("product", "updated", "import"),
        ]


def test_a_sku_cannot_move_to_another_product(db: object) -> None:
    _categories("jackets", "accessories")
    assert _run(FEED).applied
    moved = _run(HEADER + "E999,Other,jackets,E100-M,Black / M,89900,\n")
    assert [(r.line, r.code) for r in moved.rejected_lines] == [(2, "sku_of_other_product")]


def test_the_sample_file_shipped_with_the_demo_imports(db: object) -> None:
    _categories("jackets", "fleece", "trousers", "footwear", "packs", "accessories")
    report = import_catalog(SAMPLE, show_progress=True)  # as `o2o import catalog` runs it
    assert report.applied and report.rejected_count == 0
    assert report.skus_created == report.lines == 7
    again = import_catalog(SAMPLE, show_progress=False)
    assert (again.applied, again.skus_created, again.unchanged) == (True, 0, 7)


def test_o2o_import_catalog_loads_the_sample_and_names_rejected_lines(
    db: object, tmp_path: Path
) -> None:
    _categories("jackets", "fleece", "accessories")
    loaded = CliRunner().invoke(cli, ["import", "catalog", str(SAMPLE), "--no-progress"])
    assert loaded.exit_code == 0, loaded.output
    assert "7 SKUs created" in loaded.output
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "E500,Glove,accessories,E500-M,M,0,\n")
    refused = CliRunner().invoke(cli, ["import", "catalog", str(bad), "--no-progress"])
    assert refused.exit_code == 1
    assert "line 2 (E500-M): malformed" in refused.output
    assert _counts()[1] == 7
