"""``o2o siting``: the siting engine on anyone's own data, no database needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

siting = typer.Typer(help="Where to open stores: the siting engine on a JSON file.")


# Rendered by rich: a backslash keeps a "[" literal (else "[latitude, ...]" reads as markup).
_SOLVE_HELP = """Choose k store sites among candidate points; print the answer as JSON.

\b
INSTANCE_FILE is JSON:
  model       "mclp" (cover the most demand within radius_km) or
              "pmedian" (least total weighted distance to the nearest store)
  k           how many candidates to choose (at most their number)
  radius_km   catchment radius in km (mclp only; required there)
  demand      [\\[latitude, longitude, weight], ...]  e.g. members per point
  candidates  [\\[latitude, longitude], ...]          where a store could open
  existing    [\\[latitude, longitude], ...]          stores open now (optional)
Degrees are WGS-84; distances are great-circle km.

\b
Example (mclp.json):
  {"model": "mclp", "k": 1, "radius_km": 3,
   "demand": [[31.23, 121.47, 120], [31.30, 121.50, 40]],
   "candidates": [[31.24, 121.48], [31.31, 121.51]],
   "existing": [[31.10, 121.40]]}

\b
The answer: chosen (candidate indexes, best first), objective and
objective_unit (mclp: demand weight covered, existing stores included;
pmedian: weight x km summed over demand points), covered_weight, seconds.
"""

#: What ``objective`` counts, by model (the answer says it beside the number).
OBJECTIVE_UNITS = {
    "mclp": "demand weight within radius_km of a chosen or existing store",
    "pmedian": "weight x km: each demand point's weight times its great-circle km to the"
    " nearest chosen or existing store, summed",
}


def _in_words(error: ValidationError) -> list[str]:
    """Each problem as ``where: what`` (``demand[2][0]: ...``), not pydantic's dump."""
    lines = []
    for problem in error.errors(include_url=False):
        where = ""
        for part in problem["loc"]:
            where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else part)
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "missing":
            message = "missing (see --help for the format)"
        elif problem["type"] == "extra_forbidden":
            message = "not a field of an instance (see --help)"
        lines.append(f"{where}: {message}" if where else message)
    return lines


@siting.command("solve", help=_SOLVE_HELP)
def solve(
    instance_file: Annotated[
        Path, typer.Argument(help="mclp or pmedian instance (JSON, format below)")
    ],
    seed: Annotated[int, typer.Option(help="same seed, same answer")] = 0,
) -> None:
    from services.siting.engine.instance import SitingInstance, solve_instance

    try:
        instance = SitingInstance.model_validate_json(instance_file.read_bytes())
    except OSError as error:
        typer.echo(f"cannot read {instance_file}: {error.strerror or error}", err=True)
        raise typer.Exit(2) from error
    except ValidationError as error:
        typer.echo(f"{instance_file} is not a siting instance:", err=True)
        for line in _in_words(error):
            typer.echo(f"  {line}", err=True)
        typer.echo("`o2o siting solve --help` shows the format and an example.", err=True)
        raise typer.Exit(2) from error
    answer = solve_instance(instance, seed=seed)
    typer.echo(json.dumps({**answer, "objective_unit": OBJECTIVE_UNITS[instance.model]}))


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
