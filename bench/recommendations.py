"""Suggestions: quality on the demo brand's history against a popularity baseline, the
full retrain's time, and the API's throughput against the bare endpoint.

Quality, by a time split (``services.recommendations.metrics``): the model is fitted on
every purchase and view before a cut-off ``BENCH_RECS_TEST_DAYS`` (30) days before the
last purchase (views after it are never read); each member's list (their picks, then
popular nearby, as the API fills it; never what they bought, unless consumable) is judged
against what they bought after it that a list may show (new to them, or consumable):
recall@10 and NDCG@10 (``without_viewed``: the same blend without a viewed product's own
score). The baseline in the same run: the products most
members bought in the same window before the cut-off, with the same exclusions. Each
member-similarity blend in ``BLENDS`` is measured; the best is reported (``blends`` has
all; the setting's default follows it).

Latency: ``GET /mp/v1/me/recommendations`` (half with ``?store_id=``) for random demo
members against the bare endpoint on the same server settings, both served at once and
taking turns in ``BENCH_ROUNDS`` slices (api, bare, bare, api, ...) so the shared
machine's drifting load counts against both (``ratio`` = rps / baseline rps over all
slices; ``slice_ratios`` per pair). ``p50_ms``/``p99_ms``: a paced pass of
``LATENCY_CONCURRENCY`` (4) shoppers at once after it, for the API and the bare endpoint
(``baseline_latency_p99_ms``); the saturated slices' own are ``saturated_p50_ms``/``_p99_ms``
(there a request mostly waits its turn for the 2 cores: the bare endpoint's p99 is
tens of ms too).
``BENCH_RECS_REUSE=1`` reuses the previous run's seeded servers; ``BENCH_RECS_QUALITY_ONLY=1``
measures quality and the retrain only (no load).
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import numpy as np
from sqlalchemy import text

from bench import harness
from bench.harness import LoadResult, Request, load, serve, servers, write_results
from bench.product_views import merged

K = 10
BLENDS = (0.0, 0.3, 0.5, 1.0)
TEST_DAYS = int(os.environ.get("BENCH_RECS_TEST_DAYS", "30"))
MEMBERS = harness.sized(2000, override="BENCH_RECS_MEMBERS", minimum=200)
CONCURRENCY = 32
DURATION = harness.sized(10.0, override="BENCH_DURATION", minimum=2.0)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
LATENCY_CONCURRENCY = 4
LATENCY_SECONDS = float(os.environ.get("BENCH_RECS_LATENCY_SECONDS", "4"))


def _quality(session: Any, settings: Any) -> dict[str, Any]:
    from services.feedback.client import LocalFeedbackClient
    from services.platform.db import utcnow
    from services.recommendations import metrics, model
    from services.recommendations.history import purchases
    from services.recommendations.training import on_sale_categories

    now = utcnow()
    bought = purchases(session, until=now)
    last = max(p.paid_at for p in bought)
    cut = last - timedelta(days=TEST_DAYS)
    events = [(p.member_id, p.product_id, p.paid_at) for p in bought]
    categories = on_sale_categories(session, [e[1] for e in events])
    consumable_categories = set(settings.recommendations_consumable_categories)
    again = {p for p, c in categories.items() if c in consumable_categories}
    train, test = metrics.time_split(events, cut, again=again)
    # Views before the cut-off only: what the shopper looked at after it is the test's.
    views = LocalFeedbackClient(session).product_views(since=None, until=cut)
    owned: dict[int, set[int]] = {}
    for member, product, _ in train:
        owned.setdefault(member, set()).add(product)
    recent = cut - timedelta(days=settings.recommendations_popular_days)
    counts = Counter(p for _, p in {(m, p) for m, p, at in train if at >= recent})
    ranked = model.popular(dict(counts), k=200)
    popular = [p.product_id for p in ranked if p.product_id in categories]

    def allowed(member: int, product: int) -> bool:
        has = product in owned.get(member, set())
        return product in categories and (not has or categories[product] in consumable_categories)

    def popular_for(member: int) -> list[int]:
        return [p for p in popular if allowed(member, p)][:K]

    baseline_lists = {m: popular_for(m) for m in test}
    base_recall, base_ndcg = metrics.mean_at_k(baseline_lists, test, K)
    fitted = model.fit(
        [(m, p) for m, p, _ in train],
        views,
        view_weight=settings.recommendations_view_weight,
        view_half_life_days=settings.recommendations_view_half_life_days,
        now=cut,
    )
    products = fitted.product_ids.tolist()
    sellable = np.array([p in categories for p in products])
    consumable = np.array([categories.get(p) in consumable_categories for p in products])

    def judged(blend: float, viewed_weight: float) -> dict[str, float]:
        lists: dict[int, list[int]] = {}
        for member, picks in model.member_picks(
            fitted,
            member_blend=blend,
            viewed_weight=viewed_weight,
            k=K,
            consumable=consumable,
            sellable=sellable,
        ):
            if member in test:
                mine = [p.product_id for p in picks]
                lists[member] = (mine + [p for p in popular_for(member) if p not in mine])[:K]
        for member in test:
            lists.setdefault(member, popular_for(member))
        recall, ndcg = metrics.mean_at_k(lists, test, K)
        return {"recall_at_10": round(recall, 4), "ndcg_at_10": round(ndcg, 4)}

    viewed_weight = settings.recommendations_viewed_weight
    blends = {str(blend): judged(blend, viewed_weight) for blend in BLENDS}
    best = max(blends, key=lambda b: (blends[b]["recall_at_10"], blends[b]["ndcg_at_10"]))
    return {
        "recall_at_10": blends[best]["recall_at_10"],
        "ndcg_at_10": blends[best]["ndcg_at_10"],
        "baseline_recall_at_10": round(base_recall, 4),
        "baseline_ndcg_at_10": round(base_ndcg, 4),
        "lift": round(blends[best]["recall_at_10"] / base_recall, 3) if base_recall else None,
        "member_blend": float(best),
        "blends": blends,
        "viewed_weight": viewed_weight,
        # The same blend without a viewed product's own score: what that part adds.
        "without_viewed": judged(float(best), 0.0),
        "cut_off": cut.isoformat(),
        "train_purchases": len(train),
        "test_members": len(test),
        "views": len(views),
    }


def main() -> None:
    # BENCH_RECS_REUSE=1 keeps the last run's servers and demo data (the seed then adds nothing).
    with servers("recommendations", fresh=os.environ.get("BENCH_RECS_REUSE") != "1") as found:
        # Imported once the servers' URLs are in the environment (settings are read once).
        from server.seed import seed_demo
        from services.platform.auth import Principal, issue_token
        from services.platform.db import utcnow
        from services.platform.settings import get_settings
        from services.platform.uow import UnitOfWork
        from services.recommendations import training

        seed_demo(seed=20261122, members=MEMBERS)
        settings = get_settings()
        with UnitOfWork() as uow:
            quality = _quality(uow.session, settings)
        started = time.perf_counter()
        with UnitOfWork() as uow:
            trained = training.train(uow.session, settings=settings, now=utcnow())
            uow.commit()
        retrain_s = time.perf_counter() - started
        if os.environ.get("BENCH_RECS_QUALITY_ONLY") == "1":  # no load: the model's figures
            write_results("recommendations", {**quality, "retrain_s": round(retrain_s, 2)})
            return
        engine = found.engine()
        with engine.connect() as connection:
            members = list(connection.execute(text("SELECT id FROM members.members")).scalars())
            stores = list(
                connection.execute(
                    text("SELECT id FROM stores.stores WHERE status = 'open'")
                ).scalars()
            )
        engine.dispose()
        rng = random.Random(28)
        tokens = [
            "Bearer " + issue_token(Principal("shopper", m), settings)
            for m in rng.sample(members, min(2000, len(members)))
        ]

        def ask(i: int) -> Request:
            path = "/mp/v1/me/recommendations"
            if i % 2:
                path += f"?store_id={rng.choice(stores)}"
            return Request("GET", path, headers={"Authorization": tokens[i % len(tokens)]})

        env = found.env()
        slices: dict[str, list[LoadResult]] = {"api": [], "bare": []}
        cpu = {"api": 0.0, "bare": 0.0}
        with (
            serve("server.app:create_app", env, factory=True) as api,
            serve("server.baseline:app", env, factory=False) as bare_server,
        ):
            bare_get: Callable[[int], Request] = lambda i: Request("GET", "/baseline")  # noqa: E731
            sides = {"api": (api, ask), "bare": (bare_server, bare_get)}
            for server, make in sides.values():  # both warm before anything is counted
                load(server.base_url, make, concurrency=CONCURRENCY, total=400, warmup=0)
            # Turns (api, bare, bare, api, ...): the machine's drifting load falls on both.
            for n in range(ROUNDS):
                for side in ("api", "bare") if n % 2 == 0 else ("bare", "api"):
                    server, make = sides[side]
                    before = server.cpu_seconds()
                    slices[side].append(
                        load(
                            server.base_url,
                            make,
                            concurrency=CONCURRENCY,
                            duration=DURATION / ROUNDS,
                            warmup=0,
                        )
                    )
                    cpu[side] += server.cpu_seconds() - before
            # Latency as a shopper meets it: a few at once, not the saturating crowd
            # above (under it even the bare endpoint's p99 is tens of ms: queueing).
            paced = {
                side: load(
                    server.base_url,
                    make,
                    concurrency=LATENCY_CONCURRENCY,
                    duration=LATENCY_SECONDS,
                    warmup=0,
                )
                for side, (server, make) in sides.items()
            }
        result, bare = merged(slices["api"]), merged(slices["bare"])
    summary = result.summary()
    latency, bare_latency = paced["api"].summary(), paced["bare"].summary()
    write_results(
        "recommendations",
        {
            **quality,
            "retrain_s": round(retrain_s, 2),
            "trained_members": trained.members,
            "trained_purchases": trained.purchases,
            "rps": summary["rps"],
            "baseline_rps": round(bare.rps, 1),
            "baseline_p99_ms": bare.summary()["p99_ms"],
            "ratio": round(result.rps / bare.rps, 3) if bare.rps else 0.0,
            "slice_ratios": [
                round(a.rps / b.rps, 3) for a, b in zip(slices["api"], slices["bare"], strict=True)
            ],
            # API workers' CPU per answered request (user + system; PostgreSQL's is not in it).
            "cpu_ms_per_request": round(1000 * cpu["api"] / max(result.count, 1), 3),
            "baseline_cpu_ms_per_request": round(1000 * cpu["bare"] / max(bare.count, 1), 3),
            "p50_ms": latency["p50_ms"],
            "p99_ms": latency["p99_ms"],
            "latency_concurrency": LATENCY_CONCURRENCY,
            "latency_rps": latency["rps"],
            "baseline_latency_p99_ms": bare_latency["p99_ms"],
            "saturated_p50_ms": summary["p50_ms"],
            "saturated_p99_ms": summary["p99_ms"],
            "statuses": {str(k): v for k, v in sorted(result.statuses.items())},
            "concurrency": CONCURRENCY,
        },
    )


if __name__ == "__main__":
    main()
