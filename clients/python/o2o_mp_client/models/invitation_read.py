from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InvitationRead")


@_attrs_define
class InvitationRead:
    """An open invitation: the moment asked about and until when it can be answered.

    Attributes:
        occasion_id (int):
        kind (str):
        stage (str):
        store_id (int | None):
        guide_id (int | None):
        invited_at (datetime.datetime):
        answer_by (datetime.datetime):
    """

    occasion_id: int
    kind: str
    stage: str
    store_id: int | None
    guide_id: int | None
    invited_at: datetime.datetime
    answer_by: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        occasion_id = self.occasion_id

        kind = self.kind

        stage = self.stage

        store_id: int | None
        store_id = self.store_id

        guide_id: int | None
        guide_id = self.guide_id

        invited_at = self.invited_at.isoformat()

        answer_by = self.answer_by.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "occasion_id": occasion_id,
                "kind": kind,
                "stage": stage,
                "store_id": store_id,
                "guide_id": guide_id,
                "invited_at": invited_at,
                "answer_by": answer_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occasion_id = d.pop("occasion_id")

        kind = d.pop("kind")

        stage = d.pop("stage")

        def _parse_store_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        store_id = _parse_store_id(d.pop("store_id"))

        def _parse_guide_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        guide_id = _parse_guide_id(d.pop("guide_id"))

        invited_at = datetime.datetime.fromisoformat(d.pop("invited_at"))

        answer_by = datetime.datetime.fromisoformat(d.pop("answer_by"))

        invitation_read = cls(
            occasion_id=occasion_id,
            kind=kind,
            stage=stage,
            store_id=store_id,
            guide_id=guide_id,
            invited_at=invited_at,
            answer_by=answer_by,
        )

        invitation_read.additional_properties = d
        return invitation_read

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
