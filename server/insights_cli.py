"""``o2o insights rebuild``: recompute the wall's rollups from the owners' public views."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

insights = typer.Typer(help="The manager's wall: rollups kept from outbox events.")
console = Console(stderr=True, soft_wrap=True)


@insights.command()
def rebuild() -> None:
    """Copy the owners' rows again and sum them into the rollups (one transaction)."""
    from server.cli import export_service_urls
    from services.insights import rebuild as rebuilding
    from services.platform.uow import UnitOfWork

    export_service_urls()
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress, UnitOfWork() as uow:
        task = progress.add_task("lock and empty the rollups", total=None)
        rebuilding.begin(uow.session)
        steps = rebuilding.steps(uow.session)
        progress.update(task, total=len(steps) + 1)
        for step in steps:
            progress.update(task, advance=1, description=step.name)
            step.run(uow.session)
        progress.update(task, advance=1, description="commit")
        uow.commit()
    console.print("insights rebuilt from the owners' public views")
