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
