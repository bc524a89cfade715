"""``o2o staff ...`` run the way a person runs it: a separate process, its exit code and words."""

from __future__ import annotations

import os
import subprocess

from sqlalchemy import select

from services.platform.uow import UnitOfWork
from stores.models import Manager, ManagerRegion
from tests import factories, live


def o2o(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as typed, with this checkout's code first on the path."""
    return live.o2o(*args, env={**os.environ, "PYTHONPATH": str(live.ROOT)})


def _regions_of(username: str) -> list[int]:
    with UnitOfWork() as uow:
        manager_id = uow.session.scalar(select(Manager.id).where(Manager.username == username))
        return sorted(
            uow.session.scalars(
                select(ManagerRegion.region_id).where(ManagerRegion.manager_id == manager_id)
            )
        )


def test_set_regions_replaces_a_managers_regions(db: dict[str, str]) -> None:
    east, north, south = (factories.region(code) for code in ("east", "north", "south"))
    factories.manager([east.id], username="manager-west")
    done = o2o("staff", "set-regions", "manager-west", "north", "south")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _regions_of("manager-west") == sorted([north.id, south.id])


def test_set_regions_names_an_unknown_region_in_words(db: dict[str, str]) -> None:
    east = factories.region("east")
    factories.manager([east.id], username="manager-west")
    refused = o2o("staff", "set-regions", "manager-west", "east", "atlantis")
    assert refused.returncode == 1
    assert "no region atlantis" in refused.stderr and "Traceback" not in refused.stderr
    assert _regions_of("manager-west") == [east.id]
    nobody = o2o("staff", "set-regions", "nobody", "east")
    assert nobody.returncode == 1
    assert "no manager 'nobody'" in nobody.stderr and "Traceback" not in nobody.stderr


def test_deactivate_guide_and_log_out(db: dict[str, str]) -> None:
    store = factories.store(factories.region().id)
    factories.guide(store.id, username="guide-one")
    assert o2o("staff", "log-out", "guide", "guide-one").returncode == 0
    done = o2o("staff", "deactivate-guide", "guide-one")
    assert done.returncode == 0, done.stderr
    assert "their sessions have ended" in done.stderr


def test_set_password_for_a_manager(db: dict[str, str]) -> None:
    factories.manager([factories.region().id], username="manager-west")
    done = o2o("staff", "set-password", "manager", "manager-west", "--password", "a-new-long-pass")
    assert done.returncode == 0, done.stderr
    short = o2o("staff", "set-password", "manager", "manager-west", "--password", "short")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
