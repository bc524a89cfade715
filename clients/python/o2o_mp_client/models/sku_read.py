from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SkuRead")


@_attrs_define
class SkuRead:
    """
    Attributes:
        id (int):
        code (str):
        variant (str):
        price_fen (int):
        currency (str):
        active (bool):
        purchase_limit (int | None | Unset):
    """

    id: int
    code: str
    variant: str
    price_fen: int
    currency: str
    active: bool
    purchase_limit: int | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code

        variant = self.variant

        price_fen = self.price_fen

        currency = self.currency

        active = self.active

        purchase_limit: int | Unset | None
        if isinstance(self.purchase_limit, Unset):
            purchase_limit = UNSET
        else:
            purchase_limit = self.purchase_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "variant": variant,
                "price_fen": price_fen,
                "currency": currency,
                "active": active,
            }
        )
        if purchase_limit is not UNSET:
            field_dict["purchase_limit"] = purchase_limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        variant = d.pop("variant")

        price_fen = d.pop("price_fen")

        currency = d.pop("currency")

        active = d.pop("active")

        def _parse_purchase_limit(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        purchase_limit = _parse_purchase_limit(d.pop("purchase_limit", UNSET))

        sku_read = cls(
            id=id,
            code=code,
            variant=variant,
            price_fen=price_fen,
            currency=currency,
            active=active,
            purchase_limit=purchase_limit,
        )

        sku_read.additional_properties = d
        return sku_read

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
