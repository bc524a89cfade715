from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.recommended_why import RecommendedWhy

T = TypeVar("T", bound="Recommended")


@_attrs_define
class Recommended:
    """A suggested product: the SKUs that can be had (at the store, when one was asked)
    and why it is suggested.

        Attributes:
            product_id (int):
            name (str):
            category (str):
            price_fen (int):
            sku_ids (list[int]):
            why (RecommendedWhy):
    """

    product_id: int
    name: str
    category: str
    price_fen: int
    sku_ids: list[int]
    why: RecommendedWhy
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        name = self.name

        category = self.category

        price_fen = self.price_fen

        sku_ids = self.sku_ids

        why = self.why.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "name": name,
                "category": category,
                "price_fen": price_fen,
                "sku_ids": sku_ids,
                "why": why,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = d.pop("product_id")

        name = d.pop("name")

        category = d.pop("category")

        price_fen = d.pop("price_fen")

        sku_ids = cast(list[int], d.pop("sku_ids"))

        why = RecommendedWhy(d.pop("why"))

        recommended = cls(
            product_id=product_id,
            name=name,
            category=category,
            price_fen=price_fen,
            sku_ids=sku_ids,
            why=why,
        )

        recommended.additional_properties = d
        return recommended

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
