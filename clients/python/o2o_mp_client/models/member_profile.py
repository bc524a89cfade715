from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MemberProfile")


@_attrs_define
class MemberProfile:
    """What the member sees of themselves, location and preferences included.

    Attributes:
        id (int):
        name (None | str):
        phone (None | str):
        birthday (datetime.date | None):
        home_city (None | str):
        joined_at (datetime.datetime):
        points (int):
        home_latitude (float | None):
        home_longitude (float | None):
        location_consent_at (datetime.datetime | None):
        care_opt_out (bool):
    """

    id: int
    name: str | None
    phone: str | None
    birthday: datetime.date | None
    home_city: str | None
    joined_at: datetime.datetime
    points: int
    home_latitude: float | None
    home_longitude: float | None
    location_consent_at: datetime.datetime | None
    care_opt_out: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name: str | None
        name = self.name

        phone: str | None
        phone = self.phone

        birthday: str | None
        if isinstance(self.birthday, datetime.date):
            birthday = self.birthday.isoformat()
        else:
            birthday = self.birthday

        home_city: str | None
        home_city = self.home_city

        joined_at = self.joined_at.isoformat()

        points = self.points

        home_latitude: float | None
        home_latitude = self.home_latitude

        home_longitude: float | None
        home_longitude = self.home_longitude

        location_consent_at: str | None
        if isinstance(self.location_consent_at, datetime.datetime):
            location_consent_at = self.location_consent_at.isoformat()
        else:
            location_consent_at = self.location_consent_at

        care_opt_out = self.care_opt_out

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "phone": phone,
                "birthday": birthday,
                "home_city": home_city,
                "joined_at": joined_at,
                "points": points,
                "home_latitude": home_latitude,
                "home_longitude": home_longitude,
                "location_consent_at": location_consent_at,
                "care_opt_out": care_opt_out,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_name(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_phone(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_birthday(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birthday_type_0 = datetime.date.fromisoformat(data)

                return birthday_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        birthday = _parse_birthday(d.pop("birthday"))

        def _parse_home_city(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        home_city = _parse_home_city(d.pop("home_city"))

        joined_at = datetime.datetime.fromisoformat(d.pop("joined_at"))

        points = d.pop("points")

        def _parse_home_latitude(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        home_latitude = _parse_home_latitude(d.pop("home_latitude"))

        def _parse_home_longitude(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        home_longitude = _parse_home_longitude(d.pop("home_longitude"))

        def _parse_location_consent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                location_consent_at_type_0 = datetime.datetime.fromisoformat(data)

                return location_consent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        location_consent_at = _parse_location_consent_at(d.pop("location_consent_at"))

        care_opt_out = d.pop("care_opt_out")

        member_profile = cls(
            id=id,
            name=name,
            phone=phone,
            birthday=birthday,
            home_city=home_city,
            joined_at=joined_at,
            points=points,
            home_latitude=home_latitude,
            home_longitude=home_longitude,
            location_consent_at=location_consent_at,
            care_opt_out=care_opt_out,
        )

        member_profile.additional_properties = d
        return member_profile

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
