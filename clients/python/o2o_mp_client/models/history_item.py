from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.history_item_details import HistoryItemDetails


T = TypeVar("T", bound="HistoryItem")


@_attrs_define
class HistoryItem:
    """One thing the member did in any channel.

    Attributes:
        kind (str):
        at (datetime.datetime):
        store_id (int | None | Unset):
        touchpoint_id (int | None | Unset):
        details (HistoryItemDetails | Unset):
    """

    kind: str
    at: datetime.datetime
    store_id: int | Unset | None = UNSET
    touchpoint_id: int | Unset | None = UNSET
    details: HistoryItemDetails | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        at = self.at.isoformat()

        store_id: int | Unset | None
        if isinstance(self.store_id, Unset):
            store_id = UNSET
        else:
            store_id = self.store_id

        touchpoint_id: int | Unset | None
        if isinstance(self.touchpoint_id, Unset):
            touchpoint_id = UNSET
        else:
            touchpoint_id = self.touchpoint_id

        details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "at": at,
            }
        )
        if store_id is not UNSET:
            field_dict["store_id"] = store_id
        if touchpoint_id is not UNSET:
            field_dict["touchpoint_id"] = touchpoint_id
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.history_item_details import HistoryItemDetails

        d = dict(src_dict)
        kind = d.pop("kind")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_store_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        store_id = _parse_store_id(d.pop("store_id", UNSET))

        def _parse_touchpoint_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        touchpoint_id = _parse_touchpoint_id(d.pop("touchpoint_id", UNSET))

        _details = d.pop("details", UNSET)
        details: HistoryItemDetails | Unset
        if isinstance(_details, Unset):
            details = UNSET
        else:
            details = HistoryItemDetails.from_dict(_details)

        history_item = cls(
            kind=kind,
            at=at,
            store_id=store_id,
            touchpoint_id=touchpoint_id,
            details=details,
        )

        history_item.additional_properties = d
        return history_item

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
