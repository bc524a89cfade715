from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.recommendation_settings import RecommendationSettings
from ...types import Response


def _get_kwargs(
    *,
    body: RecommendationSettings,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/mp/v1/me/recommendations/settings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | RecommendationSettings | None:
    if response.status_code == 200:
        response_200 = RecommendationSettings.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 413:
        response_413 = ErrorBody.from_dict(response.json())

        return response_413

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
) -> Response[ErrorBody | RecommendationSettings]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RecommendationSettings,
) -> Response[ErrorBody | RecommendationSettings]:
    """Set Recommendation Settings

     ``personalised: false`` turns personal suggestions off (PIPL Art. 24): from the next
    answer every touchpoint shows only what is popular nearby.

    Args:
        body (RecommendationSettings): Personal suggestions on or off (PIPL Art. 24: the member
            may refuse them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | RecommendationSettings]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: RecommendationSettings,
) -> ErrorBody | RecommendationSettings | None:
    """Set Recommendation Settings

     ``personalised: false`` turns personal suggestions off (PIPL Art. 24): from the next
    answer every touchpoint shows only what is popular nearby.

    Args:
        body (RecommendationSettings): Personal suggestions on or off (PIPL Art. 24: the member
            may refuse them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | RecommendationSettings
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RecommendationSettings,
) -> Response[ErrorBody | RecommendationSettings]:
    """Set Recommendation Settings

     ``personalised: false`` turns personal suggestions off (PIPL Art. 24): from the next
    answer every touchpoint shows only what is popular nearby.

    Args:
        body (RecommendationSettings): Personal suggestions on or off (PIPL Art. 24: the member
            may refuse them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | RecommendationSettings]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: RecommendationSettings,
) -> ErrorBody | RecommendationSettings | None:
    """Set Recommendation Settings

     ``personalised: false`` turns personal suggestions off (PIPL Art. 24): from the next
    answer every touchpoint shows only what is popular nearby.

    Args:
        body (RecommendationSettings): Personal suggestions on or off (PIPL Art. 24: the member
            may refuse them).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | RecommendationSettings
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
