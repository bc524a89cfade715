"""The ``o2o`` command: up, migrate, seed, serve, worker, beat."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from rich.console import Console

from server.cli_import import imports
from server.feedback_cli import feedback
from server.insights_cli import insights
from server.k8s_cli import k8s
from server.siting_cli import siting, suggest_sites
from server.wiring import wire
from services.platform.runtime import resolve_database_url, resolve_redis_url
from services.platform.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from stores.staff_auth import StaffRole

ROOT = Path(__file__).resolve().parent.parent
app = typer.Typer(
    help="O2O omnichannel retail backend.", no_args_is_help=True, pretty_exceptions_enable=False
)
console = Console(stderr=True, soft_wrap=True)


@app.callback()
def start() -> None:
    """O2O omnichannel retail backend."""
    wire()  # every command reads every service's settings section


#: What a person reads: on standard output, apart from the children's logs on stderr.
banner = Console(soft_wrap=True)


def warn_if_unsafe(settings: Settings) -> None:
    """Say it where a person sees it: dev mode, dev secrets, but real servers."""
    for warning in settings.start_warnings():
        console.print(f"[bold red]WARNING[/bold red] {warning}")


def export_service_urls() -> Settings:
    """Resolve (starting embedded servers if unset) and export the URLs for child processes."""
    settings = get_settings()
    os.environ["O2O_DATABASE_URL"] = resolve_database_url(settings)
    os.environ["O2O_REDIS_URL"] = resolve_redis_url(settings)
    os.environ["O2O_DATA_DIR"] = str(settings.data_dir.resolve())
    get_settings.cache_clear()
    return get_settings()


@app.command()
def migrate() -> None:
    """Bring every service's schema to the newest migration."""
    from server.migrate import upgrade

    upgrade(resolve_database_url(get_settings()))
    console.print("[green]database is up to date[/green]")


@app.command()
def seed(
    seed: Annotated[int, typer.Option(help="random seed: same seed, same data")] = 20261122,
    members: Annotated[int, typer.Option(min=0, help="how many members")] = 50_000,
    force: Annotated[bool, typer.Option(help="seed even if stores already exist")] = False,
) -> None:
    """Load the demo brand (stores, guides, catalog, stock, members) into an empty database."""
    from server.seed import DemoSeedRefused, seed_demo

    if get_settings().environment == "production":
        console.print(f"[red]{DemoSeedRefused.message}[/red]")
        raise typer.Exit(code=1)
    export_service_urls()
    seeded = seed_demo(seed=seed, members=members, force=force, console=console)
    if not seeded:
        console.print("database already holds stores: nothing seeded (use --force to add)")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    workers: Annotated[int | None, typer.Option(min=1)] = None,
    door: Annotated[
        str, typer.Option(help="one front door (mp, tablet, manager, webhooks) or all")
    ] = "all",
) -> None:
    """Serve the API with uvicorn (uvloop, httptools), a listening socket per worker."""
    from server import serving
    from server.roles import DOORS, factory

    if door != "all" and door not in {d.name for d in DOORS}:
        raise typer.BadParameter(f"unknown door {door!r}", param_hint="--door")
    warn_if_unsafe(get_settings())  # before the embedded servers' URLs are exported too
    settings = export_service_urls()
    serving.run(
        factory(door),
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.web_concurrency,
    )


Loglevel = Annotated[str, typer.Option(help="Celery's own log level")]
Quiet = Annotated[bool, typer.Option(help="no start-up banner")]


def celery_argv(command: str, *, loglevel: str, quiet: bool, options: list[str]) -> list[str]:
    """Celery's command line; ``--quiet`` is Celery's global option, so it comes first."""
    return [*(["--quiet"] if quiet else []), command, "--loglevel", loglevel, *options]


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1)] = 2,
    queues: Annotated[
        str | None,
        typer.Option(help="comma-separated queues to consume (default: all of them)"),
    ] = None,
    loglevel: Loglevel = "INFO",
    quiet: Quiet = False,
) -> None:
    """Run a Celery worker (outbox relay and every service's tasks)."""
    from services.platform.queues import QUEUES

    chosen = queues.split(",") if queues else list(QUEUES)
    if unknown := sorted(set(chosen) - set(QUEUES)):
        raise typer.BadParameter(f"unknown queues {unknown}: {', '.join(QUEUES)}")
    export_service_urls()
    from server.worker import app as celery

    options = ["--concurrency", str(concurrency), "--without-gossip", "-Q", ",".join(chosen)]
    celery.worker_main(celery_argv("worker", loglevel=loglevel, quiet=quiet, options=options))


@app.command()
def beat(loglevel: Loglevel = "INFO", quiet: Quiet = False) -> None:
    """Run Celery beat (sweepers, relays, care messages)."""
    settings = export_service_urls()
    from server.worker import app as celery

    options = ["--schedule", str(settings.data_dir / "celerybeat-schedule")]
    celery.start(celery_argv("beat", loglevel=loglevel, quiet=quiet, options=options))


@app.command()
def up(
    members: Annotated[int, typer.Option(min=0, help="members to seed when empty")] = 50_000,
    verbose: Annotated[
        bool, typer.Option(help="show Celery's banners and routine INFO logs (requests, sends) too")
    ] = False,
    split: Annotated[
        bool,
        typer.Option(
            help="the production topology on loopback: a streaming replica, two processes "
            "per front door behind HAProxy, a worker per queue group (server/split.py)"
        ),
    ] = False,
) -> None:
    """Everything on one machine: servers, migrations, demo data, API, worker and beat."""
    from server.launch import (
        child_commands,
        child_environment,
        split_commands,
        start_children,
        start_split,
        supervise,
        wait_until_serving,
    )
    from server.migrate import upgrade
    from server.seed import demo_logins, seed_demo

    warnings = get_settings().start_warnings()
    settings = export_service_urls()
    upgrade(settings.database_url or "")
    if settings.environment == "production":
        console.print("production: no demo data or demo logins are created")
    else:
        seed_demo(seed=20261122, members=members, force=False, console=console)
    commands = (
        split_commands(settings, verbose=verbose) if split else child_commands(verbose=verbose)
    )
    environment = child_environment(verbose=verbose)
    children = (start_split if split else start_children)(commands, environment)
    base = f"http://{settings.host}:{settings.port}"
    if not wait_until_serving(base, children["haproxy" if split else "serve"]):
        console.print(f"[yellow]{base} does not answer yet; the processes keep starting")
    # Printed once every child has started (and, unless --verbose, the children print
    # only warnings), so it is the last thing on the screen, not buried in start-up logs.
    banner.print(f"\n[bold green]O2O is up[/bold green] on {base}")
    banner.print(f"  API docs   {base}/docs")
    banner.print(f"  health     {base}/healthz   ready {base}/readyz   metrics {base}/metrics")
    banner.print(f"  data       {settings.data_dir}")
    if settings.environment != "production":
        for line in demo_logins():
            banner.print(f"  login      {line}")
    for warning in warnings:
        banner.print(f"[bold red]WARNING[/bold red] {warning}")
    banner.print("Ctrl-C stops everything; `make up` again resumes on the same data.")
    if not verbose:
        banner.print("Celery's routine lines are hidden: `o2o up --verbose` shows them.")
    banner.print()
    # Split, a process that dies is started again, as its pod would be; else all stop.
    supervise(children, restart=(commands, environment) if split else None)


# ``o2o import stock|catalog FILE`` (server/cli_import.py).
app.add_typer(imports, name="import")
# ``o2o insights rebuild`` (server/insights_cli.py).
app.add_typer(insights, name="insights")
# ``o2o feedback rebuild-journey`` (server/feedback_cli.py).
app.add_typer(feedback, name="feedback")
# ``o2o k8s render`` (server/k8s_cli.py).
app.add_typer(k8s, name="k8s")

staff = typer.Typer(help="Staff accounts: each change ends the person's sessions at once.")
app.add_typer(staff, name="staff")
StaffRoleArg = Annotated[str, typer.Argument(help="guide or manager")]


def _staff_change(change: Callable[[Session], None]) -> None:
    """Run one staff change in a unit of work; a refusal is printed, not a traceback."""
    from services.platform.errors import DomainError
    from services.platform.uow import UnitOfWork

    export_service_urls()
    try:
        with UnitOfWork() as uow:
            change(uow.session)
            uow.commit()
    except DomainError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(code=1) from exc
    console.print("[green]done[/green]: their sessions have ended")


def _role(role: str) -> StaffRole:
    if role not in ("guide", "manager"):
        raise typer.BadParameter("guide or manager")
    return cast("StaffRole", role)  # a string: StaffRole is imported for type checking only


@staff.command("deactivate-guide")
def deactivate_guide(username: str) -> None:
    """The guide can no longer log in; every session they hold ends."""
    from stores import staff_auth

    def change(session: Session) -> None:
        guide_id = staff_auth.staff_id(session=session, role="guide", username=username)
        staff_auth.deactivate_guide(session=session, guide_id=guide_id)

    _staff_change(change)


@staff.command("set-regions")
def set_regions(
    username: str, regions: Annotated[list[str], typer.Argument(help="region codes")]
) -> None:
    """Replace a manager's regions (tokens carrying the old ones stop working)."""
    from stores import staff_auth

    def change(session: Session) -> None:
        manager_id = staff_auth.staff_id(session=session, role="manager", username=username)
        region_ids = staff_auth.region_ids(session=session, codes=regions)
        staff_auth.set_manager_regions(
            session=session, manager_id=manager_id, region_ids=region_ids
        )

    _staff_change(change)


@staff.command("set-password")
def set_password(
    role: StaffRoleArg,
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """A new password; sessions under the old one end."""
    from stores import staff_auth

    def change(session: Session) -> None:
        staff_id = staff_auth.staff_id(session=session, role=_role(role), username=username)
        staff_auth.set_password(
            session=session, role=_role(role), staff_id=staff_id, password=password
        )

    _staff_change(change)


@staff.command("log-out")
def log_out(role: StaffRoleArg, username: str) -> None:
    """End every session of a guide or manager (a lost tablet, a leaked token)."""
    from stores import staff_auth

    def change(session: Session) -> None:
        staff_id = staff_auth.staff_id(session=session, role=_role(role), username=username)
        staff_auth.end_sessions(session=session, role=_role(role), staff_id=staff_id)

    _staff_change(change)


app.add_typer(siting, name="siting")
app.command("suggest-sites")(suggest_sites)


if __name__ == "__main__":
    app()
