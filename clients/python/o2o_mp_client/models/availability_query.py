from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cart_line import CartLine


T = TypeVar("T", bound="AvailabilityQuery")


@_attrs_define
class AvailabilityQuery:
    """Where can this cart be had, near a point.

    Attributes:
        lines (list[CartLine]):
        lat (float):
        lon (float):
        radius_km (float | Unset):  Default: 20.0.
        limit (int | Unset):  Default: 10.
    """

    lines: list[CartLine]
    lat: float
    lon: float
    radius_km: float | Unset = 20.0
    limit: int | Unset = 10
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        lat = self.lat

        lon = self.lon

        radius_km = self.radius_km

        limit = self.limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lines": lines,
                "lat": lat,
                "lon": lon,
            }
        )
        if radius_km is not UNSET:
            field_dict["radius_km"] = radius_km
        if limit is not UNSET:
            field_dict["limit"] = limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_line import CartLine

        d = dict(src_dict)
        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = CartLine.from_dict(lines_item_data)

            lines.append(lines_item)

        lat = d.pop("lat")

        lon = d.pop("lon")

        radius_km = d.pop("radius_km", UNSET)

        limit = d.pop("limit", UNSET)

        availability_query = cls(
            lines=lines,
            lat=lat,
            lon=lon,
            radius_km=radius_km,
            limit=limit,
        )

        availability_query.additional_properties = d
        return availability_query

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
