from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bookable_service import BookableService


T = TypeVar("T", bound="StoreServices")


@_attrs_define
class StoreServices:
    """
    Attributes:
        store_id (int):
        store_name (str):
        store_timezone (str):
        items (list[BookableService]):
    """

    store_id: int
    store_name: str
    store_timezone: str
    items: list[BookableService]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        store_id = self.store_id

        store_name = self.store_name

        store_timezone = self.store_timezone

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "store_id": store_id,
                "store_name": store_name,
                "store_timezone": store_timezone,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bookable_service import BookableService

        d = dict(src_dict)
        store_id = d.pop("store_id")

        store_name = d.pop("store_name")

        store_timezone = d.pop("store_timezone")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = BookableService.from_dict(items_item_data)

            items.append(items_item)

        store_services = cls(
            store_id=store_id,
            store_name=store_name,
            store_timezone=store_timezone,
            items=items,
        )

        store_services.additional_properties = d
        return store_services

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
