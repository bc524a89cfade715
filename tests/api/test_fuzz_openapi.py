"""Property-based walk of every operation in the app's OpenAPI document: no input is a 5xx.

Schemathesis generates requests from the document itself, so an endpoint added later is
walked without touching this file. Three passes: valid requests; invalid ones (wrong types,
out-of-range values, missing fields); and "hostile" ones from a copy of the document whose
ids and free text are drawn from the values that made 500s (integers beyond PostgreSQL's,
NUL, "²", a lone surrogate). Each request is sent as an anonymous caller, a shopper, a guide
and an HQ manager; every 4xx must carry the one JSON error shape. Derandomized (the same
requests every run) with a small budget per operation; each pass is walked in shares
that parallel workers take side by side.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core import NOT_SET
from schemathesis.core.result import Ok

from tests import factories
from tests.shop import open_shop, place_order

_keys = itertools.count(1)
INT4_MAX = 2**31 - 1  # PostgreSQL's integer
SKIP = {"GET /metrics"}  # Prometheus text, not an API answer

# The two classes of input that made 500s, offered for every integer and free-text field of
# a copy of the document (with harmless values mixed in, so the rest of a request stays valid).
HOSTILE_INTEGERS = [2**31, -(2**31) - 1, 2**63, 10**20, 355687428096001, 1]
HOSTILE_TEXT = ["a\x00b", "\x00", "²", "٣٣٣٣٣٣", "ok"]
# A lone surrogate cannot travel in a URL, nor through schemathesis: a marker, escaped on sending.
SURROGATE = "<lone surrogate>"
HOSTILE_BODY_TEXT = [*HOSTILE_TEXT, SURROGATE]


def _hostile(node: Any, text: list[str]) -> Any:
    """The schema with each wide integer and each free string drawn from the hostile values.

    Narrow integers (a quantity up to 99, a page size) keep their range, so that a request
    carrying a hostile id is otherwise valid more often.
    """
    if isinstance(node, list):
        return [_hostile(item, text) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "integer" and node.get("maximum", INT4_MAX) >= INT4_MAX:
        return {"type": "integer", "enum": HOSTILE_INTEGERS}
    if node.get("type") == "string" and not {"enum", "const", "format"} & node.keys():
        return {"type": "string", "enum": text}
    return {key: _hostile(value, text) for key, value in node.items()}


def hostile_document(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the OpenAPI document whose valid requests carry the hostile values."""
    hostile = copy.deepcopy(document)
    for operations in hostile["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query"):  # no server takes a NUL in a header
                    parameter["schema"] = _hostile(parameter["schema"], HOSTILE_TEXT)
                    parameter["required"] = True  # optional filters carry them every time
            if "requestBody" in operation:
                operation["requestBody"] = _hostile(operation["requestBody"], HOSTILE_BODY_TEXT)
    schemas = hostile.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        schemas[name] = _hostile(schema, HOSTILE_BODY_TEXT)
    return hostile


# Examples per operation and pass; each is sent four times (once per role).
PASSES = {"positive": 6, "negative": 3, "hostile": 8}
MODES = {
    "positive": GenerationMode.POSITIVE,
    "negative": GenerationMode.NEGATIVE,
    "hostile": GenerationMode.POSITIVE,
}


# "operation (pass)" -> role -> the first bad answer, with the request that made it.
Failures = dict[str, dict[str, str]]


@dataclass
class World:
    client: TestClient
    roles: dict[str, dict[str, str]]
    order_number: str


@pytest.fixture
def world(db: dict[str, str]) -> Iterator[World]:
    from server.app import create_app

    # A little real data so generated ids (hypothesis favours small ones: 1, 2...) resolve.
    shop = open_shop(units=1000)
    factories.touchpoint("store_entrance", region_id=shop.region_id, store_id=shop.store_id)
    factories.touchpoint("guide_card", region_id=shop.region_id, guide_id=shop.guide_id)
    number = place_order(shop)
    hq = factories.manager([], hq=True)
    roles = {
        "anonymous": {},
        "shopper": shop.shopper(),
        "guide": shop.guide(),
        "manager": factories.manager_headers(hq.id, hq=True),
    }
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield World(client=client, roles=roles, order_number=number)


def _send(client: TestClient, case: Any, auth: dict[str, str], *, keyed: bool) -> Any:
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    headers = {k: v for k, v in (kwargs.get("headers") or {}).items() if k.lower() != "user-agent"}
    headers.update(auth)
    if keyed and not any(k.lower() == "idempotency-key" for k in headers):
        headers["Idempotency-Key"] = f"fuzz-{next(_keys)}"  # so creates get as far as the data
    content: bytes | None = None
    if isinstance(case.body, bytes):  # a deliberately malformed payload
        content = case.body
    elif case.body is not NOT_SET:
        # Escaped JSON, as client libraries send it (a NUL or lone surrogate stays a \u escape).
        content = json.dumps(case.body).replace(SURROGATE, "\\udfff").encode()
    if content is not None:
        headers.setdefault("Content-Type", case.media_type or "application/json")
    return client.request(
        case.method,
        kwargs["url"],
        params=kwargs.get("params"),
        headers=headers,
        content=content,
    )


def _problem(response: Any) -> str | None:
    """What is wrong with an answer, or None."""
    if response.status_code >= 500:
        return f"{response.status_code} {response.text[:300]}"
    if response.status_code >= 400:
        try:
            error = response.json()["error"]
            assert set(error) == {"code", "message", "details"}
            assert isinstance(error["code"], str) and error["code"]
        except Exception:
            return f"{response.status_code} without the error shape: {response.text[:300]}"
    return None


def _has_inputs(operation: Any) -> bool:
    definition = operation.definition.raw
    return bool(definition.get("parameters") or definition.get("requestBody"))


def _walk(world: World, operation: Any, walk: str, failures: Failures) -> None:
    mode = MODES[walk]
    if walk != "positive" and not _has_inputs(operation):
        return  # nothing to make invalid or hostile
    strategy = operation.as_strategy(generation_mode=mode)
    if "{number}" in operation.path:  # some cases name the real order, to get past the lookup
        strategy = st.one_of(
            strategy,
            operation.as_strategy(
                generation_mode=mode, path_parameters={"number": world.order_number}
            ),
        )

    @settings(
        max_examples=PASSES[walk],
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def requests(case: Any) -> None:
        for role, auth in world.roles.items():
            problem = _problem(_send(world.client, case, auth, keyed=walk == "hostile"))
            if problem is not None:
                example = (
                    f"path={case.formatted_path!r} query={case.query!r} "
                    f"body={case.body if case.body is not NOT_SET else None!r}: {problem}"
                )
                failures.setdefault(f"{operation.label} ({walk})", {}).setdefault(role, example)

    with contextlib.suppress(Unsatisfiable):  # no invalid value exists (an optional flag)
        requests()


#: Each pass's operations are walked in this many shares, each a test of its own, so that
#: parallel workers split the walk; every operation is still walked in every pass.
SHARES = 3


@pytest.mark.slow
@pytest.mark.parametrize("share", range(SHARES))
@pytest.mark.parametrize("walk", list(PASSES))
def test_no_input_makes_a_server_error(world: World, walk: str, share: int) -> None:
    document = world.client.app.openapi()  # type: ignore[attr-defined]
    schema = schemathesis.openapi.from_dict(
        hostile_document(document) if walk == "hostile" else document
    )
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the document has an operation it cannot walk: {result}"
        if result.ok().label not in SKIP:
            operations.append(result.ok())
    assert len(operations) >= 40, [operation.label for operation in operations]
    failures: Failures = {}
    for operation in operations[share::SHARES]:
        _walk(world, operation, walk, failures)
    report = [
        f"{where} as {role}: {example}"
        for where, by_role in sorted(failures.items())
        for role, example in by_role.items()
    ]
    assert not failures, f"{len(failures)} operations answered badly:\n" + "\n".join(report)
