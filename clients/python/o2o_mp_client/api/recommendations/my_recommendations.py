from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.recommendation_list import RecommendationList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    store_id: int | None | Unset = UNSET,
    limit: int | Unset = 10,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_store_id: int | Unset | None
    if isinstance(store_id, Unset):
        json_store_id = UNSET
    else:
        json_store_id = store_id
    params["store_id"] = json_store_id

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/mp/v1/me/recommendations",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | RecommendationList | None:
    if response.status_code == 200:
        response_200 = RecommendationList.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ErrorBody.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ErrorBody.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | RecommendationList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    store_id: int | None | Unset = UNSET,
    limit: int | Unset = 10,
) -> Response[ErrorBody | RecommendationList]:
    """My Recommendations

     Suggestions for the shopper, each saying why (``bought_together``,
    ``similar_members``, ``popular_nearby``); never what they already bought (unless it is
    a consumable), nothing off sale, and with ``store_id`` nothing out of stock there.

    Args:
        store_id (int | None | Unset): Only what this open store can hand over today.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | RecommendationList]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    store_id: int | None | Unset = UNSET,
    limit: int | Unset = 10,
) -> ErrorBody | RecommendationList | None:
    """My Recommendations

     Suggestions for the shopper, each saying why (``bought_together``,
    ``similar_members``, ``popular_nearby``); never what they already bought (unless it is
    a consumable), nothing off sale, and with ``store_id`` nothing out of stock there.

    Args:
        store_id (int | None | Unset): Only what this open store can hand over today.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | RecommendationList
    """

    return sync_detailed(
        client=client,
        store_id=store_id,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    store_id: int | None | Unset = UNSET,
    limit: int | Unset = 10,
) -> Response[ErrorBody | RecommendationList]:
    """My Recommendations

     Suggestions for the shopper, each saying why (``bought_together``,
    ``similar_members``, ``popular_nearby``); never what they already bought (unless it is
    a consumable), nothing off sale, and with ``store_id`` nothing out of stock there.

    Args:
        store_id (int | None | Unset): Only what this open store can hand over today.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | RecommendationList]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    store_id: int | None | Unset = UNSET,
    limit: int | Unset = 10,
) -> ErrorBody | RecommendationList | None:
    """My Recommendations

     Suggestions for the shopper, each saying why (``bought_together``,
    ``similar_members``, ``popular_nearby``); never what they already bought (unless it is
    a consumable), nothing off sale, and with ``store_id`` nothing out of stock there.

    Args:
        store_id (int | None | Unset): Only what this open store can hand over today.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | RecommendationList
    """

    return (
        await asyncio_detailed(
            client=client,
            store_id=store_id,
            limit=limit,
        )
    ).parsed
