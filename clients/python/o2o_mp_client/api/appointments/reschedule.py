from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.appointment_move import AppointmentMove
from ...models.error_body import ErrorBody
from ...models.shopper_appointment_read import ShopperAppointmentRead
from ...types import Response


def _get_kwargs(
    appointment_id: int,
    *,
    body: AppointmentMove,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mp/v1/appointments/{appointment_id}/reschedule".format(
            appointment_id=quote(str(appointment_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ShopperAppointmentRead | None:
    if response.status_code == 200:
        response_200 = ShopperAppointmentRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorBody.from_dict(response.json())

        return response_409

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
) -> Response[ErrorBody | ShopperAppointmentRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    appointment_id: int,
    *,
    client: AuthenticatedClient,
    body: AppointmentMove,
) -> Response[ErrorBody | ShopperAppointmentRead]:
    """Reschedule

    Args:
        appointment_id (int):
        body (AppointmentMove):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ShopperAppointmentRead]
    """

    kwargs = _get_kwargs(
        appointment_id=appointment_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    appointment_id: int,
    *,
    client: AuthenticatedClient,
    body: AppointmentMove,
) -> ErrorBody | ShopperAppointmentRead | None:
    """Reschedule

    Args:
        appointment_id (int):
        body (AppointmentMove):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ShopperAppointmentRead
    """

    return sync_detailed(
        appointment_id=appointment_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    appointment_id: int,
    *,
    client: AuthenticatedClient,
    body: AppointmentMove,
) -> Response[ErrorBody | ShopperAppointmentRead]:
    """Reschedule

    Args:
        appointment_id (int):
        body (AppointmentMove):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ShopperAppointmentRead]
    """

    kwargs = _get_kwargs(
        appointment_id=appointment_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    appointment_id: int,
    *,
    client: AuthenticatedClient,
    body: AppointmentMove,
) -> ErrorBody | ShopperAppointmentRead | None:
    """Reschedule

    Args:
        appointment_id (int):
        body (AppointmentMove):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ShopperAppointmentRead
    """

    return (
        await asyncio_detailed(
            appointment_id=appointment_id,
            client=client,
            body=body,
        )
    ).parsed
