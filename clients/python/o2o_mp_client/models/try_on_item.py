from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TryOnItem")


@_attrs_define
class TryOnItem:
    """A SKU the shopper wants set aside to try at the appointment.

    Attributes:
        sku_id (int):
        quantity (int | Unset):  Default: 1.
    """

    sku_id: int
    quantity: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        sku_id = self.sku_id

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku_id": sku_id,
            }
        )
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku_id = d.pop("sku_id")

        quantity = d.pop("quantity", UNSET)

        try_on_item = cls(
            sku_id=sku_id,
            quantity=quantity,
        )

        return try_on_item
