from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AppointmentMove")


@_attrs_define
class AppointmentMove:
    """
    Attributes:
        starts_at (datetime.datetime):
    """

    starts_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        starts_at = self.starts_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "starts_at": starts_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        appointment_move = cls(
            starts_at=starts_at,
        )

        return appointment_move
