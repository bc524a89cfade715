"""``o2o import``: an ERP's files into the catalog and stock, batch by batch.

Each batch is its own transaction (applied whole or not at all) and the feed's
own batch ids make a repeated file apply nothing more. A progress bar follows
the batches; rejected lines are listed at the end and the exit code is 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from inventory.import_schemas import BatchReport, StockImportRead
    from inventory.schemas_catalog import CatalogImportRead

imports = typer.Typer(help="Load an ERP's files (CSV or JSON, by extension).", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)
#: Rejected lines printed; the report has them all counted.
SHOWN_REJECTIONS = 20
#: Connections applying a stock file's batches side by side: a second one keeps a second
#: database core busy while the first waits on its writes (bench/stock_import.py).
IMPORT_WORKERS = 2

FileArg = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="a .csv or .json file")
]


def import_stock(
    path: Path, *, show_progress: bool = True, workers: int = IMPORT_WORKERS
) -> StockImportRead:
    """Stage ``path`` and apply its batches, one transaction each, on ``workers``
    connections side by side; the import's report."""
    from inventory import stock_import
    from inventory.import_schemas import StockImportRead

    importer = stock_import.Importer(store_ids=None, staff=None)
    with (
        stock_import.connect() as raw,
        Progress(
            TextColumn("[bold]stock[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not show_progress,
        ) as progress,
    ):
        task = progress.add_task(f"reading {path.name}", total=None)
        stock_import.stage_file(raw, path.name, path.read_bytes())

        def counted(batches: int) -> None:
            progress.update(task, total=batches, description="batches")

        def done(report: BatchReport) -> None:
            progress.update(task, advance=1, description=f"batch {report.batch_id}")

        reports = stock_import.apply_staged(
            raw,
            importer,
            before=counted,
            after_each=done,
            connect_worker=stock_import.connect,
            workers=workers,
        )
    return StockImportRead.of(reports)


def print_report(report: StockImportRead) -> None:
    console.print(
        f"[green]{report.applied} applied[/green], {report.already_applied} already applied, "
        f"[{'red' if report.rejected else 'green'}]{report.rejected} rejected[/] "
        f"({sum(b.moved for b in report.batches)} stock rows changed)"
    )
    for batch in report.batches:
        if batch.reason == "batch_reused":
            console.print(f"  batch {batch.batch_id}: this id was imported before with other lines")
    listed = [(b.batch_id, line) for b in report.batches for line in b.rejected_lines]
    for batch_id, line in listed[:SHOWN_REJECTIONS]:
        console.print(
            f"  batch {batch_id} line {line.line} ({line.line_id or '-'}): "
            f"{line.code}: {line.message}"
        )
    hidden = sum(b.rejected_count for b in report.batches) - min(len(listed), SHOWN_REJECTIONS)
    if hidden > 0:
        console.print(f"  ... and {hidden} more rejected lines")


@imports.command("stock")
def stock(
    file: FileArg,
    progress: Annotated[bool, typer.Option(help="show the progress bar")] = True,
    workers: Annotated[
        int, typer.Option(min=1, max=16, help="connections applying batches side by side")
    ] = IMPORT_WORKERS,
) -> None:
    """Stock levels (SKU code, location code, on-hand) become adjustments with source import."""
    from server.cli import export_service_urls
    from services.platform.errors import DomainError

    export_service_urls()
    try:
        report = import_stock(file, show_progress=progress, workers=workers)
    except DomainError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(code=2) from exc
    print_report(report)
    if report.rejected:
        raise typer.Exit(code=1)


def import_catalog(path: Path, *, show_progress: bool = True) -> CatalogImportRead:
    """Read ``path`` as one batch and apply it in one transaction (whole or not at all)."""
    from inventory import catalog_feed, catalog_import
    from services.platform.uow import UnitOfWork

    lines = catalog_feed.read_file(path.name, path.read_bytes())
    with (
        Progress(
            TextColumn("[bold]catalog[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not show_progress,
        ) as progress,
        UnitOfWork() as uow,
    ):
        task = progress.add_task("lines", total=len(lines))
        report = catalog_import.apply(
            session=uow.session,
            lines=lines,
            staff_id=None,
            progress=lambda n: progress.update(task, advance=n),
        )
        if report.applied:
            uow.commit()
    return report


def print_catalog_report(report: CatalogImportRead) -> None:
    if not report.applied:
        console.print(f"[red]nothing applied: {report.rejected_count} lines rejected[/red]")
        for line in report.rejected_lines[:SHOWN_REJECTIONS]:
            console.print(
                f"  line {line.line} ({line.sku_code or '-'}): {line.code}: {line.message}"
            )
        hidden = report.rejected_count - min(len(report.rejected_lines), SHOWN_REJECTIONS)
        if hidden > 0:
            console.print(f"  ... and {hidden} more rejected lines")
        return
    console.print(
        f"[green]applied[/green] {report.lines} lines ({report.source}): "
        f"{report.products_created} products and {report.skus_created} SKUs created, "
        f"{report.products_updated} products and {report.skus_updated} SKUs updated, "
        f"{report.prices_changed} prices changed, {report.unchanged} unchanged"
    )


@imports.command("catalog")
def catalog(
    file: FileArg,
    progress: Annotated[bool, typer.Option(help="show the progress bar")] = True,
) -> None:
    """Products, SKUs and prices by the ERP's codes (one line per SKU); audited as an import."""
    from server.cli import export_service_urls
    from services.platform.errors import DomainError

    export_service_urls()
    try:
        report = import_catalog(file, show_progress=progress)
    except DomainError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(code=2) from exc
    print_catalog_report(report)
    if not report.applied:
        raise typer.Exit(code=1)
