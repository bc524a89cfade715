from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cart_line import CartLine


T = TypeVar("T", bound="CheckoutPreview")


@_attrs_define
class CheckoutPreview:
    """A cart and the points to pay with: priced as ``POST /orders`` would price it.

    Attributes:
        lines (list[CartLine]):
        points (int | Unset): points to pay with, at most Default: 0.
    """

    lines: list[CartLine]
    points: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        points = self.points

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lines": lines,
            }
        )
        if points is not UNSET:
            field_dict["points"] = points

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_line import CartLine

        d = dict(src_dict)
        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = CartLine.from_dict(lines_item_data)

            lines.append(lines_item)

        points = d.pop("points", UNSET)

        checkout_preview = cls(
            lines=lines,
            points=points,
        )

        return checkout_preview
