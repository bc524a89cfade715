from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.slot_read import SlotRead


T = TypeVar("T", bound="NextSlots")


@_attrs_define
class NextSlots:
    """
    Attributes:
        service_id (int):
        slots (list[SlotRead]):
    """

    service_id: int
    slots: list[SlotRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_id = self.service_id

        slots = []
        for slots_item_data in self.slots:
            slots_item = slots_item_data.to_dict()
            slots.append(slots_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_id": service_id,
                "slots": slots,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.slot_read import SlotRead

        d = dict(src_dict)
        service_id = d.pop("service_id")

        slots = []
        _slots = d.pop("slots")
        for slots_item_data in _slots:
            slots_item = SlotRead.from_dict(slots_item_data)

            slots.append(slots_item)

        next_slots = cls(
            service_id=service_id,
            slots=slots,
        )

        next_slots.additional_properties = d
        return next_slots

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
