from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.line_availability import LineAvailability


T = TypeVar("T", bound="DeliveryOption")


@_attrs_define
class DeliveryOption:
    """
    Attributes:
        available (bool):
        location_code (None | str):
        lines (list[LineAvailability]):
    """

    available: bool
    location_code: str | None
    lines: list[LineAvailability]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        location_code: str | None
        location_code = self.location_code

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "location_code": location_code,
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_availability import LineAvailability

        d = dict(src_dict)
        available = d.pop("available")

        def _parse_location_code(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        location_code = _parse_location_code(d.pop("location_code"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineAvailability.from_dict(lines_item_data)

            lines.append(lines_item)

        delivery_option = cls(
            available=available,
            location_code=location_code,
            lines=lines,
        )

        delivery_option.additional_properties = d
        return delivery_option

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
