from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.opening_hours_read import OpeningHoursRead


T = TypeVar("T", bound="NearbyStore")


@_attrs_define
class NearbyStore:
    """
    Attributes:
        id (int):
        code (str):
        name (str):
        region_id (int):
        city (str):
        address (str):
        latitude (float):
        longitude (float):
        timezone (str):
        status (str):
        pickup_enabled (bool):
        pickup_ready_minutes (int):
        pickup_hold_days (int):
        hours (list[OpeningHoursRead]):
        distance_km (float):
    """

    id: int
    code: str
    name: str
    region_id: int
    city: str
    address: str
    latitude: float
    longitude: float
    timezone: str
    status: str
    pickup_enabled: bool
    pickup_ready_minutes: int
    pickup_hold_days: int
    hours: list[OpeningHoursRead]
    distance_km: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code

        name = self.name

        region_id = self.region_id

        city = self.city

        address = self.address

        latitude = self.latitude

        longitude = self.longitude

        timezone = self.timezone

        status = self.status

        pickup_enabled = self.pickup_enabled

        pickup_ready_minutes = self.pickup_ready_minutes

        pickup_hold_days = self.pickup_hold_days

        hours = []
        for hours_item_data in self.hours:
            hours_item = hours_item_data.to_dict()
            hours.append(hours_item)

        distance_km = self.distance_km

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "name": name,
                "region_id": region_id,
                "city": city,
                "address": address,
                "latitude": latitude,
                "longitude": longitude,
                "timezone": timezone,
                "status": status,
                "pickup_enabled": pickup_enabled,
                "pickup_ready_minutes": pickup_ready_minutes,
                "pickup_hold_days": pickup_hold_days,
                "hours": hours,
                "distance_km": distance_km,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.opening_hours_read import OpeningHoursRead

        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        name = d.pop("name")

        region_id = d.pop("region_id")

        city = d.pop("city")

        address = d.pop("address")

        latitude = d.pop("latitude")

        longitude = d.pop("longitude")

        timezone = d.pop("timezone")

        status = d.pop("status")

        pickup_enabled = d.pop("pickup_enabled")

        pickup_ready_minutes = d.pop("pickup_ready_minutes")

        pickup_hold_days = d.pop("pickup_hold_days")

        hours = []
        _hours = d.pop("hours")
        for hours_item_data in _hours:
            hours_item = OpeningHoursRead.from_dict(hours_item_data)

            hours.append(hours_item)

        distance_km = d.pop("distance_km")

        nearby_store = cls(
            id=id,
            code=code,
            name=name,
            region_id=region_id,
            city=city,
            address=address,
            latitude=latitude,
            longitude=longitude,
            timezone=timezone,
            status=status,
            pickup_enabled=pickup_enabled,
            pickup_ready_minutes=pickup_ready_minutes,
            pickup_hold_days=pickup_hold_days,
            hours=hours,
            distance_km=distance_km,
        )

        nearby_store.additional_properties = d
        return nearby_store

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
