from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ServiceRead")


@_attrs_define
class ServiceRead:
    """
    Attributes:
        id (int):
        store_id (int):
        name (str):
        description (str):
        duration_minutes (int):
        buffer_before_minutes (int):
        buffer_after_minutes (int):
        interval_minutes (int):
        price_fen (int):
        currency (str):
        active (bool):
        guide_ids (list[int] | Unset):
    """

    id: int
    store_id: int
    name: str
    description: str
    duration_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    interval_minutes: int
    price_fen: int
    currency: str
    active: bool
    guide_ids: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        store_id = self.store_id

        name = self.name

        description = self.description

        duration_minutes = self.duration_minutes

        buffer_before_minutes = self.buffer_before_minutes

        buffer_after_minutes = self.buffer_after_minutes

        interval_minutes = self.interval_minutes

        price_fen = self.price_fen

        currency = self.currency

        active = self.active

        guide_ids: list[int] | Unset = UNSET
        if not isinstance(self.guide_ids, Unset):
            guide_ids = self.guide_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "store_id": store_id,
                "name": name,
                "description": description,
                "duration_minutes": duration_minutes,
                "buffer_before_minutes": buffer_before_minutes,
                "buffer_after_minutes": buffer_after_minutes,
                "interval_minutes": interval_minutes,
                "price_fen": price_fen,
                "currency": currency,
                "active": active,
            }
        )
        if guide_ids is not UNSET:
            field_dict["guide_ids"] = guide_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        store_id = d.pop("store_id")

        name = d.pop("name")

        description = d.pop("description")

        duration_minutes = d.pop("duration_minutes")

        buffer_before_minutes = d.pop("buffer_before_minutes")

        buffer_after_minutes = d.pop("buffer_after_minutes")

        interval_minutes = d.pop("interval_minutes")

        price_fen = d.pop("price_fen")

        currency = d.pop("currency")

        active = d.pop("active")

        guide_ids = cast(list[int], d.pop("guide_ids", UNSET))

        service_read = cls(
            id=id,
            store_id=store_id,
            name=name,
            description=description,
            duration_minutes=duration_minutes,
            buffer_before_minutes=buffer_before_minutes,
            buffer_after_minutes=buffer_after_minutes,
            interval_minutes=interval_minutes,
            price_fen=price_fen,
            currency=currency,
            active=active,
            guide_ids=guide_ids,
        )

        service_read.additional_properties = d
        return service_read

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
