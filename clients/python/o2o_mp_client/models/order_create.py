from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.order_create_channel import OrderCreateChannel
from ..models.order_create_fulfilment import OrderCreateFulfilment
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cart_line import CartLine
    from ..models.delivery_address import DeliveryAddress


T = TypeVar("T", bound="OrderCreate")


@_attrs_define
class OrderCreate:
    """
    Attributes:
        lines (list[CartLine]):
        fulfilment (OrderCreateFulfilment | Unset):  Default: OrderCreateFulfilment.PICKUP.
        store_id (int | None | Unset):
        delivery_address (DeliveryAddress | None | Unset):
        channel (OrderCreateChannel | Unset): ignored: the server derives the channel from its evidence Default:
            OrderCreateChannel.MINI_PROGRAM.
        touchpoint_id (int | None | Unset): credited only if this shopper scanned it recently
        guide_id (int | None | Unset): a guide at the pickup store or in its region (else 422); see share
        share (None | str | Unset): a guide's share link token (GET /tablet/v1/me/share-link): credits them
        points (int | Unset): points to pay with, at most; the price uses what the cart allows (see points_max in POST
            /checkout/preview) Default: 0.
        coupon_id (int | None | Unset): a usable coupon of your wallet (`id` in GET /coupons)
    """

    lines: list[CartLine]
    fulfilment: OrderCreateFulfilment | Unset = OrderCreateFulfilment.PICKUP
    store_id: int | Unset | None = UNSET
    delivery_address: DeliveryAddress | Unset | None = UNSET
    channel: OrderCreateChannel | Unset = OrderCreateChannel.MINI_PROGRAM
    touchpoint_id: int | Unset | None = UNSET
    guide_id: int | Unset | None = UNSET
    share: str | Unset | None = UNSET
    points: int | Unset = 0
    coupon_id: int | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.delivery_address import DeliveryAddress

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        fulfilment: str | Unset = UNSET
        if not isinstance(self.fulfilment, Unset):
            fulfilment = self.fulfilment.value

        store_id: int | Unset | None
        if isinstance(self.store_id, Unset):
            store_id = UNSET
        else:
            store_id = self.store_id

        delivery_address: dict[str, Any] | Unset | None
        if isinstance(self.delivery_address, Unset):
            delivery_address = UNSET
        elif isinstance(self.delivery_address, DeliveryAddress):
            delivery_address = self.delivery_address.to_dict()
        else:
            delivery_address = self.delivery_address

        channel: str | Unset = UNSET
        if not isinstance(self.channel, Unset):
            channel = self.channel.value

        touchpoint_id: int | Unset | None
        if isinstance(self.touchpoint_id, Unset):
            touchpoint_id = UNSET
        else:
            touchpoint_id = self.touchpoint_id

        guide_id: int | Unset | None
        if isinstance(self.guide_id, Unset):
            guide_id = UNSET
        else:
            guide_id = self.guide_id

        share: str | Unset | None
        if isinstance(self.share, Unset):
            share = UNSET
        else:
            share = self.share

        points = self.points

        coupon_id: int | Unset | None
        if isinstance(self.coupon_id, Unset):
            coupon_id = UNSET
        else:
            coupon_id = self.coupon_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lines": lines,
            }
        )
        if fulfilment is not UNSET:
            field_dict["fulfilment"] = fulfilment
        if store_id is not UNSET:
            field_dict["store_id"] = store_id
        if delivery_address is not UNSET:
            field_dict["delivery_address"] = delivery_address
        if channel is not UNSET:
            field_dict["channel"] = channel
        if touchpoint_id is not UNSET:
            field_dict["touchpoint_id"] = touchpoint_id
        if guide_id is not UNSET:
            field_dict["guide_id"] = guide_id
        if share is not UNSET:
            field_dict["share"] = share
        if points is not UNSET:
            field_dict["points"] = points
        if coupon_id is not UNSET:
            field_dict["coupon_id"] = coupon_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_line import CartLine
        from ..models.delivery_address import DeliveryAddress

        d = dict(src_dict)
        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = CartLine.from_dict(lines_item_data)

            lines.append(lines_item)

        _fulfilment = d.pop("fulfilment", UNSET)
        fulfilment: OrderCreateFulfilment | Unset
        if isinstance(_fulfilment, Unset):
            fulfilment = UNSET
        else:
            fulfilment = OrderCreateFulfilment(_fulfilment)

        def _parse_store_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        store_id = _parse_store_id(d.pop("store_id", UNSET))

        def _parse_delivery_address(data: object) -> DeliveryAddress | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                delivery_address_type_0 = DeliveryAddress.from_dict(data)

                return delivery_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryAddress | None | Unset, data)

        delivery_address = _parse_delivery_address(d.pop("delivery_address", UNSET))

        _channel = d.pop("channel", UNSET)
        channel: OrderCreateChannel | Unset
        if isinstance(_channel, Unset):
            channel = UNSET
        else:
            channel = OrderCreateChannel(_channel)

        def _parse_touchpoint_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        touchpoint_id = _parse_touchpoint_id(d.pop("touchpoint_id", UNSET))

        def _parse_guide_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        guide_id = _parse_guide_id(d.pop("guide_id", UNSET))

        def _parse_share(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        share = _parse_share(d.pop("share", UNSET))

        points = d.pop("points", UNSET)

        def _parse_coupon_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        coupon_id = _parse_coupon_id(d.pop("coupon_id", UNSET))

        order_create = cls(
            lines=lines,
            fulfilment=fulfilment,
            store_id=store_id,
            delivery_address=delivery_address,
            channel=channel,
            touchpoint_id=touchpoint_id,
            guide_id=guide_id,
            share=share,
            points=points,
            coupon_id=coupon_id,
        )

        return order_create
