from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrderLineRead")


@_attrs_define
class OrderLineRead:
    """
    Attributes:
        sku_id (int):
        product_name (str):
        variant (str):
        unit_price_fen (int):
        quantity (int):
        coupon_discount_fen (int):
        points_discount_fen (int):
    """

    sku_id: int
    product_name: str
    variant: str
    unit_price_fen: int
    quantity: int
    coupon_discount_fen: int
    points_discount_fen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sku_id = self.sku_id

        product_name = self.product_name

        variant = self.variant

        unit_price_fen = self.unit_price_fen

        quantity = self.quantity

        coupon_discount_fen = self.coupon_discount_fen

        points_discount_fen = self.points_discount_fen

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sku_id": sku_id,
                "product_name": product_name,
                "variant": variant,
                "unit_price_fen": unit_price_fen,
                "quantity": quantity,
                "coupon_discount_fen": coupon_discount_fen,
                "points_discount_fen": points_discount_fen,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku_id = d.pop("sku_id")

        product_name = d.pop("product_name")

        variant = d.pop("variant")

        unit_price_fen = d.pop("unit_price_fen")

        quantity = d.pop("quantity")

        coupon_discount_fen = d.pop("coupon_discount_fen")

        points_discount_fen = d.pop("points_discount_fen")

        order_line_read = cls(
            sku_id=sku_id,
            product_name=product_name,
            variant=variant,
            unit_price_fen=unit_price_fen,
            quantity=quantity,
            coupon_discount_fen=coupon_discount_fen,
            points_discount_fen=points_discount_fen,
        )

        order_line_read.additional_properties = d
        return order_line_read

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
