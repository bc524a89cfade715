import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.slot_read import SlotRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    store_id: int,
    *,
    service: int,
    from_: datetime.date,
    to: datetime.date,
    guide: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["service"] = service

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    json_guide: int | Unset | None
    if isinstance(guide, Unset):
        json_guide = UNSET
    else:
        json_guide = guide
    params["guide"] = json_guide

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/mp/v1/stores/{store_id}/slots".format(
            store_id=quote(str(store_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | list[SlotRead] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = SlotRead.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ErrorBody | list[SlotRead]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    store_id: int,
    *,
    client: AuthenticatedClient | Client,
    service: int,
    from_: datetime.date,
    to: datetime.date,
    guide: int | None | Unset = UNSET,
) -> Response[ErrorBody | list[SlotRead]]:
    """Store Slots

     Bookable starts in the store's timezone, with one guide or any guide who offers it.

    Args:
        store_id (int):
        service (int):
        from_ (datetime.date): first local date
        to (datetime.date): last local date (at most 31 days in all)
        guide (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[SlotRead]]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
        service=service,
        from_=from_,
        to=to,
        guide=guide,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    store_id: int,
    *,
    client: AuthenticatedClient | Client,
    service: int,
    from_: datetime.date,
    to: datetime.date,
    guide: int | None | Unset = UNSET,
) -> ErrorBody | list[SlotRead] | None:
    """Store Slots

     Bookable starts in the store's timezone, with one guide or any guide who offers it.

    Args:
        store_id (int):
        service (int):
        from_ (datetime.date): first local date
        to (datetime.date): last local date (at most 31 days in all)
        guide (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[SlotRead]
    """

    return sync_detailed(
        store_id=store_id,
        client=client,
        service=service,
        from_=from_,
        to=to,
        guide=guide,
    ).parsed


async def asyncio_detailed(
    store_id: int,
    *,
    client: AuthenticatedClient | Client,
    service: int,
    from_: datetime.date,
    to: datetime.date,
    guide: int | None | Unset = UNSET,
) -> Response[ErrorBody | list[SlotRead]]:
    """Store Slots

     Bookable starts in the store's timezone, with one guide or any guide who offers it.

    Args:
        store_id (int):
        service (int):
        from_ (datetime.date): first local date
        to (datetime.date): last local date (at most 31 days in all)
        guide (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[SlotRead]]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
        service=service,
        from_=from_,
        to=to,
        guide=guide,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    store_id: int,
    *,
    client: AuthenticatedClient | Client,
    service: int,
    from_: datetime.date,
    to: datetime.date,
    guide: int | None | Unset = UNSET,
) -> ErrorBody | list[SlotRead] | None:
    """Store Slots

     Bookable starts in the store's timezone, with one guide or any guide who offers it.

    Args:
        store_id (int):
        service (int):
        from_ (datetime.date): first local date
        to (datetime.date): last local date (at most 31 days in all)
        guide (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[SlotRead]
    """

    return (
        await asyncio_detailed(
            store_id=store_id,
            client=client,
            service=service,
            from_=from_,
            to=to,
            guide=guide,
        )
    ).parsed
