"""``o2o feedback rebuild-journey``: record the journey moments no event carried."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

feedback = typer.Typer(help="The experience loop: journey moments and feedback.")
console = Console(stderr=True, soft_wrap=True)


@feedback.command("rebuild-journey")
def rebuild_journey(
    days: Annotated[
        int | None, typer.Option(help="How far back (default: the raw-event retention).")
    ] = None,
) -> None:
    """Record every moment of the last DAYS from the owners' public views (after a bulk
    load, or a consumer lost for long); what is recorded already stays as it is."""
    from datetime import timedelta

    from server.cli import export_service_urls
    from services.feedback import moments
    from services.platform.db import utcnow
    from services.platform.uow import UnitOfWork

    settings = export_service_urls()
    now = utcnow()
    since = now - timedelta(days=days or settings.raw_event_retention_days)
    with UnitOfWork() as uow:
        added = moments.rebuild(uow.session, since=since, now=now)
        uow.commit()
    console.print(f"journey rebuilt since {since:%Y-%m-%d %H:%M}: {added} new moments")
