from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.line_availability_level import LineAvailabilityLevel

T = TypeVar("T", bound="LineAvailability")


@_attrs_define
class LineAvailability:
    """
    Attributes:
        sku_id (int):
        requested (int):
        level (LineAvailabilityLevel):
        available (int | None): units free now: exact for staff; for shoppers only when the level is low
    """

    sku_id: int
    requested: int
    level: LineAvailabilityLevel
    available: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sku_id = self.sku_id

        requested = self.requested

        level = self.level.value

        available: int | None
        available = self.available

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sku_id": sku_id,
                "requested": requested,
                "level": level,
                "available": available,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku_id = d.pop("sku_id")

        requested = d.pop("requested")

        level = LineAvailabilityLevel(d.pop("level"))

        def _parse_available(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        available = _parse_available(d.pop("available"))

        line_availability = cls(
            sku_id=sku_id,
            requested=requested,
            level=level,
            available=available,
        )

        line_availability.additional_properties = d
        return line_availability

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
