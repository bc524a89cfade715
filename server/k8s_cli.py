"""``o2o k8s render``: write deploy/k8s from server/k8s.py."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

k8s = typer.Typer(help="Kubernetes manifests (deploy/k8s), rendered from one table of roles.")
DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "deploy" / "k8s"


@k8s.command("render")
def render(
    folder: Annotated[Path, typer.Option(help="where to write the manifests")] = DEFAULT_FOLDER,
) -> None:
    """Write every door's, queue group's, beat's and the migrate job's manifests."""
    from server.k8s import render as write

    for path in write(folder):
        typer.echo(path)
