"""Small pure rules: cart merging, templates, idempotency fingerprints, URL forms."""

from __future__ import annotations

import pytest

from inventory.availability import merge_lines
from inventory.schemas import CartLine
from orders.member_points import usable
from orders.stock_notes import short_reason
from services.notifications.templates import render
from services.platform.cache import celery_broker_url
from services.platform.db import sqlalchemy_url
from services.platform.errors import InvalidInput
from services.platform.idempotency import check_key, request_fingerprint


def test_cart_lines_merge_by_sku_in_sku_order() -> None:
    lines = [
        CartLine(sku_id=9, quantity=1),
        CartLine(sku_id=3, quantity=2),
        CartLine(sku_id=9, quantity=4),
    ]
    assert merge_lines(lines) == {3: 2, 9: 5}
    assert list(merge_lines(lines)) == [3, 9]
    with pytest.raises(InvalidInput):
        merge_lines([])


def test_templates_render_and_refuse_missing_fields() -> None:
    assert render("birthday_greeting", {"name": "Li Na"}).startswith("Happy birthday, Li Na")
    with pytest.raises(KeyError):
        render("birthday_greeting", {})
    with pytest.raises(KeyError):
        render("no_such_template", {})


def test_request_fingerprint_ignores_key_order() -> None:
    assert request_fingerprint({"a": 1, "b": [1, 2]}) == request_fingerprint({"b": [1, 2], "a": 1})
    assert request_fingerprint({"a": 1}) != request_fingerprint({"a": 2})


@pytest.mark.parametrize("key", [None, "", "   ", "x" * 201, "bad\nkey"])
def test_bad_idempotency_keys_are_refused(key: str | None) -> None:
    with pytest.raises(InvalidInput):
        check_key(key)


def test_url_forms() -> None:
    assert sqlalchemy_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert sqlalchemy_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert celery_broker_url("unix:///tmp/r.sock") == "redis+socket:///tmp/r.sock"
    assert (
        celery_broker_url("unix:///tmp/r.sock?db=3") == "redis+socket:///tmp/r.sock?virtual_host=3"
    )
    assert celery_broker_url("redis://h:6379/0") == "redis://h:6379/0"


def test_purchase_limits_take_the_skus_own_else_the_default() -> None:
    from inventory.purchase_limits import over_purchase_limit

    assert over_purchase_limit({1: 10, 2: 3}, {1: None, 2: 2}, 10) == (2, 2)
    assert over_purchase_limit({1: 11}, {1: None}, 10) == (1, 10)
    assert over_purchase_limit({1: 10, 2: 2}, {1: None, 2: 2}, 10) is None
    assert over_purchase_limit({1: 20}, {1: 20}, 10) is None  # a SKU may allow more


def test_the_client_address_is_the_peer_unless_a_trusted_proxy_forwards() -> None:
    from services.platform.web.client_ip import client_ip

    assert client_ip("198.51.100.7", "203.0.113.9", []) == "198.51.100.7"
    # An untrusted peer's header is its own claim.
    assert client_ip("198.51.100.7", "203.0.113.9", ["10.0.0.0/8"]) == "198.51.100.7"
    # Behind our proxy: the rightmost hop the proxy did not vouch for; the client's own
    # left-hand entries (spoofable) are never reached.
    assert client_ip("10.0.0.2", "1.1.1.1, 203.0.113.9", ["10.0.0.0/8"]) == "203.0.113.9"
    assert client_ip("10.0.0.2", "203.0.113.9, 10.0.0.5", ["10.0.0.0/8"]) == "203.0.113.9"
    assert client_ip("10.0.0.2", "junk", ["10.0.0.0/8"]) == "10.0.0.2"
    assert client_ip("10.0.0.2", None, ["10.0.0.0/8"]) == "10.0.0.2"
    assert client_ip("::1", "2001:db8::1", ["::1"]) == "2001:db8::1"


@pytest.mark.parametrize(
    ("available", "level", "shopper_sees"),
    [
        (-1, "out_of_stock", None),
        (0, "out_of_stock", None),
        (1, "low", 1),
        (5, "low", 5),
        (6, "in_stock", None),
        (1000, "in_stock", None),
    ],
)
def test_stock_levels_hide_counts_from_shoppers_unless_low(
    available: int, level: str, shopper_sees: int | None
) -> None:
    from inventory.availability import shown_count, stock_level

    assert stock_level(available, low_threshold=5) == level
    assert shown_count(available, stock_level(available, low_threshold=5), exact=False) == (
        shopper_sees
    )
    assert shown_count(available, stock_level(available, low_threshold=5), exact=True) == max(
        0, available
    )
    assert stock_level(3, low_threshold=0) == "in_stock"  # threshold 0: never "low"


def test_a_named_guide_is_credited_only_at_their_store_or_region() -> None:
    from orders.attribution import named_guide_refusal
    from stores.schemas import GuidePost

    post = GuidePost(guide_id=1, store_id=10, region_id=100, active=True)
    assert named_guide_refusal(post, store_id=10, region_id=100) is None
    assert named_guide_refusal(post, store_id=11, region_id=100) is None
    assert named_guide_refusal(post, store_id=12, region_id=200) == "guide_not_at_store"
    assert named_guide_refusal(post, store_id=None, region_id=None) == "guide_unverified"
    assert named_guide_refusal(None, store_id=10, region_id=100) == "guide_not_found"
    retired = post.model_copy(update={"active": False})
    assert named_guide_refusal(retired, store_id=10, region_id=100) == "guide_not_found"


def test_the_channel_follows_the_evidence() -> None:
    from orders.attribution import channel_for

    assert channel_for(shared=True, assisted=False, touch_kind="poster") == "guide_share"
    assert channel_for(shared=False, assisted=True, touch_kind="poster") == "store_assisted"
    assert channel_for(shared=False, assisted=False, touch_kind="campaign") == "campaign"
    assert channel_for(shared=False, assisted=False, touch_kind="guide_card") == "qr"
    assert channel_for(shared=False, assisted=False, touch_kind=None) == "mini_program"


def test_points_asked_for_are_at_most_the_balance() -> None:

    assert usable(asked=1000, balance=999) == 999
    assert usable(asked=500, balance=999) == 500
    assert usable(asked=500, balance=0) == 0
    assert usable(asked=0, balance=999) == 0


def test_a_short_line_is_your_try_on_only_when_giving_it_back_covers_it() -> None:

    assert short_reason(wanted=1, free=0, held_by_you=1) == "held_by_your_try_on"
    assert short_reason(wanted=2, free=1, held_by_you=1) == "held_by_your_try_on"
    assert short_reason(wanted=3, free=1, held_by_you=1) == "not_enough_stock"
    assert short_reason(wanted=1, free=0, held_by_you=0) == "not_enough_stock"
