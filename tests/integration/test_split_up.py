"""``o2o up --split`` for real, as the issue's proof asks: under a mixed load (browsing,
orders and payments, QR scans, appointment bookings, the dashboard, the store tablet)
one process of every door, one worker of every queue group and the layout's beat are
SIGKILLed at once, and the streaming replica is stopped and started again. Expected: no
request failed (a scan cut off in flight is scanned again, as a phone would), no order
lost or oversold, one check-in per shopper, no guide booked twice, every notice (paid
order to the tablet, booking, the campaign's) delivered exactly once, the campaign's
fan-out finished, the dashboard answering throughout (from the primary while the replica
is down, from the replica again once it is back), the wall equal to direct SQL, every
killed process back, and a second beat, idle all along, taking over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import redis

from server.roles import WORKER_GROUPS
from server.split import DOOR_PORT_OFFSET, backends
from tests import factories, split_world
from tests import split_processes as layout
from tests.live import free_port
from tests.unit.test_split_layout import _haproxy

# Thirteen processes start from cold: about a minute on a quiet 2-core machine.
# On a copy of the demo brand (marked demo), so `up` finds it seeded and goes straight on.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.demo,
    pytest.mark.xdist_group("split"),
    pytest.mark.timeout(900),
]


def test_split_layout_survives_a_process_of_every_kind_killed_and_the_replica_stopped(
    db: dict[str, str],
    tmp_path: Path,
) -> None:
    _haproxy()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    standby = layout.standby(db["database_url"])
    env = {
        **os.environ,
        "O2O_DATA_DIR": str(tmp_path),
        "O2O_PORT": str(port),
        # A short lease: the mistaken second beat takes over within seconds of a kill.
        "O2O_BEAT_LEASE_SECONDS": "3",
        # A task whose worker was killed goes back to its queue within seconds, not an hour.
        "O2O_TASK_REDELIVERY_SECONDS": "8",
        # A message the broker lost with a killed worker is handed again within seconds.
        "O2O_REDELIVERY_SWEEP_SECONDS": "3",
        "O2O_REDELIVERY_GRACE_SECONDS": "10",
        # Every shopper here comes from 127.0.0.1.
        "O2O_ORDER_LIMIT_PER_IP": "1000000",
        "O2O_SCAN_LIMIT_PER_IP": "1000000",
        "O2O_SCAN_LIMIT_PER_MEMBER": "1000000",
        "O2O_SCAN_LIMIT_PER_DEVICE": "1000000",
        # The campaign sends in small batches, so its fan-out is under way at the kill.
        "O2O_CAMPAIGN_SEND_BATCH": "4",
        "O2O_CAMPAIGN_SEND_INTERVAL_SECONDS": "0.3",
        # Lag is not what is tested here: reads leave the replica only when it is down.
        "O2O_REPLICA_MAX_LAG_SECONDS": "60",
        **({"O2O_DATABASE_REPLICA_URL": standby.url()} if standby else {}),
    }
    # The replica is copied while the layout starts (both need the primary, not each other:
    # until it answers, the doors read from the primary).
    trouble: list[BaseException] = []

    def copy() -> None:
        try:
            standby.start()  # type: ignore[union-attr]
        except BaseException as exc:  # reported below: a thread's error is otherwise lost
            trouble.append(exc)

    copied = threading.Thread(target=copy) if standby else None
    if copied:
        copied.start()
    log = (tmp_path / "up.log").open("w")
    up = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "up", "--split", "--members", "0"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    lease = redis.Redis.from_url(db["redis_url"], decode_responses=True)
    tablet = lease.pubsub(ignore_subscribe_messages=True)
    extra: subprocess.Popen[bytes] | None = None
    try:
        world = split_world.make()
        manager = factories.new_manager_headers(hq=True)
        guide = factories.guide_headers(world.guide, world.store)
        tablet.subscribe(f"tablet:store:{world.store}")
        told: Counter[str] = Counter()  # paid-order notices the store's tablets received

        def hear() -> None:
            try:
                for message in tablet.listen():
                    if found := split_world.PAID_NOTICE.search(str(message.get("data"))):
                        told[found.group(1)] += 1
            except (redis.ConnectionError, ValueError):  # closed when the test ends
                return

        threading.Thread(target=hear, daemon=True).start()
        if copied:
            copied.join()
            assert trouble == []
        layout.until(
            lambda: layout.answers(f"{base}/healthz") or up.poll() is not None, 400, "HAProxy"
        )
        assert up.poll() is None, (tmp_path / "up.log").read_text()[-3000:]
        # The layout's beat holds the lease; a second beat started by mistake must stay idle.
        layout.until(lambda: layout.holder(lease) is not None, 60, "beat takes the lease")
        (layout_beat,) = layout.children(up, "server.cli beat")
        assert layout.holder(lease) == layout_beat
        extra = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "beat", "--loglevel", "WARNING", "--quiet"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Every door behind the one port: each prefix reaches its own door's process.
        for path in ("/mp/docs", "/tablet/docs", "/manager/docs", "/dashboard"):
            assert httpx.get(base + path, timeout=10).status_code == 200, path

        failures: list[object] = []
        answered = Counter[str]()  # requests answered so far, by kind
        placed: list[str] = []
        paid: list[str] = []
        rescanned = [0]  # scans cut off in flight by the kill, scanned again
        read_from: list[tuple[float, str]] = []  # the dashboard's reads: asked when, read where
        done = threading.Event()

        def browse() -> None:
            with httpx.Client(base_url=base, timeout=10) as client:
                while not done.is_set():
                    try:
                        for path, params in (
                            ("/mp/v1/stores", {"lat": 31.23, "lon": 121.47}),
                            ("/mp/v1/products", {"limit": 20}),
                        ):
                            answer = client.get(path, params=params)
                            answered["browse"] += 1
                            if answer.status_code != 200:
                                failures.append(("browse", path, answer.status_code))
                    except httpx.HTTPError as exc:
                        failures.append(("browse", exc))

        def buy() -> None:
            order = {
                "fulfilment": "pickup",
                "store_id": world.store,
                "lines": [{"sku_id": world.sku, "quantity": 1}],
            }
            with httpx.Client(base_url=base, timeout=20) as client:
                for member in world.buyers:
                    if done.is_set():
                        return
                    auth = layout.shopper(member)
                    try:
                        answer = client.post(
                            "/mp/v1/orders",
                            json=order,
                            headers={**auth, "Idempotency-Key": f"split-{member}"},
                        )
                        if answer.status_code != 201:
                            failures.append(("place", answer.status_code, answer.text))
                            continue
                        number = answer.json()["number"]
                        placed.append(number)
                        # Paying again returns the order as it is: safe for HAProxy to retry.
                        answer = client.post(
                            f"/mp/v1/orders/{number}/simulate-payment",
                            headers={**auth, "Idempotency-Key": f"split-pay-{member}"},
                        )
                        if answer.status_code != 200:
                            failures.append(("pay", answer.status_code, answer.text))
                        else:
                            paid.append(number)
                    except httpx.HTTPError as exc:
                        failures.append(("buy", exc))

        def scan() -> None:
            """Each shopper scans the store's door QR again and again while the load lasts
            (a scan carries no Idempotency-Key: one cut off by the kill is scanned again)."""
            with httpx.Client(base_url=base, timeout=10) as client:
                while not done.is_set():
                    for n, member in enumerate(world.scanners):
                        for _attempt in range(5):
                            try:
                                answer = client.post(
                                    "/mp/v1/scans",
                                    json={"token": world.qr, "device_id": f"split-device-{n}"},
                                    headers=layout.shopper(member),
                                )
                            except httpx.HTTPError:
                                rescanned[0] += 1
                                continue
                            if answer.status_code == 502:  # reached a process that died
                                rescanned[0] += 1
                                continue
                            answered["scan"] += 1
                            if answer.status_code != 201:
                                failures.append(("scan", answer.status_code, answer.text))
                            break
                        else:
                            failures.append(("scan", "never answered"))

        def book() -> None:
            """Every booker races for the same first slots of the busiest service."""
            store = split_world.store_of_service(world.service)
            last = world.first_day + timedelta(days=6)
            with httpx.Client(base_url=base, timeout=20) as client:
                for member in world.bookers:
                    if done.is_set():
                        return
                    slots = client.get(
                        f"/mp/v1/stores/{store}/slots",
                        params={
                            "service": world.service,
                            "from": str(world.first_day),
                            "to": str(last),
                        },
                    )
                    if slots.status_code != 200:
                        failures.append(("slots", slots.status_code, slots.text))
                        continue
                    for slot in slots.json()[:6]:
                        try:
                            answer = client.post(
                                "/mp/v1/appointments",
                                json={
                                    "store_id": store,
                                    "service_id": world.service,
                                    "starts_at": slot["starts_at"],
                                },
                                headers={
                                    **layout.shopper(member),
                                    "Idempotency-Key": f"split-book-{member}-{slot['starts_at']}",
                                },
                            )
                        except httpx.HTTPError as exc:
                            failures.append(("book", exc))
                            break
                        answered["book"] += 1
                        if answer.status_code == 201:
                            break
                        if answer.status_code != 409:  # taken by another booker meanwhile
                            failures.append(("book", answer.status_code, answer.text))
                            break

        def staff() -> None:
            """The dashboard's wall and the store tablet's check-in queue, read all along."""
            with httpx.Client(base_url=base, timeout=10) as client:
                while not done.is_set():
                    try:
                        asked = time.monotonic()
                        answer = client.get("/manager/v1/insights/summary", headers=manager)
                        if answer.status_code != 200:
                            failures.append(("dashboard", answer.status_code, answer.text))
                        else:
                            read_from.append((asked, answer.headers["x-read-from"]))
                        answer = client.get("/tablet/v1/checkins", headers=guide)
                        answered["staff"] += 1
                        if answer.status_code != 200:
                            failures.append(("tablet", answer.status_code, answer.text))
                    except httpx.HTTPError as exc:
                        failures.append(("staff", exc))
                    time.sleep(0.1)

        def replica_read_since(moment: float) -> bool:
            return any(t > moment and where == "replica" for t, where in read_from)

        load = [threading.Thread(target=f) for f in (browse, browse, buy, scan, book, staff)]
        for thread in load:
            thread.start()
        layout.until(
            lambda: (
                answered["browse"] >= 30
                and len(paid) >= 3
                and answered["scan"] >= 5
                and answered["staff"] >= 3
                and (standby is None or replica_read_since(0))
            ),
            90,
            "shoppers and staff at work, the dashboard reading the replica",
        )
        # The campaign starts fanning out (bulk queue) just before the kill.
        launched = httpx.post(
            f"{base}/manager/v1/campaigns/{world.campaign}/launch", headers=manager, timeout=20
        )
        assert launched.status_code == 200, launched.text

        # One process of every door, one worker of every queue group, the beat; the replica.
        doors = {b.door: b.ports[0] for b in backends(port + DOOR_PORT_OFFSET)}
        door_pids = {
            door: layout.children(up, f"--door {door} --port {p}") for door, p in doors.items()
        }
        groups = {g.name: f"worker --queues {','.join(g.queues)}" for g in WORKER_GROUPS}
        worker_pids = {name: layout.children(up, fragment) for name, fragment in groups.items()}
        assert all(len(p) == 1 for p in [*door_pids.values(), *worker_pids.values()])
        assert layout.holder(lease) == layout_beat and extra.poll() is None
        killed = [*door_pids.values(), *worker_pids.values(), [layout_beat]]
        for (pid,) in killed:
            os.kill(pid, signal.SIGKILL)
        at_kill = answered.copy() + Counter(paid=len(paid))
        if standby:
            standby.stop()
        stopped_at = time.monotonic()
        # Past the kill by a good margin: HAProxy has sent the dead processes' share on.
        # The webhooks door has no load here: it answers from its sibling meanwhile (a POST
        # without an Idempotency-Key that HAProxy sent on a connection to the dead process,
        # before its health check caught up, answers 502: a payment provider sends again).
        layout.until(
            lambda: (
                httpx.post(base + "/webhooks/stripe", content=b"{}", timeout=10).status_code == 401
            ),
            10,
            "the webhooks door answering from the sibling",
        )

        def served_past_the_kill() -> bool:
            return (
                answered["browse"] >= at_kill["browse"] + 150
                and len(paid) >= at_kill["paid"] + 10
                and answered["scan"] >= at_kill["scan"] + 10
                and answered["staff"] >= at_kill["staff"] + 10
            )

        layout.until(served_past_the_kill, 120, "serving past the kill")
        if standby:
            # The dashboard kept answering, from the primary, while the replica was down.
            assert {w for t, w in read_from if t > stopped_at} == {"primary"}
            started_at = time.monotonic()
            standby.start()
            layout.until(
                lambda: replica_read_since(started_at), 60, "the dashboard back on the replica"
            )
        done.set()
        for thread in load:
            thread.join()
        assert failures == []

        # No order lost, every payment answered is recorded, nothing oversold.
        statuses = split_world.order_states(placed)
        assert set(statuses) == set(placed)
        assert {statuses[n] for n in paid} == {"paid"}
        on_hand, reserved = split_world.stock(world.store, world.sku)
        assert 0 <= reserved <= on_hand
        # One check-in per shopper however often they scanned; no guide booked twice.
        assert split_world.check_ins(world.store, world.scanners) == Counter(
            dict.fromkeys(world.scanners, 1)
        )
        bookings = split_world.booked(world.appointments_before, world.bookers)
        assert len(bookings) == len({m for _a, m, _s in bookings}) >= 3
        assert split_world.overlapping_bookings(world.appointments_before) == 0

        # The killed processes come back, as Kubernetes would restart their pods; the work
        # queued for the killed workers (and any they held) is done once they are back.
        notices = [f"order-paid-{n}" for n in paid]
        appointments = [a for a, _m, _s in bookings]

        def left() -> dict[str, object]:
            """What is not done yet (empty: all of it)."""
            wall, direct = split_world.counted(world.store)
            status, campaign_keys = split_world.campaign_left(world.campaign)
            sent = split_world.deliveries(notices + campaign_keys)
            booked_told = split_world.booking_notices(appointments)
            missing = {
                "wall": (wall, direct) if wall != direct else None,
                "campaign": status if status != "sent" else None,
                "notices": len([k for k in notices + campaign_keys if not sent[k]]),
                "unrelayed": split_world.unrelayed(),
                "bookings untold": len([a for a in appointments if not booked_told[a]]),
                "tablet untold": len([n for n in paid if not told[n]]),
            }
            return {k: v for k, v in missing.items() if v}

        still: list[dict[str, object]] = [{}]

        def all_done() -> bool:
            still[0] = left()
            return not still[0]

        try:
            layout.until(all_done, 150, "the wall, the notices and the campaign, all done")
        except AssertionError:
            raise AssertionError(f"still not done: {still[0]}") from None
        _, campaign_keys = split_world.campaign_left(world.campaign)
        sent = split_world.deliveries(notices + campaign_keys)
        assert set(sent) == {*notices, *campaign_keys} and set(sent.values()) == {1}
        assert split_world.booking_notices(appointments) == Counter(dict.fromkeys(appointments, 1))
        assert len(campaign_keys) >= 30
        time.sleep(1)  # a second telling of a paid order would have reached the tablet by now
        assert {n: told[n] for n in paid} == dict.fromkeys(paid, 1)
        # The mistaken beat, idle all along, or the layout's beat started again, schedules.
        assert layout.holder(lease) not in (None, layout_beat)
        assert layout.holder(lease) in {extra.pid, *layout.children(up, "server.cli beat")}

        def back() -> bool:
            doors_back = all(
                layout.children(up, f"--door {door} --port {p}") not in ([], door_pids[door])
                and layout.answers(f"http://127.0.0.1:{p}/readyz")
                for door, p in doors.items()
            )
            return doors_back and all(
                layout.children(up, fragment) not in ([], worker_pids[name])
                for name, fragment in groups.items()
            )

        layout.until(back, 240, "every killed door and worker back")
    finally:
        tablet.close()
        if extra is not None:
            extra.terminate()
            extra.wait(timeout=30)
        os.killpg(up.pid, signal.SIGINT)
        try:
            up.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
        log.close()
        if standby:
            standby.remove()
