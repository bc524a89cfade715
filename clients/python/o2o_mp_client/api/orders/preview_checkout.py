from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.checkout_preview import CheckoutPreview
from ...models.checkout_price_read import CheckoutPriceRead
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CheckoutPreview,
    x_device_id: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_device_id, Unset):
        headers["X-Device-Id"] = x_device_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mp/v1/checkout/preview",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CheckoutPriceRead | ErrorBody | None:
    if response.status_code == 200:
        response_200 = CheckoutPriceRead.from_dict(response.json())

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

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ErrorBody.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CheckoutPriceRead | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CheckoutPreview,
    x_device_id: None | str | Unset = UNSET,
) -> Response[CheckoutPriceRead | ErrorBody]:
    """Preview Checkout

    Args:
        x_device_id (None | str | Unset):
        body (CheckoutPreview): A cart, the points and the coupon to pay with: priced as ``POST
            /orders`` would price it.

            With a coupon, send what the order will send about where it is collected and who
            to credit (``store_id``; ``touchpoint_id``, ``guide_id``, ``share``): a coupon may
            hold for some stores, regions or channels only.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckoutPriceRead | ErrorBody]
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
    client: AuthenticatedClient,
    body: CheckoutPreview,
    x_device_id: None | str | Unset = UNSET,
) -> CheckoutPriceRead | ErrorBody | None:
    """Preview Checkout

    Args:
        x_device_id (None | str | Unset):
        body (CheckoutPreview): A cart, the points and the coupon to pay with: priced as ``POST
            /orders`` would price it.

            With a coupon, send what the order will send about where it is collected and who
            to credit (``store_id``; ``touchpoint_id``, ``guide_id``, ``share``): a coupon may
            hold for some stores, regions or channels only.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckoutPriceRead | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        x_device_id=x_device_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CheckoutPreview,
    x_device_id: None | str | Unset = UNSET,
) -> Response[CheckoutPriceRead | ErrorBody]:
    """Preview Checkout

    Args:
        x_device_id (None | str | Unset):
        body (CheckoutPreview): A cart, the points and the coupon to pay with: priced as ``POST
            /orders`` would price it.

            With a coupon, send what the order will send about where it is collected and who
            to credit (``store_id``; ``touchpoint_id``, ``guide_id``, ``share``): a coupon may
            hold for some stores, regions or channels only.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckoutPriceRead | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_device_id=x_device_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CheckoutPreview,
    x_device_id: None | str | Unset = UNSET,
) -> CheckoutPriceRead | ErrorBody | None:
    """Preview Checkout

    Args:
        x_device_id (None | str | Unset):
        body (CheckoutPreview): A cart, the points and the coupon to pay with: priced as ``POST
            /orders`` would price it.

            With a coupon, send what the order will send about where it is collected and who
            to credit (``store_id``; ``touchpoint_id``, ``guide_id``, ``share``): a coupon may
            hold for some stores, regions or channels only.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckoutPriceRead | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_device_id=x_device_id,
        )
    ).parsed
