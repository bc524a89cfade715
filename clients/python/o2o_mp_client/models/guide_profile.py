from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.next_slots import NextSlots
    from ..models.service_read import ServiceRead


T = TypeVar("T", bound="GuideProfile")


@_attrs_define
class GuideProfile:
    """
    Attributes:
        id (int):
        name (str):
        store_id (int):
        store_name (str):
        store_timezone (str):
        services (list[ServiceRead]):
        next_slots (list[NextSlots]):
    """

    id: int
    name: str
    store_id: int
    store_name: str
    store_timezone: str
    services: list[ServiceRead]
    next_slots: list[NextSlots]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        store_id = self.store_id

        store_name = self.store_name

        store_timezone = self.store_timezone

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)

        next_slots = []
        for next_slots_item_data in self.next_slots:
            next_slots_item = next_slots_item_data.to_dict()
            next_slots.append(next_slots_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "store_id": store_id,
                "store_name": store_name,
                "store_timezone": store_timezone,
                "services": services,
                "next_slots": next_slots,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.next_slots import NextSlots
        from ..models.service_read import ServiceRead

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        store_id = d.pop("store_id")

        store_name = d.pop("store_name")

        store_timezone = d.pop("store_timezone")

        services = []
        _services = d.pop("services")
        for services_item_data in _services:
            services_item = ServiceRead.from_dict(services_item_data)

            services.append(services_item)

        next_slots = []
        _next_slots = d.pop("next_slots")
        for next_slots_item_data in _next_slots:
            next_slots_item = NextSlots.from_dict(next_slots_item_data)

            next_slots.append(next_slots_item)

        guide_profile = cls(
            id=id,
            name=name,
            store_id=store_id,
            store_name=store_name,
            store_timezone=store_timezone,
            services=services,
            next_slots=next_slots,
        )

        guide_profile.additional_properties = d
        return guide_profile

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
