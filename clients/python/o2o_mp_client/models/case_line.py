from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CaseLine")


@_attrs_define
class CaseLine:
    """Units of one SKU the case is about; an exchange names the SKU wanted instead.

    Attributes:
        sku_id (int):
        quantity (int):
        exchange_sku_id (int | None | Unset):
    """

    sku_id: int
    quantity: int
    exchange_sku_id: int | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sku_id = self.sku_id

        quantity = self.quantity

        exchange_sku_id: int | Unset | None
        if isinstance(self.exchange_sku_id, Unset):
            exchange_sku_id = UNSET
        else:
            exchange_sku_id = self.exchange_sku_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sku_id": sku_id,
                "quantity": quantity,
            }
        )
        if exchange_sku_id is not UNSET:
            field_dict["exchange_sku_id"] = exchange_sku_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku_id = d.pop("sku_id")

        quantity = d.pop("quantity")

        def _parse_exchange_sku_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        exchange_sku_id = _parse_exchange_sku_id(d.pop("exchange_sku_id", UNSET))

        case_line = cls(
            sku_id=sku_id,
            quantity=quantity,
            exchange_sku_id=exchange_sku_id,
        )

        case_line.additional_properties = d
        return case_line

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
