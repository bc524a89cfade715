from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PickupPass")


@_attrs_define
class PickupPass:
    """Shown to the shopper only: what the guide checks at the counter.

    Attributes:
        code (str):
        qr (str):
        collect_by (datetime.datetime | None):
    """

    code: str
    qr: str
    collect_by: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        qr = self.qr

        collect_by: str | None
        if isinstance(self.collect_by, datetime.datetime):
            collect_by = self.collect_by.isoformat()
        else:
            collect_by = self.collect_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "qr": qr,
                "collect_by": collect_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        qr = d.pop("qr")

        def _parse_collect_by(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                collect_by_type_0 = datetime.datetime.fromisoformat(data)

                return collect_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        collect_by = _parse_collect_by(d.pop("collect_by"))

        pickup_pass = cls(
            code=code,
            qr=qr,
            collect_by=collect_by,
        )

        pickup_pass.additional_properties = d
        return pickup_pass

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
