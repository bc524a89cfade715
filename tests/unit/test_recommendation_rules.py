"""The recommender's pure parts: the model, what may be shown, and the quality metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from inventory.client import Offer, OfferSku
from services.recommendations import metrics, model
from services.recommendations.choice import Bought, Candidate, choose
from services.recommendations.wall import conversions

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _offer(pid: int, *skus: OfferSku, category: str = "jackets") -> Offer:
    return Offer(pid, f"P{pid}", category, skus)


def _sku(sku_id: int, *, free: int | None = None, limit: int | None = None) -> OfferSku:
    return OfferSku(sku_id, "M", 10000 + sku_id, limit, free)


# -- metrics -----------------------------------------------------------------------------


def test_recall_counts_hits_in_the_first_k_over_at_most_k() -> None:
    assert metrics.recall_at_k([1, 2, 3], {2, 9}, 3) == 0.5
    assert metrics.recall_at_k([1, 2, 3], {3}, 2) == 0.0  # beyond k
    assert metrics.recall_at_k([1, 2], set(range(20)), 2) == 1.0  # all slots right
    assert metrics.recall_at_k([1], set(), 10) == 0.0


def test_ndcg_rewards_a_hit_higher_up() -> None:
    assert metrics.ndcg_at_k([7, 1, 2], {7}, 3) == 1.0
    lower = metrics.ndcg_at_k([1, 2, 7], {7}, 3)
    assert lower == pytest.approx(1 / np.log2(4))
    assert metrics.ndcg_at_k([1, 7], {7, 8}, 2) == pytest.approx(
        (1 / np.log2(3)) / (1 + 1 / np.log2(3))
    )


def test_the_time_split_tests_only_products_new_to_the_member_after_the_cut_off() -> None:
    cut = T0 + timedelta(days=10)
    events = [
        (1, 10, T0),
        (1, 10, cut + timedelta(days=1)),  # bought again: already known, not a test item
        (1, 11, cut + timedelta(days=2)),
        (2, 12, cut),  # at the cut-off: test
        (3, 13, T0 + timedelta(days=3)),
    ]
    train, test = metrics.time_split(events, cut)
    assert [e[1] for e in train] == [10, 13]
    assert test == {1: {11}, 2: {12}}
    # a consumable bought again after the cut-off is what a list may show: tested
    assert metrics.time_split(events, cut, again={10})[1] == {1: {10, 11}, 2: {12}}


def test_mean_at_k_counts_a_member_without_a_list_as_a_miss() -> None:
    recall, ndcg = metrics.mean_at_k({1: [5, 6]}, {1: {5}, 2: {7}}, 10)
    assert recall == 0.5 and ndcg == 0.5


# -- the model ----------------------------------------------------------------------------


NOW = T0 + timedelta(days=60)


def _fit(purchases: list[tuple[int, int]], views: list[tuple[int, int, datetime]]) -> model.Fitted:
    return model.fit(purchases, views, view_weight=0.3, view_half_life_days=7.0, now=NOW)


def test_a_view_weighs_less_the_older_it_is_and_repeats_count_once() -> None:
    weights = model.view_weights(
        [NOW, NOW - timedelta(days=7), NOW - timedelta(days=14)],
        now=NOW,
        view_weight=0.3,
        half_life_days=7.0,
    )
    assert weights.tolist() == pytest.approx([0.3, 0.15, 0.075])
    old, fresh = NOW - timedelta(days=14), NOW - timedelta(days=1)
    fitted = _fit([(1, 10)], [(1, 11, old), (1, 11, fresh), (1, 11, old), (1, 10, fresh)])
    row = fitted.weights[0].toarray().ravel().tolist()
    # the freshest of the three views of 11; a view of a bought product adds nothing
    assert row == pytest.approx([1.0, 0.3 * 0.5 ** (1 / 7)])


def _planted() -> list[tuple[int, int]]:
    """Tents (1) go with sleeping bags (2); jackets (3) with beanies (4)."""
    pairs = []
    for member in range(100, 120):
        pairs += [(member, 1), (member, 2)]
    for member in range(200, 220):
        pairs += [(member, 3), (member, 4)]
    return [*pairs, (300, 1), (301, 3)]


def test_item_to_item_puts_the_planted_complement_first() -> None:
    fitted = _fit(_planted(), [])
    everything = np.ones(len(fitted.product_ids), dtype=bool)
    picks = dict(
        model.member_picks(
            fitted, member_blend=0.0, k=3, consumable=~everything, sellable=everything
        )
    )
    assert picks[300][0].product_id == 2 and picks[300][0].why == model.BOUGHT_TOGETHER
    assert picks[301][0].product_id == 4
    assert all(p.product_id != 1 for p in picks[300])  # never what they bought


def test_member_similarity_is_blended_in_and_says_so() -> None:
    fitted = _fit(_planted(), [])
    everything = np.ones(len(fitted.product_ids), dtype=bool)
    picks = dict(
        model.member_picks(
            fitted, member_blend=1.0, k=3, consumable=~everything, sellable=everything
        )
    )
    assert picks[300][0].product_id == 2 and picks[300][0].why == model.SIMILAR_MEMBERS


def test_views_weigh_in_but_a_view_is_not_a_purchase() -> None:
    views = [(400, 3, NOW)]
    fitted = _fit(_planted(), views)
    everything = np.ones(len(fitted.product_ids), dtype=bool)
    picks = dict(
        model.member_picks(
            fitted, member_blend=0.0, k=3, consumable=~everything, sellable=everything
        )
    )
    # only viewed the jacket: its complement comes first, and the jacket may still be offered
    assert picks[400][0].product_id == 4
    assert fitted.bought[list(fitted.member_ids).index(400)].nnz == 0


def test_a_fresh_view_of_a_product_not_bought_leads_and_says_so() -> None:
    views = [(400, 3, NOW - timedelta(days=1)), (401, 3, NOW - timedelta(days=60))]
    fitted = _fit([*_planted(), (401, 1)], views)
    everything = np.ones(len(fitted.product_ids), dtype=bool)
    picks = dict(
        model.member_picks(
            fitted,
            member_blend=0.3,
            viewed_weight=3.0,
            k=3,
            consumable=~everything,
            sellable=everything,
        )
    )
    assert (picks[400][0].product_id, picks[400][0].why) == (3, model.VIEWED)
    assert picks[400][1].why == model.BOUGHT_TOGETHER  # the beanie, which goes with it
    # two months old: the tent's sleeping bag leads, the old view comes after it
    assert picks[401][0].product_id == 2 and picks[401][0].why == model.BOUGHT_TOGETHER
    assert all(p.product_id != 1 for p in picks[401])  # bought, not consumable
    # nothing was viewed by the tent buyers: no pick of theirs says viewed
    assert all(p.why != model.VIEWED for p in picks[300])


def test_consumables_come_back_and_unsellable_products_never_do() -> None:
    fitted = _fit(_planted(), [])
    products = list(fitted.product_ids)
    consumable = np.array([p == 1 for p in products])
    sellable = np.array([p != 2 for p in products])
    picks = dict(
        model.member_picks(fitted, member_blend=0.5, k=5, consumable=consumable, sellable=sellable)
    )
    # bought both; the consumable comes back, the unsellable one never
    assert [p.product_id for p in picks[100]] == [1]
    assert 2 not in {p.product_id for p in picks[300]}


def test_bought_together_lists_each_products_co_buys() -> None:
    fitted = _fit(_planted(), [])
    everything = np.ones(len(fitted.product_ids), dtype=bool)
    together = dict(model.bought_together(fitted, k=2, sellable=everything))
    assert [p.product_id for p in together[1]] == [2]
    assert [p.product_id for p in together[3]] == [4]


def test_rescore_sums_the_owned_products_neighbours_and_skips_the_owned() -> None:
    neighbours = {1: [(2, 0.9), (5, 0.2)], 3: [(4, 0.8), (5, 0.3)]}
    picks = model.rescore([1, 3], neighbours, k=3, skip={1, 3})
    assert [p.product_id for p in picks] == [2, 4, 5]
    assert picks[0].score == 1.0 and {p.why for p in picks} == {model.BOUGHT_TOGETHER}
    assert [p.product_id for p in model.rescore([1], neighbours, k=3, skip={2})] == [5]


def test_popular_ranks_by_buyers_then_id() -> None:
    picks = model.popular({7: 3, 5: 3, 9: 10}, k=2)
    assert [p.product_id for p in picks] == [9, 5]
    assert {p.why for p in picks} == {model.POPULAR_NEARBY}


# -- what may be shown ----------------------------------------------------------------------


def test_choose_never_shows_bought_inactive_out_of_stock_or_limited_items() -> None:
    offers = {
        1: _offer(1, _sku(11, free=3)),  # bought before
        2: _offer(2, _sku(21, free=0)),  # out of stock at the store
        3: _offer(3, _sku(31, free=2, limit=1)),  # limit reached by earlier purchases
        4: _offer(4, _sku(41, free=0), _sku(42, free=5)),  # one size left
        6: _offer(6, _sku(61, free=1)),
        # 5: not on sale (no offer)
    }
    bought = Bought(frozenset({1, 3}), {11: 1, 31: 1})
    candidates = [Candidate(p, "bought_together") for p in (1, 2, 3, 5, 4, 6, 4)]
    chosen = choose(candidates, offers, bought=bought, consumable=(), limit=5)
    assert [(c.product_id, c.sku_ids) for c in chosen] == [(4, [42]), (6, [61])]


def test_a_consumable_comes_back_until_its_limit_and_excluded_products_never() -> None:
    offers = {
        1: _offer(1, _sku(11), category="accessories"),
        2: _offer(2, _sku(21, limit=2), category="accessories"),
        3: _offer(3, _sku(31)),
    }
    bought = Bought(frozenset({1, 2}), {11: 4, 21: 2})
    candidates = [Candidate(p, "popular_nearby") for p in (1, 2, 3)]
    chosen = choose(
        candidates, offers, bought=bought, consumable={"accessories"}, excluded={3}, limit=3
    )
    assert [c.product_id for c in chosen] == [1]
    assert chosen[0].why == "popular_nearby" and chosen[0].price_fen == 10011


def test_choose_stops_at_the_limit() -> None:
    offers = {p: _offer(p, _sku(p * 10)) for p in range(1, 6)}
    bought = Bought(frozenset(), {})
    chosen = choose(
        [Candidate(p, "similar_members") for p in range(1, 6)],
        offers,
        bought=bought,
        consumable=(),
        limit=2,
    )
    assert [c.product_id for c in chosen] == [1, 2]


# -- the wall -----------------------------------------------------------------------------


def test_a_purchase_within_seven_days_of_being_shown_counts_once_per_showing() -> None:
    shown = [
        (1, 10, "mini_program", T0),
        (1, 11, "mini_program", T0),
        (2, 10, "order_confirmation", T0),
    ]
    bought = [
        (1, 10, T0 + timedelta(days=6)),
        (1, 11, T0 + timedelta(days=8)),  # too late
        (2, 10, T0 - timedelta(days=1)),  # before it was shown
    ]
    figures = conversions(shown, bought)
    assert figures["mini_program"] == (2, 1)
    assert figures["order_confirmation"] == (1, 0)
    assert figures["member_360"] == (0, 0)
