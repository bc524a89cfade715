"""``o2o siting``: the siting engine on anyone's own data, no database needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

siting = typer.Typer(help="Where to open stores: the siting engine on a JSON file.")


@siting.command("solve")
def solve(
    instance_file: Annotated[Path, typer.Argument(help="mclp or pmedian instance (JSON)")],
    seed: Annotated[int, typer.Option(help="same seed, same answer")] = 0,
) -> None:
    """Print the chosen candidates, the objective and the time taken, as JSON."""
    from services.siting.engine.instance import SitingInstance, solve_instance

    try:
        instance = SitingInstance.model_validate_json(instance_file.read_bytes())
    except (OSError, ValidationError) as error:
        typer.echo(f"cannot read {instance_file}: {error}", err=True)
        raise typer.Exit(2) from error
    typer.echo(json.dumps(solve_instance(instance, seed=seed)))


def suggest_sites(
    region: Annotated[str, typer.Option(help="region code (e.g. EAST) or id")],
    k: Annotated[int, typer.Option(min=1, max=50, help="how many new sites")] = 3,
    model: Annotated[str, typer.Option(help="mclp (coverage) or pmedian (distance)")] = "mclp",
    radius_km: Annotated[float, typer.Option(min=0.1, max=50, help="catchment radius")] = 3.0,
    progress: Annotated[bool, typer.Option(help="show the progress bar")] = True,
) -> None:
    """Suggest store sites for a region from the members in the database (a saved job:
    managers see it at /manager/v1/site-suggestions/{id})."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from server.cli import export_service_urls
    from services.platform.errors import DomainError
    from services.platform.uow import UnitOfWork
    from services.siting import jobs
    from services.siting.models import SiteJob
    from stores import service as stores_service

    if model not in ("mclp", "pmedian"):
        typer.echo("--model is mclp or pmedian", err=True)
        raise typer.Exit(2)
    console = Console(stderr=True)
    export_service_urls()
    with UnitOfWork() as uow:
        regions = stores_service.list_regions(session=uow.session, region_ids=None)
        found = [r for r in regions if r.code == region or str(r.id) == region]
        if not found:
            typer.echo(
                f"no region {region} (known: {', '.join(r.code for r in regions)})", err=True
            )
            raise typer.Exit(2)
        try:
            job = jobs.start(
                uow.session,
                region_id=found[0].id,
                k=k,
                model=model,  # type: ignore[arg-type]  # checked above
                radius_km=radius_km,
                candidates=None,
                manager_id=None,
                regions=None,
                running_limit=1,
            )
        except DomainError as error:
            typer.echo(error.message, err=True)
            raise typer.Exit(2) from error
        job_id = job.id
        uow.commit()
    with Progress(
        TextColumn("[bold]sites[/bold] {task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,
        disable=not progress,
    ) as bar:
        task = bar.add_task("queued", total=100)
        jobs.run(job_id, lambda stage, pct: bar.update(task, completed=pct, description=stage))
    with UnitOfWork() as uow:
        done = uow.session.get(SiteJob, job_id)
        assert done is not None
        if done.result is None:
            typer.echo(f"suggestion {job_id} failed: {done.error}", err=True)
            raise typer.Exit(1)
        result = done.result
    table = Table(title=f"suggestion {job_id}: {result['members']} members, region {found[0].code}")
    for column in ("rank", "lat, lon", "newly covered", "adds", "nearest store", "km", "Huff"):
        table.add_column(column)
    for site in result["sites"]:
        near = site["nearest_store"]
        table.add_row(
            str(site["rank"]),
            f"{site['latitude']:.5f}, {site['longitude']:.5f}",
            f"{site['newly_covered']:g}",
            f"{site['adds']:g}",
            "-" if near is None else f"{near['code']} {near['name']}",
            "-" if site["nearest_store_km"] is None else f"{site['nearest_store_km']:.2f}",
            f"{site['huff_members']:g}",
        )
    Console().print(table)
