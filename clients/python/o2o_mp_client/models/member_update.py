from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MemberUpdate")


@_attrs_define
class MemberUpdate:
    """The only fields a member may change; anything else (points, openid...) is refused.

    Attributes:
        name (None | str | Unset):
        phone (None | str | Unset):
        birthday (datetime.date | None | Unset):
        care_opt_out (bool | None | Unset):
    """

    name: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    birthday: datetime.date | Unset | None = UNSET
    care_opt_out: bool | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: str | Unset | None
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        phone: str | Unset | None
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        birthday: str | Unset | None
        if isinstance(self.birthday, Unset):
            birthday = UNSET
        elif isinstance(self.birthday, datetime.date):
            birthday = self.birthday.isoformat()
        else:
            birthday = self.birthday

        care_opt_out: bool | Unset | None
        if isinstance(self.care_opt_out, Unset):
            care_opt_out = UNSET
        else:
            care_opt_out = self.care_opt_out

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if birthday is not UNSET:
            field_dict["birthday"] = birthday
        if care_opt_out is not UNSET:
            field_dict["care_opt_out"] = care_opt_out

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_phone(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_birthday(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birthday_type_0 = datetime.date.fromisoformat(data)

                return birthday_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birthday = _parse_birthday(d.pop("birthday", UNSET))

        def _parse_care_opt_out(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        care_opt_out = _parse_care_opt_out(d.pop("care_opt_out", UNSET))

        member_update = cls(
            name=name,
            phone=phone,
            birthday=birthday,
            care_opt_out=care_opt_out,
        )

        return member_update
