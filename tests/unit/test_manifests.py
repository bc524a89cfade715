"""Every service declares itself in its manifest, and the app uses exactly what they declare."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from server import manifests
from server.boundaries import PLATFORM, SERVICES
from server.manifests import (
    ERROR_CODES,
    MANIFESTS,
    MODEL_MODULES,
    SERVICE_SCHEMAS,
    TASK_MODULES,
    Settings,
    beat_schedule,
    env_names,
)
from services.platform.error_codes import PLATFORM_CODES, catalog
from services.platform.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]


def _modules_named(package: str, name: str) -> set[str]:
    """Modules called ``name`` inside ``package`` (and ``*_models``: insights' copies),
    nested services' packages excluded."""
    folder = ROOT / package.replace(".", "/")
    found = set()
    extra = folder.rglob(f"*_{name}.py") if name == "models" else ()
    for path in (*folder.rglob(f"{name}.py"), *extra):
        if "migrations" in path.parts:
            continue
        found.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def test_every_service_has_its_manifest_with_its_schema() -> None:
    assert [m.package for m in MANIFESTS] == [PLATFORM.package, *(s.package for s in SERVICES)]
    for service, manifest in zip((PLATFORM, *SERVICES), MANIFESTS, strict=True):
        assert manifest.schema == service.schema, service.package
        assert (ROOT / service.package.replace(".", "/") / "manifest.py").exists()
    assert tuple(s.schema for s in (PLATFORM, *SERVICES)) == SERVICE_SCHEMAS


def test_a_manifest_naming_another_schema_than_the_boundaries_is_refused() -> None:
    from server.boundaries import Service

    with pytest.raises(TypeError, match="does not match"):
        manifests._load(Service("orders", "sales"))


def test_the_model_and_task_lists_are_every_service_s_models_and_tasks() -> None:
    for manifest in MANIFESTS[1:]:
        assert set(manifest.models) == _modules_named(manifest.package, "models")
        assert set(manifest.tasks) == _modules_named(manifest.package, "tasks")
    for module in (*MODEL_MODULES, *TASK_MODULES):
        owners = [m.package for m in MANIFESTS if module in (*m.models, *m.tasks)]
        assert len(owners) == 1 and module.startswith(owners[0] + "."), module


def test_each_service_s_tables_live_in_its_schema() -> None:
    from server.models import load_all_models
    from services.platform.db import Base

    metadata = load_all_models()
    for mapper in Base.registry.mappers:
        module = mapper.class_.__module__
        [owner] = [m for m in MANIFESTS if module in m.models]
        assert mapper.local_table.schema == owner.schema, mapper.class_
    assert {table.schema for table in metadata.tables.values()} == set(SERVICE_SCHEMAS)


def test_every_schedule_runs_a_task_a_manifest_registers() -> None:
    import importlib

    from services.platform.celery_app import celery_app

    for module in TASK_MODULES:
        importlib.import_module(module)
    schedule = beat_schedule(get_settings())
    for manifest in MANIFESTS:
        for entry in manifest.schedules:
            assert entry.task in celery_app.tasks, entry.task
            assert entry.task.startswith(manifest.schema + "."), entry.task
            assert schedule[entry.task]["schedule"] > 0
    sweeps = {k: v for k, v in schedule.items() if k.startswith("platform.redeliver ")}
    assert len(schedule) == sum(len(m.schedules) for m in MANIFESTS) + len(sweeps)


def test_every_consumer_that_records_what_it_handled_is_swept_and_no_other() -> None:
    schedule = beat_schedule(get_settings())
    swept = {v["args"][0] for k, v in schedule.items() if k.startswith("platform.redeliver ")}
    assert {"insights.apply", "notifications.deliver", "feedback.journey_facts"} <= swept
    assert "payments.cancel_intent" not in swept  # it keeps no record of what it handled
    assert all(v["task"] == "platform.redeliver" for k, v in schedule.items() if k in swept)


def test_a_schedule_interval_that_is_a_setting_is_read_from_the_settings() -> None:
    settings = Settings(_env_file=None, recommendations_refresh_seconds=7.0)
    assert beat_schedule(settings)["recommendations.refresh"]["schedule"] == 7.0


def test_no_error_code_is_declared_by_two_services_and_the_catalog_is_their_union() -> None:
    counts = Counter(code for m in MANIFESTS for code in m.error_codes)
    assert [code for code, n in counts.items() if n > 1] == []
    assert dict(ERROR_CODES) == {c: e for m in MANIFESTS for c, e in m.error_codes.items()}
    assert dict(catalog()) == dict(ERROR_CODES)  # what the app documents (bound at start)
    assert set(PLATFORM_CODES) < set(ERROR_CODES)


def test_two_services_declaring_one_code_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    orders = next(m for m in MANIFESTS if m.package == "orders")
    twin = replace(orders, error_codes={"out_of_stock": orders.error_codes["not_returnable"]})
    monkeypatch.setattr(manifests, "MANIFESTS", (*MANIFESTS, twin))
    with pytest.raises(ValueError, match="out_of_stock is declared twice"):
        manifests._catalog()


def test_each_setting_is_owned_by_one_section_defined_in_its_service() -> None:
    from services.platform.settings import Section
    from services.platform.settings import Settings as PlatformSettings

    sections: list[type[Section]] = [PlatformSettings]
    sections += [m.settings for m in MANIFESTS if m.settings is not None]
    owned = Counter(name for section in sections for name in section.model_fields)
    assert [name for name, n in owned.items() if n > 1] == []
    assert set(owned) == set(Settings.model_fields)
    for manifest in MANIFESTS[1:]:
        if manifest.settings is not None:
            assert manifest.settings.__module__.startswith(manifest.package + ".")
    assert type(get_settings()) is Settings  # what the app reads (bound at start)
    assert env_names() == {f"O2O_{name.upper()}" for name in owned}
    assert {"O2O_DATABASE_URL", "O2O_ORDER_LIMIT_PER_MEMBER", "O2O_QR_SIGNING_KEYS"} <= (
        env_names()
    )


def _run(code: str, tmp_path: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("O2O_", "TEST_"))}
    # A Redis URL that nothing listens on: configuring Celery reads it and starts nothing.
    env.update(PYTHONPATH=str(ROOT), O2O_REDIS_URL="redis://127.0.0.1:9/0")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_importing_the_task_modules_schedules_and_subscribes_nothing(tmp_path: Path) -> None:
    out = _run(
        "import importlib, json\n"
        "from server.manifests import TASK_MODULES\n"
        "for m in TASK_MODULES: importlib.import_module(m)\n"
        "from services.platform.celery_app import celery_app\n"
        "from services.platform import outbox\n"
        "from services.payments import events\n"
        "print(json.dumps([celery_app.conf.beat_schedule or {}, dict(outbox._subscribers),\n"
        "                  len(events._handlers)]))\n",
        tmp_path,
    )
    assert json.loads(out) == [{}, {}, 0]


def test_wiring_subscribes_exactly_what_the_manifests_declare() -> None:
    from server.manifests import SUBSCRIPTIONS
    from server.wiring import wire
    from services.platform import outbox

    wire()
    wire()  # idempotent: a second start binds nothing twice
    declared: dict[str, list[str]] = {}
    for subscription in SUBSCRIPTIONS:
        declared.setdefault(subscription.topic, []).append(subscription.task)
    # (Other tests in this process subscribe their own ``test.*`` topics.)
    bound = {t: outbox.subscribers(t) for t in outbox._subscribers if not t.startswith("test.")}
    assert {t: tasks for t, tasks in bound.items() if tasks} == declared
    # Every owner's published topic has a consumer: none is relayed to nobody.
    for topic in (
        "orders.changed",
        "touchpoints.scans_recorded",
        "stores.check_ins_recorded",
        "stores.appointments_changed",
        "members.joined",
        "payments.settled",
    ):
        assert declared.get(topic), topic


@pytest.mark.slow
def test_the_worker_schedules_what_the_manifests_declare(tmp_path: Path) -> None:
    out = _run(
        "import json\nfrom server.worker import app\nprint(json.dumps(app.conf.beat_schedule))\n",
        tmp_path,
    )
    assert json.loads(out) == beat_schedule(get_settings())


def _unknown_setting_reads(source: str) -> list[str]:
    """``get_settings().x`` and ``settings.x`` in ``source`` that no section declares."""
    import ast

    known = set(dir(Settings)) | set(Settings.model_fields)
    unknown = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or node.attr in known:
            continue
        value = node.value
        func = value.func if isinstance(value, ast.Call) else None
        if (isinstance(func, ast.Name) and func.id == "get_settings") or (
            isinstance(value, ast.Name) and value.id == "settings"
        ):
            unknown.append(f"{node.lineno} .{node.attr}")
    return unknown


def test_every_setting_the_code_reads_is_declared_by_a_section() -> None:
    # Settings type another section's fields loosely (``Any``) for mypy, so this is the check
    # that ``get_settings().x`` and ``settings.x`` name a field or method of some section.
    planted = "get_settings().order_limit_per_membr\nsettings.order_limit_per_member\n"
    assert _unknown_setting_reads(planted) == ["1 .order_limit_per_membr"]
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    unknown = [
        f"{name}:{found}"
        for name in listed.stdout.split()
        if not name.startswith("clients/")
        for found in _unknown_setting_reads((ROOT / name).read_text())
    ]
    assert unknown == []
