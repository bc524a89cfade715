"""The ``o2o`` command: up, migrate, seed, serve, worker, beat."""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import time
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
from services.platform.runtime import resolve_database_url, resolve_redis_url, stop_embedded
from services.platform.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from stores.staff_auth import StaffRole

ROOT = Path(__file__).resolve().parent.parent
app = typer.Typer(
    help="O2O omnichannel retail backend.", no_args_is_help=True, pretty_exceptions_enable=False
)
console = Console(stderr=True, soft_wrap=True)
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
) -> None:
    """Serve the API with uvicorn (uvloop, httptools), a listening socket per worker."""
    from server import serving

    warn_if_unsafe(get_settings())  # before the embedded servers' URLs are exported too
    settings = export_service_urls()
    serving.run(
        "server.app:create_app",
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
    loglevel: Loglevel = "INFO",
    quiet: Quiet = False,
) -> None:
    """Run a Celery worker (outbox relay and every service's tasks)."""
    export_service_urls()
    from server.worker import app as celery

    options = ["--concurrency", str(concurrency), "--without-gossip"]
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
    children = _start_children(commands, environment)
    base = f"http://{settings.host}:{settings.port}"
    _wait_until_serving(base, children["haproxy" if split else "serve"])
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
    _supervise(children, restart=(commands, environment) if split else None)


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


def celery_options(*, verbose: bool) -> list[str]:
    return ["--loglevel", "INFO"] if verbose else ["--loglevel", "WARNING", "--quiet"]


def child_commands(*, verbose: bool) -> dict[str, list[str]]:
    """``o2o up``'s children; Celery keeps to warnings unless ``verbose`` (beat sends the
    outbox relay every 5 s, and the worker logs each run at INFO)."""
    me = [sys.executable, "-m", "server.cli"]
    celery = celery_options(verbose=verbose)
    return {
        "serve": [*me, "serve"],
        "worker": [*me, "worker", *celery],
        "beat": [*me, "beat", *celery],
    }


def child_environment(*, verbose: bool) -> dict[str, str]:
    """``o2o up``'s children log warnings only unless ``verbose`` or O2O_LOG_LEVEL is set
    (environment or .env): the API logs each request and the worker each message sent at
    INFO, hundreds a minute, which buried the banner."""
    env = os.environ.copy()
    if not verbose and "log_level" not in get_settings().model_fields_set:
        env["O2O_LOG_LEVEL"] = "WARNING"
    return env


def _start_children(
    commands: dict[str, list[str]], env: dict[str, str]
) -> dict[str, subprocess.Popen[bytes]]:
    return {
        name: subprocess.Popen(command, cwd=ROOT, env=env) for name, command in commands.items()
    }


def _wait_until_serving(base: str, api: subprocess.Popen[bytes], timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and api.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)


def split_commands(settings: Settings, *, verbose: bool) -> dict[str, list[str]]:
    """``o2o up --split``'s children; starts the standby replica of the embedded primary
    unless ``O2O_DATABASE_REPLICA_URL`` names one, and writes HAProxy's configuration."""
    from server import split
    from services.platform.runtime import EMBEDDED_DATABASE
    from services.platform.standby import EmbeddedStandby

    if not settings.database_replica_url:
        standby = EmbeddedStandby(
            settings.data_dir / "pg", settings.data_dir / "standby", database=EMBEDDED_DATABASE
        ).start()
        atexit.register(standby.stop)
        os.environ["O2O_DATABASE_REPLICA_URL"] = standby.url()
    config = settings.data_dir / "haproxy.cfg"
    config.write_text(
        split.haproxy_config(host=settings.host, port=settings.port, routes=split.backends())
    )
    return split.commands(celery=celery_options(verbose=verbose), haproxy_cfg=config)


def _supervise(
    children: dict[str, subprocess.Popen[bytes]],
    *,
    restart: tuple[dict[str, list[str]], dict[str, str]] | None = None,
) -> None:
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            for name, child in list(children.items()):
                if child.poll() is None:
                    continue
                if restart is not None and not stopping:
                    console.print(f"[yellow]{name} exited with {child.returncode}; restarting")
                    commands, env = restart
                    children[name] = subprocess.Popen(commands[name], cwd=ROOT, env=env)
                    continue
                console.print(f"[red]{name} exited with {child.returncode}; stopping[/red]")
                stopping = True
            time.sleep(0.5)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        stop_embedded()
        console.print("stopped")


app.add_typer(siting, name="siting")
app.command("suggest-sites")(suggest_sites)


if __name__ == "__main__":
    app()
