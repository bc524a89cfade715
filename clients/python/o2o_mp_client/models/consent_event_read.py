from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConsentEventRead")


@_attrs_define
class ConsentEventRead:
    """
    Attributes:
        purpose (str):
        granted (bool):
        source (str):
        at (datetime.datetime):
    """

    purpose: str
    granted: bool
    source: str
    at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        purpose = self.purpose

        granted = self.granted

        source = self.source

        at = self.at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "purpose": purpose,
                "granted": granted,
                "source": source,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        purpose = d.pop("purpose")

        granted = d.pop("granted")

        source = d.pop("source")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        consent_event_read = cls(
            purpose=purpose,
            granted=granted,
            source=source,
            at=at,
        )

        consent_event_read.additional_properties = d
        return consent_event_read

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
