from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentsUpdate")


@_attrs_define
class ConsentsUpdate:
    """Purposes to change; a purpose left out stays as it is.

    ``home_location: true`` is given by sharing a location (``PUT /mp/v1/me/location``), so
    only ``false`` is taken here: it erases the stored location.

        Attributes:
            home_location (bool | None | Unset):
            marketing (bool | None | Unset):
            care (bool | None | Unset):
    """

    home_location: bool | Unset | None = UNSET
    marketing: bool | Unset | None = UNSET
    care: bool | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        home_location: bool | Unset | None
        if isinstance(self.home_location, Unset):
            home_location = UNSET
        else:
            home_location = self.home_location

        marketing: bool | Unset | None
        if isinstance(self.marketing, Unset):
            marketing = UNSET
        else:
            marketing = self.marketing

        care: bool | Unset | None
        if isinstance(self.care, Unset):
            care = UNSET
        else:
            care = self.care

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if home_location is not UNSET:
            field_dict["home_location"] = home_location
        if marketing is not UNSET:
            field_dict["marketing"] = marketing
        if care is not UNSET:
            field_dict["care"] = care

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_home_location(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        home_location = _parse_home_location(d.pop("home_location", UNSET))

        def _parse_marketing(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        marketing = _parse_marketing(d.pop("marketing", UNSET))

        def _parse_care(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        care = _parse_care(d.pop("care", UNSET))

        consents_update = cls(
            home_location=home_location,
            marketing=marketing,
            care=care,
        )

        return consents_update
