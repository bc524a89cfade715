from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.case_create_kind import CaseCreateKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.case_line import CaseLine


T = TypeVar("T", bound="CaseCreate")


@_attrs_define
class CaseCreate:
    """A shopper's return, exchange or complaint on one of their orders.

    Attributes:
        kind (CaseCreateKind):
        reason (str):
        lines (list[CaseLine] | Unset):
        photo_urls (list[str] | Unset):
    """

    kind: CaseCreateKind
    reason: str
    lines: list[CaseLine] | Unset = UNSET
    photo_urls: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        reason = self.reason

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        photo_urls: list[str] | Unset = UNSET
        if not isinstance(self.photo_urls, Unset):
            photo_urls = self.photo_urls

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "reason": reason,
            }
        )
        if lines is not UNSET:
            field_dict["lines"] = lines
        if photo_urls is not UNSET:
            field_dict["photo_urls"] = photo_urls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.case_line import CaseLine

        d = dict(src_dict)
        kind = CaseCreateKind(d.pop("kind"))

        reason = d.pop("reason")

        _lines = d.pop("lines", UNSET)
        lines: list[CaseLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = CaseLine.from_dict(lines_item_data)

                lines.append(lines_item)

        photo_urls = cast(list[str], d.pop("photo_urls", UNSET))

        case_create = cls(
            kind=kind,
            reason=reason,
            lines=lines,
            photo_urls=photo_urls,
        )

        return case_create
