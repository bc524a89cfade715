from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.consent_event_read import ConsentEventRead


T = TypeVar("T", bound="ConsentsRead")


@_attrs_define
class ConsentsRead:
    """Each purpose's consent now, and every change so far (newest first).

    Attributes:
        home_location (bool):
        marketing (bool):
        care (bool):
        history (list[ConsentEventRead]):
    """

    home_location: bool
    marketing: bool
    care: bool
    history: list[ConsentEventRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        home_location = self.home_location

        marketing = self.marketing

        care = self.care

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "home_location": home_location,
                "marketing": marketing,
                "care": care,
                "history": history,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_event_read import ConsentEventRead

        d = dict(src_dict)
        home_location = d.pop("home_location")

        marketing = d.pop("marketing")

        care = d.pop("care")

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = ConsentEventRead.from_dict(history_item_data)

            history.append(history_item)

        consents_read = cls(
            home_location=home_location,
            marketing=marketing,
            care=care,
            history=history,
        )

        consents_read.additional_properties = d
        return consents_read

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
