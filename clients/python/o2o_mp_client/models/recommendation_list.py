from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.recommended import Recommended


T = TypeVar("T", bound="RecommendationList")


@_attrs_define
class RecommendationList:
    """
    Attributes:
        personalised (bool):
        store_id (int | None):
        items (list[Recommended]):
    """

    personalised: bool
    store_id: int | None
    items: list[Recommended]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        personalised = self.personalised

        store_id: int | None
        store_id = self.store_id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "personalised": personalised,
                "store_id": store_id,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recommended import Recommended

        d = dict(src_dict)
        personalised = d.pop("personalised")

        def _parse_store_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        store_id = _parse_store_id(d.pop("store_id"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = Recommended.from_dict(items_item_data)

            items.append(items_item)

        recommendation_list = cls(
            personalised=personalised,
            store_id=store_id,
            items=items,
        )

        recommendation_list.additional_properties = d
        return recommendation_list

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
