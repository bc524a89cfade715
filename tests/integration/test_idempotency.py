"""Idempotency keys: replay, conflict, and concurrent duplicates serialised by the key."""

from __future__ import annotations

import threading

import pytest

from services.platform.errors import Conflict
from services.platform.idempotency import claim, record
from services.platform.uow import UnitOfWork


def test_replay_returns_the_first_response(db: dict[str, str]) -> None:
    with UnitOfWork() as uow:
        assert claim(uow.session, scope="orders:1", key="k1", request_hash="h1") is None
        record(uow.session, scope="orders:1", key="k1", status_code=201, body={"id": 9})
        uow.commit()
    with UnitOfWork() as uow:
        replay = claim(uow.session, scope="orders:1", key="k1", request_hash="h1")
        assert replay is not None and replay.status_code == 201 and replay.body == {"id": 9}
        with pytest.raises(Conflict) as caught:
            claim(uow.session, scope="orders:1", key="k1", request_hash="other")
        assert caught.value.code == "idempotency_key_reused"
        # Another caller's scope is another key space.
        assert claim(uow.session, scope="orders:2", key="k1", request_hash="h1") is None


def test_a_crash_before_commit_leaves_the_key_free(db: dict[str, str]) -> None:
    with UnitOfWork() as uow:
        assert claim(uow.session, scope="s", key="k", request_hash="h") is None
    with UnitOfWork() as uow:
        assert claim(uow.session, scope="s", key="k", request_hash="h") is None


@pytest.mark.parametrize("round_", range(5))
def test_concurrent_duplicates_create_once(db: dict[str, str], round_: int) -> None:
    threads, barrier = 12, threading.Barrier(12)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        barrier.wait()
        with UnitOfWork() as uow:
            replay = claim(uow.session, scope="race", key=f"k{round_}", request_hash="h")
            if replay is None:
                record(uow.session, scope="race", key=f"k{round_}", status_code=201, body={})
                uow.commit()
                result = "created"
            else:
                result = "replayed"
        with lock:
            outcomes.append(result)

    workers = [threading.Thread(target=attempt) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert outcomes.count("created") == 1
    assert outcomes.count("replayed") == threads - 1
