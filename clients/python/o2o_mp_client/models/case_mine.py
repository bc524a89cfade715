from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.case_line_read import CaseLineRead
    from ..models.case_step_mine import CaseStepMine


T = TypeVar("T", bound="CaseMine")


@_attrs_define
class CaseMine:
    """A case as its shopper reads it (the mini-program).

    Attributes:
        id (int):
        kind (str):
        status (str):
        member_id (int):
        store_id (int | None):
        order_number (None | str):
        summary (str):
        lines (list[CaseLineRead]):
        photo_urls (list[str]):
        outcome (None | str):
        due_at (datetime.datetime):
        acted_at (datetime.datetime | None):
        closed_at (datetime.datetime | None):
        created_at (datetime.datetime):
        steps (list[CaseStepMine]):
    """

    id: int
    kind: str
    status: str
    member_id: int
    store_id: int | None
    order_number: str | None
    summary: str
    lines: list[CaseLineRead]
    photo_urls: list[str]
    outcome: str | None
    due_at: datetime.datetime
    acted_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    created_at: datetime.datetime
    steps: list[CaseStepMine]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        status = self.status

        member_id = self.member_id

        store_id: int | None
        store_id = self.store_id

        order_number: str | None
        order_number = self.order_number

        summary = self.summary

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        photo_urls = self.photo_urls

        outcome: str | None
        outcome = self.outcome

        due_at = self.due_at.isoformat()

        acted_at: str | None
        if isinstance(self.acted_at, datetime.datetime):
            acted_at = self.acted_at.isoformat()
        else:
            acted_at = self.acted_at

        closed_at: str | None
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        created_at = self.created_at.isoformat()

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "status": status,
                "member_id": member_id,
                "store_id": store_id,
                "order_number": order_number,
                "summary": summary,
                "lines": lines,
                "photo_urls": photo_urls,
                "outcome": outcome,
                "due_at": due_at,
                "acted_at": acted_at,
                "closed_at": closed_at,
                "created_at": created_at,
                "steps": steps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.case_line_read import CaseLineRead
        from ..models.case_step_mine import CaseStepMine

        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        status = d.pop("status")

        member_id = d.pop("member_id")

        def _parse_store_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        store_id = _parse_store_id(d.pop("store_id"))

        def _parse_order_number(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        order_number = _parse_order_number(d.pop("order_number"))

        summary = d.pop("summary")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = CaseLineRead.from_dict(lines_item_data)

            lines.append(lines_item)

        photo_urls = cast(list[str], d.pop("photo_urls"))

        def _parse_outcome(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        def _parse_acted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acted_at_type_0 = datetime.datetime.fromisoformat(data)

                return acted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        acted_at = _parse_acted_at(d.pop("acted_at"))

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = CaseStepMine.from_dict(steps_item_data)

            steps.append(steps_item)

        case_mine = cls(
            id=id,
            kind=kind,
            status=status,
            member_id=member_id,
            store_id=store_id,
            order_number=order_number,
            summary=summary,
            lines=lines,
            photo_urls=photo_urls,
            outcome=outcome,
            due_at=due_at,
            acted_at=acted_at,
            closed_at=closed_at,
            created_at=created_at,
            steps=steps,
        )

        case_mine.additional_properties = d
        return case_mine

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
