"""Request bodies over the limit are refused while being read, never read whole (issue 9.6)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.live import serving

CHUNK = 64 * 1024
TEN_MB = 10 * 1024 * 1024


class Counted:
    """A request body streamed in chunks; counts what the app actually pulled."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.pulled < self.total:
            self.pulled += CHUNK
            yield b"x" * CHUNK


async def _post(path: str, body: Counted, *, declare_length: bool) -> httpx.Response:
    from server.app import create_app

    app = create_app()
    headers = {"content-type": "application/json", "stripe-signature": "t=1,v1=00"}
    if declare_length:
        headers["content-length"] = str(body.total)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://o2o") as client:
            return await client.post(path, content=body, headers=headers)


@pytest.mark.parametrize("declare_length", [False, True], ids=["chunked", "content-length"])
def test_a_ten_megabyte_body_is_refused_after_at_most_the_limit(
    db: dict[str, str], declare_length: bool
) -> None:
    from services.platform.settings import get_settings

    body = Counted(TEN_MB)
    response = asyncio.run(_post("/mp/v1/orders", body, declare_length=declare_length))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert response.json()["error"]["details"] == {"limit_bytes": get_settings().max_body_bytes}
    assert "x-request-id" in response.headers
    limit = get_settings().max_body_bytes
    if declare_length:
        assert body.pulled == 0  # refused on the header alone
    else:
        assert body.pulled <= limit + CHUNK


def test_the_limit_is_a_setting(db: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from services.platform.settings import get_settings

    monkeypatch.setenv("O2O_MAX_BODY_BYTES", str(4 * CHUNK))
    get_settings.cache_clear()
    body = Counted(TEN_MB)
    response = asyncio.run(_post("/mp/v1/orders", body, declare_length=False))
    assert response.status_code == 413
    assert body.pulled <= 5 * CHUNK
    get_settings.cache_clear()


@pytest.mark.parametrize("declare_length", [False, True], ids=["chunked", "content-length"])
def test_the_stripe_webhook_keeps_its_own_smaller_limit(
    db: dict[str, str], declare_length: bool
) -> None:
    from services.payments.webhooks import MAX_BODY_BYTES

    body = Counted(MAX_BODY_BYTES + 2 * CHUNK)  # under the global limit, over the webhook's
    response = asyncio.run(_post("/webhooks/stripe", body, declare_length=declare_length))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert body.pulled <= MAX_BODY_BYTES + CHUNK


def test_a_body_under_the_limit_still_reaches_the_route(db: dict[str, str]) -> None:
    body = Counted(8 * CHUNK)
    response = asyncio.run(_post("/mp/v1/orders", body, declare_length=False))
    assert response.status_code == 422  # read whole, then refused: not JSON
    assert body.pulled == 8 * CHUNK


# --- a real server process: its peak memory stays flat ------------------------------------


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.fixture
def live_server(db: dict[str, str]) -> Iterator[tuple[int, int]]:
    """``o2o serve``'s launcher on a loopback port: (pid, port)."""
    with serving() as server:
        yield server


def _send_raw(port: int, *, declare_length: bool) -> bytes:
    """POST 10 MB from a plain socket; returns whatever answer the server gave."""
    head = "POST /mp/v1/orders HTTP/1.1\r\nHost: o2o\r\nContent-Type: application/json\r\n"
    head += f"Content-Length: {TEN_MB}\r\n" if declare_length else "Transfer-Encoding: chunked\r\n"
    piece = b"x" * CHUNK
    framed = piece if declare_length else b"%x\r\n%s\r\n" % (len(piece), piece)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(10)
        try:
            sock.sendall(head.encode() + b"\r\n")
            for _ in range(TEN_MB // CHUNK):
                sock.sendall(framed)
            if not declare_length:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed while we were still sending
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except OSError:
            pass
        return answer


def test_ten_megabyte_bodies_leave_the_servers_peak_memory_flat(
    live_server: tuple[int, int],
) -> None:
    pid, port = live_server
    # Warm up: the first refusal reads up to the limit once and imports what it needs.
    _send_raw(port, declare_length=False)
    before = _peak_rss_kib(pid)
    answers = [_send_raw(port, declare_length=flag) for flag in (False, True, False, True)]
    grown = _peak_rss_kib(pid) - before
    # Reading one 10 MB body whole costs at least 10 MB (20 with the join): a generous bound.
    assert grown < 5 * 1024, f"peak RSS grew by {grown} KiB"
    assert any(a.startswith(b"HTTP/1.1 413") for a in answers), answers
