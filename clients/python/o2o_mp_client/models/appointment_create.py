from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.appointment_create_source import AppointmentCreateSource
from ..types import UNSET, Unset

T = TypeVar("T", bound="AppointmentCreate")


@_attrs_define
class AppointmentCreate:
    """A booking: one start from the slots list, with a guide or any guide.

    Attributes:
        store_id (int):
        service_id (int):
        starts_at (datetime.datetime):
        guide_id (int | None | Unset):
        source (AppointmentCreateSource | Unset):  Default: AppointmentCreateSource.STORE_PAGE.
        note (str | Unset):  Default: ''.
    """

    store_id: int
    service_id: int
    starts_at: datetime.datetime
    guide_id: int | Unset | None = UNSET
    source: AppointmentCreateSource | Unset = AppointmentCreateSource.STORE_PAGE
    note: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        store_id = self.store_id

        service_id = self.service_id

        starts_at = self.starts_at.isoformat()

        guide_id: int | Unset | None
        if isinstance(self.guide_id, Unset):
            guide_id = UNSET
        else:
            guide_id = self.guide_id

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "store_id": store_id,
                "service_id": service_id,
                "starts_at": starts_at,
            }
        )
        if guide_id is not UNSET:
            field_dict["guide_id"] = guide_id
        if source is not UNSET:
            field_dict["source"] = source
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        store_id = d.pop("store_id")

        service_id = d.pop("service_id")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        def _parse_guide_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        guide_id = _parse_guide_id(d.pop("guide_id", UNSET))

        _source = d.pop("source", UNSET)
        source: AppointmentCreateSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = AppointmentCreateSource(_source)

        note = d.pop("note", UNSET)

        appointment_create = cls(
            store_id=store_id,
            service_id=service_id,
            starts_at=starts_at,
            guide_id=guide_id,
            source=source,
            note=note,
        )

        return appointment_create
