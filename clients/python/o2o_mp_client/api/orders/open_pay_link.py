from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.order_read import OrderRead
from ...models.pay_link_open import PayLinkOpen
from ...types import Response


def _get_kwargs(
    *,
    body: PayLinkOpen,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mp/v1/pay-links",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | OrderRead | None:
    if response.status_code == 200:
        response_200 = OrderRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

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
) -> Response[ErrorBody | OrderRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PayLinkOpen,
) -> Response[ErrorBody | OrderRead]:
    """Open Pay Link

     The order a guide's payment link names, with its payment, for the member it was
    made for only; pay it as any order (the intent's `client_secret`; in development
    `POST /orders/{number}/simulate-payment`).

    Args:
        body (PayLinkOpen): The ``link`` parameter of the pay page the member opened.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | OrderRead]
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
    body: PayLinkOpen,
) -> ErrorBody | OrderRead | None:
    """Open Pay Link

     The order a guide's payment link names, with its payment, for the member it was
    made for only; pay it as any order (the intent's `client_secret`; in development
    `POST /orders/{number}/simulate-payment`).

    Args:
        body (PayLinkOpen): The ``link`` parameter of the pay page the member opened.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | OrderRead
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PayLinkOpen,
) -> Response[ErrorBody | OrderRead]:
    """Open Pay Link

     The order a guide's payment link names, with its payment, for the member it was
    made for only; pay it as any order (the intent's `client_secret`; in development
    `POST /orders/{number}/simulate-payment`).

    Args:
        body (PayLinkOpen): The ``link`` parameter of the pay page the member opened.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | OrderRead]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PayLinkOpen,
) -> ErrorBody | OrderRead | None:
    """Open Pay Link

     The order a guide's payment link names, with its payment, for the member it was
    made for only; pay it as any order (the intent's `client_secret`; in development
    `POST /orders/{number}/simulate-payment`).

    Args:
        body (PayLinkOpen): The ``link`` parameter of the pay page the member opened.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | OrderRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
