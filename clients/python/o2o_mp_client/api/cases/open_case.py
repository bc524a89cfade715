from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.case_create import CaseCreate
from ...models.case_mine import CaseMine
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    number: str,
    *,
    body: CaseCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mp/v1/orders/{number}/cases".format(
            number=quote(str(number), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CaseMine | ErrorBody | None:
    if response.status_code == 201:
        response_201 = CaseMine.from_dict(response.json())

        return response_201

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
) -> Response[CaseMine | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    number: str,
    *,
    client: AuthenticatedClient,
    body: CaseCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CaseMine | ErrorBody]:
    """Open Case

     Open a return, exchange or complaint within the window after the goods reached you.

    A return is approved when you bring the goods to the store (or HQ for a delivery):
    they go back on the shelf and what you paid for them is refunded. Each step is
    sent to you as a message and kept in the case's ``steps``. An exchange swaps for another
    size or colour of the same product at the price you paid (409 ``exchange_not_same_product``
    or ``exchange_price_differs`` otherwise: return it and buy the other instead); more
    than is left to bring back or refund is 409 when you open the case.

    Args:
        number (str):
        idempotency_key (None | str | Unset):
        body (CaseCreate): A shopper's return, exchange or complaint on one of their orders.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseMine | ErrorBody]
    """

    kwargs = _get_kwargs(
        number=number,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    number: str,
    *,
    client: AuthenticatedClient,
    body: CaseCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> CaseMine | ErrorBody | None:
    """Open Case

     Open a return, exchange or complaint within the window after the goods reached you.

    A return is approved when you bring the goods to the store (or HQ for a delivery):
    they go back on the shelf and what you paid for them is refunded. Each step is
    sent to you as a message and kept in the case's ``steps``. An exchange swaps for another
    size or colour of the same product at the price you paid (409 ``exchange_not_same_product``
    or ``exchange_price_differs`` otherwise: return it and buy the other instead); more
    than is left to bring back or refund is 409 when you open the case.

    Args:
        number (str):
        idempotency_key (None | str | Unset):
        body (CaseCreate): A shopper's return, exchange or complaint on one of their orders.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseMine | ErrorBody
    """

    return sync_detailed(
        number=number,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    number: str,
    *,
    client: AuthenticatedClient,
    body: CaseCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CaseMine | ErrorBody]:
    """Open Case

     Open a return, exchange or complaint within the window after the goods reached you.

    A return is approved when you bring the goods to the store (or HQ for a delivery):
    they go back on the shelf and what you paid for them is refunded. Each step is
    sent to you as a message and kept in the case's ``steps``. An exchange swaps for another
    size or colour of the same product at the price you paid (409 ``exchange_not_same_product``
    or ``exchange_price_differs`` otherwise: return it and buy the other instead); more
    than is left to bring back or refund is 409 when you open the case.

    Args:
        number (str):
        idempotency_key (None | str | Unset):
        body (CaseCreate): A shopper's return, exchange or complaint on one of their orders.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseMine | ErrorBody]
    """

    kwargs = _get_kwargs(
        number=number,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    number: str,
    *,
    client: AuthenticatedClient,
    body: CaseCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> CaseMine | ErrorBody | None:
    """Open Case

     Open a return, exchange or complaint within the window after the goods reached you.

    A return is approved when you bring the goods to the store (or HQ for a delivery):
    they go back on the shelf and what you paid for them is refunded. Each step is
    sent to you as a message and kept in the case's ``steps``. An exchange swaps for another
    size or colour of the same product at the price you paid (409 ``exchange_not_same_product``
    or ``exchange_price_differs`` otherwise: return it and buy the other instead); more
    than is left to bring back or refund is 409 when you open the case.

    Args:
        number (str):
        idempotency_key (None | str | Unset):
        body (CaseCreate): A shopper's return, exchange or complaint on one of their orders.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseMine | ErrorBody
    """

    return (
        await asyncio_detailed(
            number=number,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
