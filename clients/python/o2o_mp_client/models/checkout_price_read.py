from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.priced_line_read import PricedLineRead


T = TypeVar("T", bound="CheckoutPriceRead")


@_attrs_define
class CheckoutPriceRead:
    """The price an order placed now from this cart would get (orders.pricing).

    Attributes:
        lines (list[PricedLineRead]):
        subtotal_fen (int):
        coupon_discount_fen (int):
        points_spent (int):
        points_discount_fen (int):
        total_fen (int): to pay in money; the order's total_fen
        currency (str):
        points_balance (int):
        points_max (int): the most points this cart can use
    """

    lines: list[PricedLineRead]
    subtotal_fen: int
    coupon_discount_fen: int
    points_spent: int
    points_discount_fen: int
    total_fen: int
    currency: str
    points_balance: int
    points_max: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        subtotal_fen = self.subtotal_fen

        coupon_discount_fen = self.coupon_discount_fen

        points_spent = self.points_spent

        points_discount_fen = self.points_discount_fen

        total_fen = self.total_fen

        currency = self.currency

        points_balance = self.points_balance

        points_max = self.points_max

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lines": lines,
                "subtotal_fen": subtotal_fen,
                "coupon_discount_fen": coupon_discount_fen,
                "points_spent": points_spent,
                "points_discount_fen": points_discount_fen,
                "total_fen": total_fen,
                "currency": currency,
                "points_balance": points_balance,
                "points_max": points_max,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.priced_line_read import PricedLineRead

        d = dict(src_dict)
        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = PricedLineRead.from_dict(lines_item_data)

            lines.append(lines_item)

        subtotal_fen = d.pop("subtotal_fen")

        coupon_discount_fen = d.pop("coupon_discount_fen")

        points_spent = d.pop("points_spent")

        points_discount_fen = d.pop("points_discount_fen")

        total_fen = d.pop("total_fen")

        currency = d.pop("currency")

        points_balance = d.pop("points_balance")

        points_max = d.pop("points_max")

        checkout_price_read = cls(
            lines=lines,
            subtotal_fen=subtotal_fen,
            coupon_discount_fen=coupon_discount_fen,
            points_spent=points_spent,
            points_discount_fen=points_discount_fen,
            total_fen=total_fen,
            currency=currency,
            points_balance=points_balance,
            points_max=points_max,
        )

        checkout_price_read.additional_properties = d
        return checkout_price_read

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
