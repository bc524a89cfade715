from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.line_availability import LineAvailability


T = TypeVar("T", bound="PickupOption")


@_attrs_define
class PickupOption:
    """
    Attributes:
        store_id (int):
        store_code (str):
        store_name (str):
        address (str):
        distance_km (float):
        complete (bool):
        ready_at (datetime.datetime | None):
        lines (list[LineAvailability]):
    """

    store_id: int
    store_code: str
    store_name: str
    address: str
    distance_km: float
    complete: bool
    ready_at: datetime.datetime | None
    lines: list[LineAvailability]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        store_id = self.store_id

        store_code = self.store_code

        store_name = self.store_name

        address = self.address

        distance_km = self.distance_km

        complete = self.complete

        ready_at: str | None
        if isinstance(self.ready_at, datetime.datetime):
            ready_at = self.ready_at.isoformat()
        else:
            ready_at = self.ready_at

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "store_id": store_id,
                "store_code": store_code,
                "store_name": store_name,
                "address": address,
                "distance_km": distance_km,
                "complete": complete,
                "ready_at": ready_at,
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_availability import LineAvailability

        d = dict(src_dict)
        store_id = d.pop("store_id")

        store_code = d.pop("store_code")

        store_name = d.pop("store_name")

        address = d.pop("address")

        distance_km = d.pop("distance_km")

        complete = d.pop("complete")

        def _parse_ready_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ready_at_type_0 = datetime.datetime.fromisoformat(data)

                return ready_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ready_at = _parse_ready_at(d.pop("ready_at"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineAvailability.from_dict(lines_item_data)

            lines.append(lines_item)

        pickup_option = cls(
            store_id=store_id,
            store_code=store_code,
            store_name=store_name,
            address=address,
            distance_km=distance_km,
            complete=complete,
            ready_at=ready_at,
            lines=lines,
        )

        pickup_option.additional_properties = d
        return pickup_option

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
