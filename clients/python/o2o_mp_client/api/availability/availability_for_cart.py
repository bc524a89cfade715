from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.availability import Availability
from ...models.availability_query import AvailabilityQuery
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: AvailabilityQuery,
    x_device_id: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_device_id, Unset):
        headers["X-Device-Id"] = x_device_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mp/v1/availability",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Availability | ErrorBody | None:
    if response.status_code == 200:
        response_200 = Availability.from_dict(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

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
) -> Response[Availability | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AvailabilityQuery,
    x_device_id: None | str | Unset = UNSET,
) -> Response[Availability | ErrorBody]:
    """Availability For Cart

    Args:
        x_device_id (None | str | Unset):
        body (AvailabilityQuery): Where can this cart be had, near a point.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Availability | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_device_id=x_device_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AvailabilityQuery,
    x_device_id: None | str | Unset = UNSET,
) -> Availability | ErrorBody | None:
    """Availability For Cart

    Args:
        x_device_id (None | str | Unset):
        body (AvailabilityQuery): Where can this cart be had, near a point.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Availability | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        x_device_id=x_device_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AvailabilityQuery,
    x_device_id: None | str | Unset = UNSET,
) -> Response[Availability | ErrorBody]:
    """Availability For Cart

    Args:
        x_device_id (None | str | Unset):
        body (AvailabilityQuery): Where can this cart be had, near a point.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Availability | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_device_id=x_device_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AvailabilityQuery,
    x_device_id: None | str | Unset = UNSET,
) -> Availability | ErrorBody | None:
    """Availability For Cart

    Args:
        x_device_id (None | str | Unset):
        body (AvailabilityQuery): Where can this cart be had, near a point.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Availability | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_device_id=x_device_id,
        )
    ).parsed
