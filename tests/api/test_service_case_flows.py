"""After-sales cases end to end: a shopper opens, the store approves once, stock and money
move exactly once; exchanges move stock both ways; each side sees only its own cases."""

from __future__ import annotations

import threading
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from inventory.models import StockMovement
from orders.cases import acting, escalation
from orders.cases.acting import CaseStaff
from orders.cases.models import CaseStep, ServiceCase
from orders.cases.schemas import CaseStepCreate
from orders.client import open_case
from services.payments.models import Refund
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import Shop, idem, open_shop, stock_of


def _collected(client: TestClient, shop: Shop, lines: list[dict[str, int]]) -> str:
    body = {"fulfilment": "pickup", "store_id": shop.store_id, "lines": lines}
    placed = client.post("/mp/v1/orders", json=body, headers={**shop.shopper(), **idem()})
    assert placed.status_code == 201, placed.text
    number: str = placed.json()["number"]
    client.post(f"/mp/v1/orders/{number}/simulate-payment", headers=shop.shopper())
    client.post(f"/tablet/v1/orders/{number}/accept", headers=shop.guide())
    client.post(f"/tablet/v1/orders/{number}/ready", headers=shop.guide())
    code = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()["pickup"]["code"]
    handed = client.post(
        f"/tablet/v1/orders/{number}/handover", json={"code": code}, headers=shop.guide()
    )
    assert handed.json()["status"] == "picked_up", handed.text
    return number


def _movements(location_id: int, sku_id: int, kind: str) -> list[int]:
    with UnitOfWork() as uow:
        return list(
            uow.session.scalars(
                select(StockMovement.quantity).where(
                    StockMovement.location_id == location_id,
                    StockMovement.sku_id == sku_id,
                    StockMovement.kind == kind,
                )
            )
        )


def _refunds(number: str) -> list[int]:
    with UnitOfWork() as uow:
        return list(
            uow.session.scalars(
                select(Refund.amount_fen).where(
                    Refund.idempotency_key.startswith(f"order-{number}-")
                )
            )
        )


def _open(client: TestClient, shop: Shop, number: str, body: dict[str, object]) -> dict:
    opened = client.post(
        f"/mp/v1/orders/{number}/cases", json=body, headers={**shop.shopper(), **idem()}
    )
    assert opened.status_code == 201, opened.text
    return opened.json()


def test_a_return_approved_twice_at_once_restocks_once_and_refunds_exactly_what_was_paid(
    client: TestClient,
) -> None:
    shop = open_shop(units=5, price_fen=12345)
    sku = shop.sku_ids[0]
    for _ in range(4):  # many rounds: the race must never let both approvals through
        number = _collected(client, shop, [{"sku_id": sku, "quantity": 2}])
        assert stock_of(shop.location_id, sku) == (3, 0)
        before = len(_movements(shop.location_id, sku, "return_restocked"))
        case = _open(
            client,
            shop,
            number,
            {"kind": "return", "reason": "too small", "lines": [{"sku_id": sku, "quantity": 2}]},
        )
        # The shopper's answer carries no staff fields (next steps are the tablet's).
        assert case["status"] == "open" and "next_steps" not in case
        staff = CaseStaff("guide", shop.guide_id, store_id=shop.store_id)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def approve(
            barrier: threading.Barrier = barrier,
            outcomes: list[str] = outcomes,
            case_id: int = case["id"],
            staff: CaseStaff = staff,
        ) -> None:
            with UnitOfWork() as uow:
                barrier.wait()
                try:
                    acting.act(
                        session=uow.session,
                        case_id=case_id,
                        staff=staff,
                        body=CaseStepCreate(action="approve", note="goods back, as new"),
                        now=utcnow(),
                    )
                    uow.commit()
                    outcomes.append("approved")
                except Conflict as refused:
                    outcomes.append(refused.code)

        workers = [threading.Thread(target=approve) for _ in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert sorted(outcomes) == ["approved", "case_closed"]
        assert stock_of(shop.location_id, sku) == (5, 0)  # both units back, once
        assert _movements(shop.location_id, sku, "return_restocked")[before:] == [2]
        assert _refunds(number) == [2 * 12345]  # exactly what was paid
        order = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()
        assert (order["status"], order["refunded_fen"]) == ("refunded", 2 * 12345)
        again = client.post(
            f"/tablet/v1/cases/{case['id']}/steps", json={"action": "approve"}, headers=shop.guide()
        )
        assert again.status_code == 409 and again.json()["error"]["code"] == "case_closed"
        mine = client.get(f"/mp/v1/orders/{number}/cases", headers=shop.shopper()).json()
        assert [s["action"] for s in mine[0]["steps"]] == ["open", "approve"]
        assert mine[0]["outcome"] == "refunded"


def test_an_exchange_swaps_the_sku_at_no_charge_with_stock_moved_both_ways(
    client: TestClient,
) -> None:
    shop = open_shop(units=4, skus=2)
    small, large = shop.sku_ids
    number = _collected(client, shop, [{"sku_id": small, "quantity": 1}])
    case = _open(
        client,
        shop,
        number,
        {
            "kind": "exchange",
            "reason": "one size up",
            "lines": [{"sku_id": small, "quantity": 1, "exchange_sku_id": large}],
        },
    )
    contacted = client.post(
        f"/tablet/v1/cases/{case['id']}/steps",
        json={"action": "contact", "note": "bring it in any day"},
        headers=shop.guide(),
    )
    assert contacted.json()["status"] == "open" and contacted.json()["acted_at"]
    approved = client.post(
        f"/tablet/v1/cases/{case['id']}/steps", json={"action": "approve"}, headers=shop.guide()
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert stock_of(shop.location_id, small) == (4, 0)  # came back
    assert stock_of(shop.location_id, large) == (3, 0)  # went out
    assert _movements(shop.location_id, small, "return_restocked") == [1]
    assert _movements(shop.location_id, large, "sale_fulfilled") == [-1]
    assert _refunds(number) == []  # no charge either way
    steps = [s["action"] for s in approved.json()["steps"]]
    assert steps == ["open", "contact", "approve"]


def test_an_exchange_for_a_sku_not_on_the_shelf_moves_nothing(client: TestClient) -> None:
    shop = open_shop(units=1, skus=2)
    small, large = shop.sku_ids
    number = _collected(client, shop, [{"sku_id": small, "quantity": 1}])
    _collected(client, shop, [{"sku_id": large, "quantity": 1}])  # the last large one sold
    case = _open(
        client,
        shop,
        number,
        {
            "kind": "exchange",
            "reason": "size up",
            "lines": [{"sku_id": small, "quantity": 1, "exchange_sku_id": large}],
        },
    )
    refused = client.post(
        f"/tablet/v1/cases/{case['id']}/steps", json={"action": "approve"}, headers=shop.guide()
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] in ("not_enough_on_hand", "below_reserved")
    assert stock_of(shop.location_id, small) == (0, 0)  # the restock rolled back too
    assert _movements(shop.location_id, small, "return_restocked") == []


def test_guides_see_their_stores_cases_and_managers_their_regions(client: TestClient) -> None:
    shop = open_shop(units=3)
    elsewhere = open_shop(units=3)
    number = _collected(client, shop, shop.order_body()["lines"])
    case = _open(client, shop, number, {"kind": "complaint", "reason": "the bag was torn"})
    mine = client.get("/tablet/v1/cases", headers=shop.guide()).json()
    assert [c["id"] for c in mine["items"]] == [case["id"]]
    agenda = client.get("/tablet/v1/agenda", headers=shop.guide()).json()
    [queued] = [i for i in agenda["items"] if i["kind"] == "case"]
    assert (queued["case_id"], queued["next_step"], queued["member_url"]) == (
        case["id"],
        "contact",
        f"/tablet/v1/members/{shop.member_id}",
    )
    assert client.get("/tablet/v1/cases", headers=elsewhere.guide()).json()["items"] == []
    other = client.get(f"/tablet/v1/cases/{case['id']}", headers=elsewhere.guide())
    assert other.status_code == 404 and other.json()["error"]["code"] == "case_not_found"
    agenda = client.get("/tablet/v1/agenda", headers=elsewhere.guide()).json()
    assert [i for i in agenda["items"] if i["kind"] == "case"] == []

    regional = factories.new_manager_headers((shop.region_id,))
    outsider = factories.new_manager_headers((elsewhere.region_id,))
    assert [c["id"] for c in client.get("/manager/v1/cases", headers=regional).json()["items"]] == [
        case["id"]
    ]
    assert client.get("/manager/v1/cases", headers=outsider).json()["items"] == []
    refused = client.post(
        f"/manager/v1/cases/{case['id']}/steps",
        json={"action": "resolve", "outcome": "voucher"},
        headers=outsider,
    )
    assert refused.status_code == 404
    resolved = client.post(
        f"/manager/v1/cases/{case['id']}/steps",
        json={"action": "resolve", "outcome": "voucher", "note": "20 yuan voucher"},
        headers=regional,
    )
    assert (resolved.json()["status"], resolved.json()["outcome"]) == ("resolved", "voucher")
    wrong = client.post(
        f"/tablet/v1/cases/{case['id']}/steps", json={"action": "decline"}, headers=shop.guide()
    )
    assert wrong.status_code == 422  # a decline gives its reason


def test_cases_open_within_the_window_and_the_daily_cap(client: TestClient) -> None:
    shop = open_shop(units=10)
    number = _collected(client, shop, shop.order_body()["lines"])
    body: dict[str, object] = {"kind": "complaint", "reason": "slow"}
    headers = {**shop.shopper(), **idem()}
    first = client.post(f"/mp/v1/orders/{number}/cases", json=body, headers=headers)
    replay = client.post(f"/mp/v1/orders/{number}/cases", json=body, headers=headers)
    assert first.status_code == replay.status_code == 201
    assert first.json()["id"] == replay.json()["id"]  # one case per Idempotency-Key
    for _ in range(4):
        _open(client, shop, number, body)
    capped = client.post(
        f"/mp/v1/orders/{number}/cases", json=body, headers={**shop.shopper(), **idem()}
    )
    assert capped.status_code == 429 and capped.json()["error"]["code"] == "case_rate_limited"

    late = Shop(**{**shop.__dict__, "member_id": factories.member().id})
    old = _collected(client, late, late.order_body()["lines"])
    with UnitOfWork() as uow:
        from orders.models import Order

        order = uow.session.scalars(select(Order).where(Order.number == old)).one()
        order.closed_at = utcnow() - timedelta(days=31)
        uow.commit()
    closed = client.post(
        f"/mp/v1/orders/{old}/cases", json=body, headers={**late.shopper(), **idem()}
    )
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "case_window_closed"
    stranger = client.post(
        f"/mp/v1/orders/{number}/cases", json=body, headers={**late.shopper(), **idem()}
    )
    assert stranger.status_code == 404


def test_an_overdue_case_escalates_once_and_an_answered_one_never(db) -> None:
    region = factories.region()
    store = factories.store(region.id)
    member = factories.member()
    past = utcnow() - timedelta(days=2)
    with UnitOfWork() as uow:
        late = open_case(
            uow.session,
            kind="apology",
            member_id=member.id,
            store_id=store.id,
            source_key="nps-late",
            summary="NPS 2",
        )
        answered = open_case(
            uow.session,
            kind="apology",
            member_id=member.id,
            store_id=store.id,
            source_key="nps-answered",
            summary="NPS 4",
        )
        fresh = open_case(
            uow.session,
            kind="apology",
            member_id=member.id,
            store_id=store.id,
            source_key="nps-fresh",
            summary="NPS 5",
        )
        for case_id in (late, answered):
            uow.session.get_one(ServiceCase, case_id).due_at = past
        uow.session.get_one(ServiceCase, answered).acted_at = past
        uow.commit()
    counts = []
    for _ in range(3):
        with UnitOfWork() as uow:
            counts.append(escalation.escalate_overdue(session=uow.session, now=utcnow()))
            uow.commit()
    assert counts == [1, 0, 0]
    with UnitOfWork() as uow:
        escalated = {
            c.id: c.escalated_at is not None for c in uow.session.scalars(select(ServiceCase))
        }
        steps = list(
            uow.session.scalars(select(CaseStep.case_id).where(CaseStep.action == "escalate"))
        )
    assert escalated == {late: True, answered: False, fresh: False}
    assert steps == [late]
    manager = factories.new_manager_headers((region.id,))
    assert manager  # the regional manager's list puts it first (covered by the list order)


def test_escalated_cases_head_the_managers_list_and_apologies_leave_the_cap_alone(
    client: TestClient,
) -> None:
    shop = open_shop(units=3)
    number = _collected(client, shop, shop.order_body()["lines"])
    with UnitOfWork() as uow:
        for n in range(6):  # more apologies than the shopper's daily cap
            open_case(
                uow.session,
                kind="apology",
                member_id=shop.member_id,
                store_id=shop.store_id,
                source_key=f"nps-cap-{n}",
                summary="NPS 1",
            )
        uow.commit()
    complaint = _open(client, shop, number, {"kind": "complaint", "reason": "rude"})
    with UnitOfWork() as uow:
        uow.session.get_one(ServiceCase, complaint["id"]).due_at = utcnow() - timedelta(hours=1)
        uow.commit()
    with UnitOfWork() as uow:
        assert escalation.escalate_overdue(session=uow.session, now=utcnow()) == 1
        uow.commit()
    regional = factories.new_manager_headers((shop.region_id,))
    listed = client.get("/manager/v1/cases", headers=regional).json()
    assert listed["total"] == 7
    assert listed["items"][0]["id"] == complaint["id"]
    assert listed["items"][0]["escalated_at"] and listed["items"][0]["overdue"]
    assert [s["action"] for s in listed["items"][0]["steps"]] == ["open", "escalate"]


def test_an_overdue_case_reaches_its_regions_managers_once_under_concurrent_sweeps(
    client: TestClient,
) -> None:
    north, south = factories.region(), factories.region()
    store = factories.store(north.id)
    southern_store = factories.store(south.id)
    member = factories.member()
    north_managers = [factories.manager([north.id]) for _ in range(2)]
    south_manager = factories.manager([south.id])
    hq = factories.manager([], hq=True)
    with UnitOfWork() as uow:
        late = open_case(
            uow.session,
            kind="complaint",
            member_id=member.id,
            store_id=store.id,
            source_key="complaint-late",
            summary="rude at the till",
        )
        open_case(  # on time in the other region: nobody is told
            uow.session,
            kind="complaint",
            member_id=member.id,
            store_id=southern_store.id,
            source_key="complaint-fresh",
            summary="slow",
        )
        uow.session.get_one(ServiceCase, late).due_at = utcnow() - timedelta(minutes=5)
        uow.commit()

    sweeps, barrier = 4, threading.Barrier(4)
    counts: list[int] = []

    def sweep() -> None:
        with UnitOfWork() as uow:
            barrier.wait()
            counts.append(escalation.escalate_overdue(session=uow.session, now=utcnow()))
            uow.commit()

    workers = [threading.Thread(target=sweep) for _ in range(sweeps)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    with UnitOfWork() as uow:
        counts.append(escalation.escalate_overdue(session=uow.session, now=utcnow()))
        uow.commit()
    assert sorted(counts) == [0] * sweeps + [1]

    def inbox(manager_id: int, regions: tuple[int, ...], *, is_hq: bool = False) -> list[dict]:
        headers = factories.manager_headers(manager_id, regions, hq=is_hq)
        answer = client.get("/manager/v1/notifications", headers=headers)
        assert answer.status_code == 200, answer.text
        items: list[dict] = answer.json()["items"]
        assert answer.json()["total"] == len(items)
        return items

    for manager in north_managers:
        [told] = inbox(manager.id, (north.id,))
        assert told["template"] == "case_escalated"
        assert told["params"]["case_id"] == late and told["params"]["store_id"] == store.id
        assert f"Case {late} (complaint)" in told["body"]
    assert inbox(south_manager.id, (south.id,)) == []
    assert inbox(hq.id, (), is_hq=True) == []  # a store's case goes to its region
    with UnitOfWork() as uow:
        steps = list(
            uow.session.scalars(select(CaseStep.case_id).where(CaseStep.action == "escalate"))
        )
    assert steps == [late]


def test_a_delivery_orders_overdue_case_reaches_hq(client: TestClient) -> None:
    region = factories.region()
    regional = factories.manager([region.id])
    hq = factories.manager([], hq=True)
    member = factories.member()
    with UnitOfWork() as uow:
        case_id = open_case(
            uow.session,
            kind="apology",
            member_id=member.id,
            store_id=None,
            source_key="nps-delivery",
            summary="NPS 1 after delivery",
        )
        uow.session.get_one(ServiceCase, case_id).due_at = utcnow() - timedelta(minutes=1)
        uow.commit()
    with UnitOfWork() as uow:
        assert escalation.escalate_overdue(session=uow.session, now=utcnow()) == 1
        uow.commit()
    hq_items = client.get(
        "/manager/v1/notifications", headers=factories.manager_headers(hq.id, hq=True)
    ).json()["items"]
    assert [i["params"]["case_id"] for i in hq_items] == [case_id]
    regional_items = client.get(
        "/manager/v1/notifications", headers=factories.manager_headers(regional.id, (region.id,))
    ).json()["items"]
    assert regional_items == []


def test_an_exchange_for_another_product_is_refused_and_moves_nothing(
    client: TestClient,
) -> None:
    shop = open_shop(units=3, skus=2)
    small, _ = shop.sku_ids
    other = open_shop(units=3)  # another product, not a size of this one
    number = _collected(client, shop, [{"sku_id": small, "quantity": 1}])
    refused = client.post(
        f"/mp/v1/orders/{number}/cases",
        json={
            "kind": "exchange",
            "reason": "want the other jacket",
            "lines": [{"sku_id": small, "quantity": 1, "exchange_sku_id": other.sku_ids[0]}],
        },
        headers={**shop.shopper(), **idem()},
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "exchange_not_same_product"
    assert refused.json()["error"]["details"] == {"sku_ids": [small]}
    assert client.get(f"/mp/v1/orders/{number}/cases", headers=shop.shopper()).json() == []

    # A case from before the rule (its lines written directly) is refused at approval too.
    with UnitOfWork() as uow:
        from orders.models import Order

        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        case_id = open_case(
            uow.session,
            kind="exchange",
            member_id=shop.member_id,
            store_id=shop.store_id,
            order_id=order.id,
            source_key="old-exchange",
            summary="swap",
        )
        case = uow.session.get_one(ServiceCase, case_id)
        case.lines = [{"sku_id": small, "quantity": 1, "exchange_sku_id": other.sku_ids[0]}]
        uow.commit()
    approve = client.post(
        f"/tablet/v1/cases/{case_id}/steps", json={"action": "approve"}, headers=shop.guide()
    )
    assert approve.status_code == 409
    assert approve.json()["error"]["code"] == "exchange_not_same_product"
    assert stock_of(shop.location_id, small) == (2, 0)
    assert _movements(shop.location_id, small, "return_restocked") == []


def test_an_exchange_approved_twice_at_once_moves_stock_both_ways_once(
    client: TestClient,
) -> None:
    shop = open_shop(units=4, skus=2)
    small, large = shop.sku_ids
    number = _collected(client, shop, [{"sku_id": small, "quantity": 2}])
    case = _open(
        client,
        shop,
        number,
        {
            "kind": "exchange",
            "reason": "one size up",
            "lines": [{"sku_id": small, "quantity": 2, "exchange_sku_id": large}],
        },
    )
    staff = CaseStaff("guide", shop.guide_id, store_id=shop.store_id)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve() -> None:
        with UnitOfWork() as uow:
            barrier.wait()
            try:
                acting.act(
                    session=uow.session,
                    case_id=case["id"],
                    staff=staff,
                    body=CaseStepCreate(action="approve"),
                    now=utcnow(),
                )
                uow.commit()
                outcomes.append("approved")
            except Conflict as refused:
                outcomes.append(refused.code)

    workers = [threading.Thread(target=approve) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(outcomes) == ["approved", "case_closed"]
    assert stock_of(shop.location_id, small) == (4, 0)  # both back, once
    assert stock_of(shop.location_id, large) == (2, 0)  # two out, once
    assert _movements(shop.location_id, small, "return_restocked") == [2]
    assert _movements(shop.location_id, large, "sale_fulfilled") == [-2]
    assert _refunds(number) == []
