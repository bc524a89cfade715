from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PointsEntryRead")


@_attrs_define
class PointsEntryRead:
    """
    Attributes:
        id (int):
        member_id (int):
        delta (int):
        source (str):
        reason (str):
        balance_after (int):
        created_at (datetime.datetime):
        replayed (bool | Unset):  Default: False.
    """

    id: int
    member_id: int
    delta: int
    source: str
    reason: str
    balance_after: int
    created_at: datetime.datetime
    replayed: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        member_id = self.member_id

        delta = self.delta

        source = self.source

        reason = self.reason

        balance_after = self.balance_after

        created_at = self.created_at.isoformat()

        replayed = self.replayed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member_id": member_id,
                "delta": delta,
                "source": source,
                "reason": reason,
                "balance_after": balance_after,
                "created_at": created_at,
            }
        )
        if replayed is not UNSET:
            field_dict["replayed"] = replayed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        member_id = d.pop("member_id")

        delta = d.pop("delta")

        source = d.pop("source")

        reason = d.pop("reason")

        balance_after = d.pop("balance_after")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        replayed = d.pop("replayed", UNSET)

        points_entry_read = cls(
            id=id,
            member_id=member_id,
            delta=delta,
            source=source,
            reason=reason,
            balance_after=balance_after,
            created_at=created_at,
            replayed=replayed,
        )

        points_entry_read.additional_properties = d
        return points_entry_read

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
