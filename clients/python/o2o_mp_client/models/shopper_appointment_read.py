from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.try_on_item import TryOnItem


T = TypeVar("T", bound="ShopperAppointmentRead")


@_attrs_define
class ShopperAppointmentRead:
    """An appointment as its shopper reads it: names beside the ids, times in the store's zone
    (and, as ``AppointmentMine``, without the guide's closing note).

        Attributes:
            id (int):
            store_id (int):
            guide_id (int):
            service_id (int):
            member_id (int):
            status (str):
            starts_at (datetime.datetime):
            ends_at (datetime.datetime):
            source (str):
            note (str):
            cancel_reason (None | str):
            cancelled_by (None | str):
            checked_in_at (datetime.datetime | None):
            completed_at (datetime.datetime | None):
            created_at (datetime.datetime):
            store_name (str):
            service_name (str):
            guide_name (str):
            store_timezone (str):
            starts_at_local (datetime.datetime):
            ends_at_local (datetime.datetime):
            outcome (None | str | Unset):
            order_number (None | str | Unset):
            follow_up_on (datetime.date | None | Unset):
            try_on (list[TryOnItem] | Unset):
    """

    id: int
    store_id: int
    guide_id: int
    service_id: int
    member_id: int
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    source: str
    note: str
    cancel_reason: str | None
    cancelled_by: str | None
    checked_in_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    created_at: datetime.datetime
    store_name: str
    service_name: str
    guide_name: str
    store_timezone: str
    starts_at_local: datetime.datetime
    ends_at_local: datetime.datetime
    outcome: str | Unset | None = UNSET
    order_number: str | Unset | None = UNSET
    follow_up_on: datetime.date | Unset | None = UNSET
    try_on: list[TryOnItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        store_id = self.store_id

        guide_id = self.guide_id

        service_id = self.service_id

        member_id = self.member_id

        status = self.status

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        source = self.source

        note = self.note

        cancel_reason: str | None
        cancel_reason = self.cancel_reason

        cancelled_by: str | None
        cancelled_by = self.cancelled_by

        checked_in_at: str | None
        if isinstance(self.checked_in_at, datetime.datetime):
            checked_in_at = self.checked_in_at.isoformat()
        else:
            checked_in_at = self.checked_in_at

        completed_at: str | None
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        created_at = self.created_at.isoformat()

        store_name = self.store_name

        service_name = self.service_name

        guide_name = self.guide_name

        store_timezone = self.store_timezone

        starts_at_local = self.starts_at_local.isoformat()

        ends_at_local = self.ends_at_local.isoformat()

        outcome: str | Unset | None
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        else:
            outcome = self.outcome

        order_number: str | Unset | None
        if isinstance(self.order_number, Unset):
            order_number = UNSET
        else:
            order_number = self.order_number

        follow_up_on: str | Unset | None
        if isinstance(self.follow_up_on, Unset):
            follow_up_on = UNSET
        elif isinstance(self.follow_up_on, datetime.date):
            follow_up_on = self.follow_up_on.isoformat()
        else:
            follow_up_on = self.follow_up_on

        try_on: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.try_on, Unset):
            try_on = []
            for try_on_item_data in self.try_on:
                try_on_item = try_on_item_data.to_dict()
                try_on.append(try_on_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "store_id": store_id,
                "guide_id": guide_id,
                "service_id": service_id,
                "member_id": member_id,
                "status": status,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "source": source,
                "note": note,
                "cancel_reason": cancel_reason,
                "cancelled_by": cancelled_by,
                "checked_in_at": checked_in_at,
                "completed_at": completed_at,
                "created_at": created_at,
                "store_name": store_name,
                "service_name": service_name,
                "guide_name": guide_name,
                "store_timezone": store_timezone,
                "starts_at_local": starts_at_local,
                "ends_at_local": ends_at_local,
            }
        )
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if order_number is not UNSET:
            field_dict["order_number"] = order_number
        if follow_up_on is not UNSET:
            field_dict["follow_up_on"] = follow_up_on
        if try_on is not UNSET:
            field_dict["try_on"] = try_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.try_on_item import TryOnItem

        d = dict(src_dict)
        id = d.pop("id")

        store_id = d.pop("store_id")

        guide_id = d.pop("guide_id")

        service_id = d.pop("service_id")

        member_id = d.pop("member_id")

        status = d.pop("status")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        source = d.pop("source")

        note = d.pop("note")

        def _parse_cancel_reason(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_reason = _parse_cancel_reason(d.pop("cancel_reason"))

        def _parse_cancelled_by(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        cancelled_by = _parse_cancelled_by(d.pop("cancelled_by"))

        def _parse_checked_in_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                checked_in_at_type_0 = datetime.datetime.fromisoformat(data)

                return checked_in_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        checked_in_at = _parse_checked_in_at(d.pop("checked_in_at"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        store_name = d.pop("store_name")

        service_name = d.pop("service_name")

        guide_name = d.pop("guide_name")

        store_timezone = d.pop("store_timezone")

        starts_at_local = datetime.datetime.fromisoformat(d.pop("starts_at_local"))

        ends_at_local = datetime.datetime.fromisoformat(d.pop("ends_at_local"))

        def _parse_outcome(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        outcome = _parse_outcome(d.pop("outcome", UNSET))

        def _parse_order_number(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_number = _parse_order_number(d.pop("order_number", UNSET))

        def _parse_follow_up_on(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                follow_up_on_type_0 = datetime.date.fromisoformat(data)

                return follow_up_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        follow_up_on = _parse_follow_up_on(d.pop("follow_up_on", UNSET))

        _try_on = d.pop("try_on", UNSET)
        try_on: list[TryOnItem] | Unset = UNSET
        if _try_on is not UNSET:
            try_on = []
            for try_on_item_data in _try_on:
                try_on_item = TryOnItem.from_dict(try_on_item_data)

                try_on.append(try_on_item)

        shopper_appointment_read = cls(
            id=id,
            store_id=store_id,
            guide_id=guide_id,
            service_id=service_id,
            member_id=member_id,
            status=status,
            starts_at=starts_at,
            ends_at=ends_at,
            source=source,
            note=note,
            cancel_reason=cancel_reason,
            cancelled_by=cancelled_by,
            checked_in_at=checked_in_at,
            completed_at=completed_at,
            created_at=created_at,
            store_name=store_name,
            service_name=service_name,
            guide_name=guide_name,
            store_timezone=store_timezone,
            starts_at_local=starts_at_local,
            ends_at_local=ends_at_local,
            outcome=outcome,
            order_number=order_number,
            follow_up_on=follow_up_on,
            try_on=try_on,
        )

        shopper_appointment_read.additional_properties = d
        return shopper_appointment_read

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
