from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.nearby_stores import NearbyStores
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 20,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["lat"] = lat

    params["lon"] = lon

    params["radius_km"] = radius_km

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/mp/v1/stores",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | NearbyStores | None:
    if response.status_code == 200:
        response_200 = NearbyStores.from_dict(response.json())

        return response_200

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
) -> Response[ErrorBody | NearbyStores]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 20,
) -> Response[ErrorBody | NearbyStores]:
    """Open stores nearest a location, with distance in km

    Args:
        lat (float): latitude, WGS-84 degrees
        lon (float): longitude, WGS-84 degrees
        radius_km (float | Unset):  Default: 20.0.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | NearbyStores]
    """

    kwargs = _get_kwargs(
        lat=lat,
        lon=lon,
        radius_km=radius_km,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 20,
) -> ErrorBody | NearbyStores | None:
    """Open stores nearest a location, with distance in km

    Args:
        lat (float): latitude, WGS-84 degrees
        lon (float): longitude, WGS-84 degrees
        radius_km (float | Unset):  Default: 20.0.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | NearbyStores
    """

    return sync_detailed(
        client=client,
        lat=lat,
        lon=lon,
        radius_km=radius_km,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 20,
) -> Response[ErrorBody | NearbyStores]:
    """Open stores nearest a location, with distance in km

    Args:
        lat (float): latitude, WGS-84 degrees
        lon (float): longitude, WGS-84 degrees
        radius_km (float | Unset):  Default: 20.0.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | NearbyStores]
    """

    kwargs = _get_kwargs(
        lat=lat,
        lon=lon,
        radius_km=radius_km,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    lat: float,
    lon: float,
    radius_km: float | Unset = 20.0,
    limit: int | Unset = 20,
) -> ErrorBody | NearbyStores | None:
    """Open stores nearest a location, with distance in km

    Args:
        lat (float): latitude, WGS-84 degrees
        lon (float): longitude, WGS-84 degrees
        radius_km (float | Unset):  Default: 20.0.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | NearbyStores
    """

    return (
        await asyncio_detailed(
            client=client,
            lat=lat,
            lon=lon,
            radius_km=radius_km,
            limit=limit,
        )
    ).parsed
