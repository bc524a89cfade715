"""The embedded PostgreSQL and Redis start from an empty folder and keep data across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from services.platform.runtime import EmbeddedPostgres, EmbeddedRedis


def test_postgres_from_empty_folder_and_restart(tmp_path: Path) -> None:
    folder = tmp_path / "pg"
    first = EmbeddedPostgres(folder).start()
    engine = create_engine(first.url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE kept (note text)"))
        connection.execute(text("INSERT INTO kept VALUES ('survives a restart')"))
    engine.dispose()
    first.stop()

    second = EmbeddedPostgres(folder).start()
    engine = create_engine(second.url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT note FROM kept")).scalar_one() == (
            "survives a restart"
        )
        version = connection.execute(text("SHOW server_version")).scalar_one()
    engine.dispose()
    second.stop()
    assert int(version.split(".")[0]) >= 14


@pytest.mark.slow
def test_redis_from_empty_folder_and_restart(tmp_path: Path) -> None:
    folder = tmp_path / "redis"
    first = EmbeddedRedis(folder).start()
    client = redis.Redis.from_url(first.url)
    client.set("kept", "yes")
    client.close()
    first.stop()

    second = EmbeddedRedis(folder).start()
    client = redis.Redis.from_url(second.url)
    assert client.get("kept") == b"yes"
    client.close()
    second.stop()
