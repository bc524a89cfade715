from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.appointment_create_source import AppointmentCreateSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.try_on_item import TryOnItem


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
        try_on (list[TryOnItem] | Unset):
    """

    store_id: int
    service_id: int
    starts_at: datetime.datetime
    guide_id: int | Unset | None = UNSET
    source: AppointmentCreateSource | Unset = AppointmentCreateSource.STORE_PAGE
    note: str | Unset = ""
    try_on: list[TryOnItem] | Unset = UNSET

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

        try_on: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.try_on, Unset):
            try_on = []
            for try_on_item_data in self.try_on:
                try_on_item = try_on_item_data.to_dict()
                try_on.append(try_on_item)

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
        if try_on is not UNSET:
            field_dict["try_on"] = try_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.try_on_item import TryOnItem

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

        _try_on = d.pop("try_on", UNSET)
        try_on: list[TryOnItem] | Unset = UNSET
        if _try_on is not UNSET:
            try_on = []
            for try_on_item_data in _try_on:
                try_on_item = TryOnItem.from_dict(try_on_item_data)

                try_on.append(try_on_item)

        appointment_create = cls(
            store_id=store_id,
            service_id=service_id,
            starts_at=starts_at,
            guide_id=guide_id,
            source=source,
            note=note,
            try_on=try_on,
        )

        return appointment_create
