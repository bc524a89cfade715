from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.delivery_address import DeliveryAddress
    from ..models.order_line_read import OrderLineRead
    from ..models.payment_info import PaymentInfo
    from ..models.pickup_pass import PickupPass
    from ..models.recommended import Recommended


T = TypeVar("T", bound="ShopperOrderRead")


@_attrs_define
class ShopperOrderRead:
    """The shopper's order, with a few things they may also like (at its pickup store).

    Attributes:
        number (str):
        status (str):
        fulfilment (str):
        store_id (int | None):
        delivery_address (DeliveryAddress | None):
        lines (list[OrderLineRead]):
        total_fen (int): paid in money: subtotal_fen less the discounts
        refunded_fen (int):
        subtotal_fen (int): what the goods cost before discounts
        coupon_discount_fen (int):
        points_spent (int):
        points_discount_fen (int):
        points_earned (int): earned when the order is picked up or delivered
        points_returned (int): spent points given back (cancel, expiry, refund)
        currency (str):
        channel (str):
        touchpoint_id (int | None):
        guide_id (int | None):
        hold_until (datetime.datetime):
        collect_by (datetime.datetime | None):
        created_at (datetime.datetime):
        paid_at (datetime.datetime | None):
        ready_at (datetime.datetime | None):
        closed_at (datetime.datetime | None):
        coupon_id (int | None | Unset): the wallet coupon this order redeemed (given back if it lapses)
        carrier (None | str | Unset):
        tracking_number (None | str | Unset):
        shipped_at (datetime.datetime | None | Unset):
        payment (None | PaymentInfo | Unset):
        pickup (None | PickupPass | Unset):
        recommendations (list[Recommended] | Unset): two or three suggestions, each saying why
    """

    number: str
    status: str
    fulfilment: str
    store_id: int | None
    delivery_address: DeliveryAddress | None
    lines: list[OrderLineRead]
    total_fen: int
    refunded_fen: int
    subtotal_fen: int
    coupon_discount_fen: int
    points_spent: int
    points_discount_fen: int
    points_earned: int
    points_returned: int
    currency: str
    channel: str
    touchpoint_id: int | None
    guide_id: int | None
    hold_until: datetime.datetime
    collect_by: datetime.datetime | None
    created_at: datetime.datetime
    paid_at: datetime.datetime | None
    ready_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    coupon_id: int | Unset | None = UNSET
    carrier: str | Unset | None = UNSET
    tracking_number: str | Unset | None = UNSET
    shipped_at: datetime.datetime | Unset | None = UNSET
    payment: PaymentInfo | Unset | None = UNSET
    pickup: PickupPass | Unset | None = UNSET
    recommendations: list[Recommended] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.delivery_address import DeliveryAddress
        from ..models.payment_info import PaymentInfo
        from ..models.pickup_pass import PickupPass

        number = self.number

        status = self.status

        fulfilment = self.fulfilment

        store_id: int | None
        store_id = self.store_id

        delivery_address: dict[str, Any] | None
        if isinstance(self.delivery_address, DeliveryAddress):
            delivery_address = self.delivery_address.to_dict()
        else:
            delivery_address = self.delivery_address

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        total_fen = self.total_fen

        refunded_fen = self.refunded_fen

        subtotal_fen = self.subtotal_fen

        coupon_discount_fen = self.coupon_discount_fen

        points_spent = self.points_spent

        points_discount_fen = self.points_discount_fen

        points_earned = self.points_earned

        points_returned = self.points_returned

        currency = self.currency

        channel = self.channel

        touchpoint_id: int | None
        touchpoint_id = self.touchpoint_id

        guide_id: int | None
        guide_id = self.guide_id

        hold_until = self.hold_until.isoformat()

        collect_by: str | None
        if isinstance(self.collect_by, datetime.datetime):
            collect_by = self.collect_by.isoformat()
        else:
            collect_by = self.collect_by

        created_at = self.created_at.isoformat()

        paid_at: str | None
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        ready_at: str | None
        if isinstance(self.ready_at, datetime.datetime):
            ready_at = self.ready_at.isoformat()
        else:
            ready_at = self.ready_at

        closed_at: str | None
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        coupon_id: int | Unset | None
        if isinstance(self.coupon_id, Unset):
            coupon_id = UNSET
        else:
            coupon_id = self.coupon_id

        carrier: str | Unset | None
        if isinstance(self.carrier, Unset):
            carrier = UNSET
        else:
            carrier = self.carrier

        tracking_number: str | Unset | None
        if isinstance(self.tracking_number, Unset):
            tracking_number = UNSET
        else:
            tracking_number = self.tracking_number

        shipped_at: str | Unset | None
        if isinstance(self.shipped_at, Unset):
            shipped_at = UNSET
        elif isinstance(self.shipped_at, datetime.datetime):
            shipped_at = self.shipped_at.isoformat()
        else:
            shipped_at = self.shipped_at

        payment: dict[str, Any] | Unset | None
        if isinstance(self.payment, Unset):
            payment = UNSET
        elif isinstance(self.payment, PaymentInfo):
            payment = self.payment.to_dict()
        else:
            payment = self.payment

        pickup: dict[str, Any] | Unset | None
        if isinstance(self.pickup, Unset):
            pickup = UNSET
        elif isinstance(self.pickup, PickupPass):
            pickup = self.pickup.to_dict()
        else:
            pickup = self.pickup

        recommendations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.recommendations, Unset):
            recommendations = []
            for recommendations_item_data in self.recommendations:
                recommendations_item = recommendations_item_data.to_dict()
                recommendations.append(recommendations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number": number,
                "status": status,
                "fulfilment": fulfilment,
                "store_id": store_id,
                "delivery_address": delivery_address,
                "lines": lines,
                "total_fen": total_fen,
                "refunded_fen": refunded_fen,
                "subtotal_fen": subtotal_fen,
                "coupon_discount_fen": coupon_discount_fen,
                "points_spent": points_spent,
                "points_discount_fen": points_discount_fen,
                "points_earned": points_earned,
                "points_returned": points_returned,
                "currency": currency,
                "channel": channel,
                "touchpoint_id": touchpoint_id,
                "guide_id": guide_id,
                "hold_until": hold_until,
                "collect_by": collect_by,
                "created_at": created_at,
                "paid_at": paid_at,
                "ready_at": ready_at,
                "closed_at": closed_at,
            }
        )
        if coupon_id is not UNSET:
            field_dict["coupon_id"] = coupon_id
        if carrier is not UNSET:
            field_dict["carrier"] = carrier
        if tracking_number is not UNSET:
            field_dict["tracking_number"] = tracking_number
        if shipped_at is not UNSET:
            field_dict["shipped_at"] = shipped_at
        if payment is not UNSET:
            field_dict["payment"] = payment
        if pickup is not UNSET:
            field_dict["pickup"] = pickup
        if recommendations is not UNSET:
            field_dict["recommendations"] = recommendations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_address import DeliveryAddress
        from ..models.order_line_read import OrderLineRead
        from ..models.payment_info import PaymentInfo
        from ..models.pickup_pass import PickupPass
        from ..models.recommended import Recommended

        d = dict(src_dict)
        number = d.pop("number")

        status = d.pop("status")

        fulfilment = d.pop("fulfilment")

        def _parse_store_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        store_id = _parse_store_id(d.pop("store_id"))

        def _parse_delivery_address(data: object) -> DeliveryAddress | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                delivery_address_type_0 = DeliveryAddress.from_dict(data)

                return delivery_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryAddress | None, data)

        delivery_address = _parse_delivery_address(d.pop("delivery_address"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = OrderLineRead.from_dict(lines_item_data)

            lines.append(lines_item)

        total_fen = d.pop("total_fen")

        refunded_fen = d.pop("refunded_fen")

        subtotal_fen = d.pop("subtotal_fen")

        coupon_discount_fen = d.pop("coupon_discount_fen")

        points_spent = d.pop("points_spent")

        points_discount_fen = d.pop("points_discount_fen")

        points_earned = d.pop("points_earned")

        points_returned = d.pop("points_returned")

        currency = d.pop("currency")

        channel = d.pop("channel")

        def _parse_touchpoint_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        touchpoint_id = _parse_touchpoint_id(d.pop("touchpoint_id"))

        def _parse_guide_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        guide_id = _parse_guide_id(d.pop("guide_id"))

        hold_until = datetime.datetime.fromisoformat(d.pop("hold_until"))

        def _parse_collect_by(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                collect_by_type_0 = datetime.datetime.fromisoformat(data)

                return collect_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        collect_by = _parse_collect_by(d.pop("collect_by"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        def _parse_ready_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ready_at_type_0 = datetime.datetime.fromisoformat(data)

                return ready_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ready_at = _parse_ready_at(d.pop("ready_at"))

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        def _parse_coupon_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        coupon_id = _parse_coupon_id(d.pop("coupon_id", UNSET))

        def _parse_carrier(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        carrier = _parse_carrier(d.pop("carrier", UNSET))

        def _parse_tracking_number(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tracking_number = _parse_tracking_number(d.pop("tracking_number", UNSET))

        def _parse_shipped_at(data: object) -> datetime.datetime | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                shipped_at_type_0 = datetime.datetime.fromisoformat(data)

                return shipped_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        shipped_at = _parse_shipped_at(d.pop("shipped_at", UNSET))

        def _parse_payment(data: object) -> PaymentInfo | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payment_type_0 = PaymentInfo.from_dict(data)

                return payment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentInfo | Unset, data)

        payment = _parse_payment(d.pop("payment", UNSET))

        def _parse_pickup(data: object) -> PickupPass | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pickup_type_0 = PickupPass.from_dict(data)

                return pickup_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PickupPass | Unset, data)

        pickup = _parse_pickup(d.pop("pickup", UNSET))

        _recommendations = d.pop("recommendations", UNSET)
        recommendations: list[Recommended] | Unset = UNSET
        if _recommendations is not UNSET:
            recommendations = []
            for recommendations_item_data in _recommendations:
                recommendations_item = Recommended.from_dict(recommendations_item_data)

                recommendations.append(recommendations_item)

        shopper_order_read = cls(
            number=number,
            status=status,
            fulfilment=fulfilment,
            store_id=store_id,
            delivery_address=delivery_address,
            lines=lines,
            total_fen=total_fen,
            refunded_fen=refunded_fen,
            subtotal_fen=subtotal_fen,
            coupon_discount_fen=coupon_discount_fen,
            points_spent=points_spent,
            points_discount_fen=points_discount_fen,
            points_earned=points_earned,
            points_returned=points_returned,
            currency=currency,
            channel=channel,
            touchpoint_id=touchpoint_id,
            guide_id=guide_id,
            hold_until=hold_until,
            collect_by=collect_by,
            created_at=created_at,
            paid_at=paid_at,
            ready_at=ready_at,
            closed_at=closed_at,
            coupon_id=coupon_id,
            carrier=carrier,
            tracking_number=tracking_number,
            shipped_at=shipped_at,
            payment=payment,
            pickup=pickup,
            recommendations=recommendations,
        )

        shopper_order_read.additional_properties = d
        return shopper_order_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
