from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OpeningHoursRead")


@_attrs_define
class OpeningHoursRead:
    """
    Attributes:
        weekday (int):
        opens_at (str):
        closes_at (str):
    """

    weekday: int
    opens_at: str
    closes_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        weekday = self.weekday

        opens_at = self.opens_at

        closes_at = self.closes_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "weekday": weekday,
                "opens_at": opens_at,
                "closes_at": closes_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        weekday = d.pop("weekday")

        opens_at = d.pop("opens_at")

        closes_at = d.pop("closes_at")

        opening_hours_read = cls(
            weekday=weekday,
            opens_at=opens_at,
            closes_at=closes_at,
        )

        opening_hours_read.additional_properties = d
        return opening_hours_read

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
