from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.availability import Availability
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    items: str,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 10,
    x_device_id: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_device_id, Unset):
        headers["X-Device-Id"] = x_device_id

    params: dict[str, Any] = {}

    params["items"] = items

    params["lat"] = lat

    params["lon"] = lon

    params["radius_km"] = radius_km

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/mp/v1/availability",
        "params": params,
    }

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
    items: str,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 10,
    x_device_id: None | str | Unset = UNSET,
) -> Response[Availability | ErrorBody]:
    """Availability For Items

    Args:
        items (str): sku:qty pairs, e.g. 12:1,15:2
        lat (float):
        lon (float):
        radius_km (float | Unset):  Default: 20.0.
        limit (int | Unset):  Default: 10.
        x_device_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Availability | ErrorBody]
    """

    kwargs = _get_kwargs(
        items=items,
        lat=lat,
        lon=lon,
        radius_km=radius_km,
        limit=limit,
        x_device_id=x_device_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    items: str,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 10,
    x_device_id: None | str | Unset = UNSET,
) -> Availability | ErrorBody | None:
    """Availability For Items

    Args:
        items (str): sku:qty pairs, e.g. 12:1,15:2
        lat (float):
        lon (float):
        radius_km (float | Unset):  Default: 20.0.
        limit (int | Unset):  Default: 10.
        x_device_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Availability | ErrorBody
    """

    return sync_detailed(
        client=client,
        items=items,
        lat=lat,
        lon=lon,
        radius_km=radius_km,
        limit=limit,
        x_device_id=x_device_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    items: str,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 10,
    x_device_id: None | str | Unset = UNSET,
) -> Response[Availability | ErrorBody]:
    """Availability For Items

    Args:
        items (str): sku:qty pairs, e.g. 12:1,15:2
        lat (float):
        lon (float):
        radius_km (float | Unset):  Default: 20.0.
        limit (int | Unset):  Default: 10.
        x_device_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Availability | ErrorBody]
    """

    kwargs = _get_kwargs(
        items=items,
        lat=lat,
        lon=lon,
        radius_km=radius_km,
        limit=limit,
        x_device_id=x_device_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    items: str,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 10,
    x_device_id: None | str | Unset = UNSET,
) -> Availability | ErrorBody | None:
    """Availability For Items

    Args:
        items (str): sku:qty pairs, e.g. 12:1,15:2
        lat (float):
        lon (float):
        radius_km (float | Unset):  Default: 20.0.
        limit (int | Unset):  Default: 10.
        x_device_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Availability | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            items=items,
            lat=lat,
            lon=lon,
            radius_km=radius_km,
            limit=limit,
            x_device_id=x_device_id,
        )
    ).parsed
