from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.guide_profile import GuideProfile
from ...types import Response


def _get_kwargs(
    guide_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/mp/v1/guides/{guide_id}".format(
            guide_id=quote(str(guide_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | GuideProfile | None:
    if response.status_code == 200:
        response_200 = GuideProfile.from_dict(response.json())

        return response_200

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
) -> Response[ErrorBody | GuideProfile]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    guide_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorBody | GuideProfile]:
    """Guide Profile

     A guide's name, store, services and next free slots (the card QR leads here).

    Args:
        guide_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GuideProfile]
    """

    kwargs = _get_kwargs(
        guide_id=guide_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    guide_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorBody | GuideProfile | None:
    """Guide Profile

     A guide's name, store, services and next free slots (the card QR leads here).

    Args:
        guide_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GuideProfile
    """

    return sync_detailed(
        guide_id=guide_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    guide_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorBody | GuideProfile]:
    """Guide Profile

     A guide's name, store, services and next free slots (the card QR leads here).

    Args:
        guide_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | GuideProfile]
    """

    kwargs = _get_kwargs(
        guide_id=guide_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    guide_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorBody | GuideProfile | None:
    """Guide Profile

     A guide's name, store, services and next free slots (the card QR leads here).

    Args:
        guide_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | GuideProfile
    """

    return (
        await asyncio_detailed(
            guide_id=guide_id,
            client=client,
        )
    ).parsed
