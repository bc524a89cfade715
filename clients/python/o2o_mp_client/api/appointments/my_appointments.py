from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.my_appointments_when import MyAppointmentsWhen
from ...models.page_shopper_appointment_read import PageShopperAppointmentRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    when: MyAppointmentsWhen | Unset = MyAppointmentsWhen.UPCOMING,
    offset: int | Unset = 0,
    limit: int | Unset = 20,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_when: str | Unset = UNSET
    if not isinstance(when, Unset):
        json_when = when.value

    params["when"] = json_when

    params["offset"] = offset

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/mp/v1/appointments",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | PageShopperAppointmentRead | None:
    if response.status_code == 200:
        response_200 = PageShopperAppointmentRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

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
) -> Response[ErrorBody | PageShopperAppointmentRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    when: MyAppointmentsWhen | Unset = MyAppointmentsWhen.UPCOMING,
    offset: int | Unset = 0,
    limit: int | Unset = 20,
) -> Response[ErrorBody | PageShopperAppointmentRead]:
    """My Appointments

    Args:
        when (MyAppointmentsWhen | Unset):  Default: MyAppointmentsWhen.UPCOMING.
        offset (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | PageShopperAppointmentRead]
    """

    kwargs = _get_kwargs(
        when=when,
        offset=offset,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    when: MyAppointmentsWhen | Unset = MyAppointmentsWhen.UPCOMING,
    offset: int | Unset = 0,
    limit: int | Unset = 20,
) -> ErrorBody | PageShopperAppointmentRead | None:
    """My Appointments

    Args:
        when (MyAppointmentsWhen | Unset):  Default: MyAppointmentsWhen.UPCOMING.
        offset (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | PageShopperAppointmentRead
    """

    return sync_detailed(
        client=client,
        when=when,
        offset=offset,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    when: MyAppointmentsWhen | Unset = MyAppointmentsWhen.UPCOMING,
    offset: int | Unset = 0,
    limit: int | Unset = 20,
) -> Response[ErrorBody | PageShopperAppointmentRead]:
    """My Appointments

    Args:
        when (MyAppointmentsWhen | Unset):  Default: MyAppointmentsWhen.UPCOMING.
        offset (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | PageShopperAppointmentRead]
    """

    kwargs = _get_kwargs(
        when=when,
        offset=offset,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    when: MyAppointmentsWhen | Unset = MyAppointmentsWhen.UPCOMING,
    offset: int | Unset = 0,
    limit: int | Unset = 20,
) -> ErrorBody | PageShopperAppointmentRead | None:
    """My Appointments

    Args:
        when (MyAppointmentsWhen | Unset):  Default: MyAppointmentsWhen.UPCOMING.
        offset (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | PageShopperAppointmentRead
    """

    return (
        await asyncio_detailed(
            client=client,
            when=when,
            offset=offset,
            limit=limit,
        )
    ).parsed
