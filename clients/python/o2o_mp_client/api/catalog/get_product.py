from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.product_page import ProductPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    product_id: int,
    *,
    x_device_id: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_device_id, Unset):
        headers["X-Device-Id"] = x_device_id

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/mp/v1/products/{product_id}".format(
            product_id=quote(str(product_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ProductPage | None:
    if response.status_code == 200:
        response_200 = ProductPage.from_dict(response.json())

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
) -> Response[ErrorBody | ProductPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    product_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_device_id: None | str | Unset = UNSET,
) -> Response[ErrorBody | ProductPage]:
    """Get Product

     A product on sale. The view joins the shopper's journey after the answer is sent
    (send ``X-Device-Id`` when not signed in, so a later login claims it).

    Args:
        product_id (int):
        x_device_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ProductPage]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        x_device_id=x_device_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_device_id: None | str | Unset = UNSET,
) -> ErrorBody | ProductPage | None:
    """Get Product

     A product on sale. The view joins the shopper's journey after the answer is sent
    (send ``X-Device-Id`` when not signed in, so a later login claims it).

    Args:
        product_id (int):
        x_device_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ProductPage
    """

    return sync_detailed(
        product_id=product_id,
        client=client,
        x_device_id=x_device_id,
    ).parsed


async def asyncio_detailed(
    product_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_device_id: None | str | Unset = UNSET,
) -> Response[ErrorBody | ProductPage]:
    """Get Product

     A product on sale. The view joins the shopper's journey after the answer is sent
    (send ``X-Device-Id`` when not signed in, so a later login claims it).

    Args:
        product_id (int):
        x_device_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ProductPage]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        x_device_id=x_device_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_device_id: None | str | Unset = UNSET,
) -> ErrorBody | ProductPage | None:
    """Get Product

     A product on sale. The view joins the shopper's journey after the answer is sent
    (send ``X-Device-Id`` when not signed in, so a later login claims it).

    Args:
        product_id (int):
        x_device_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ProductPage
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            client=client,
            x_device_id=x_device_id,
        )
    ).parsed
