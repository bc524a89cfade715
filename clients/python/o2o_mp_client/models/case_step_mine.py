from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CaseStepMine")


@_attrs_define
class CaseStepMine:
    """A step of the shopper's case: what happened and when; staff notes stay with staff.

    Attributes:
        action (str):
        status (str):
        actor_role (str):
        created_at (datetime.datetime):
    """

    action: str
    status: str
    actor_role: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        status = self.status

        actor_role = self.actor_role

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "status": status,
                "actor_role": actor_role,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        status = d.pop("status")

        actor_role = d.pop("actor_role")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        case_step_mine = cls(
            action=action,
            status=status,
            actor_role=actor_role,
            created_at=created_at,
        )

        case_step_mine.additional_properties = d
        return case_step_mine

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
