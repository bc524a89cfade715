from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cart_line import CartLine


T = TypeVar("T", bound="CheckoutPreview")


@_attrs_define
class CheckoutPreview:
    """A cart, the points and the coupon to pay with: priced as ``POST /orders`` would price it.

    With a coupon, send what the order will send about where it is collected and who
    to credit (``store_id``; ``touchpoint_id``, ``guide_id``, ``share``): a coupon may
    hold for some stores, regions or channels only.

        Attributes:
            lines (list[CartLine]):
            points (int | Unset): points to pay with, at most Default: 0.
            coupon_id (int | None | Unset): a usable coupon of your wallet (`id` in GET /coupons)
            store_id (int | None | Unset): the pickup store; none: delivery
            touchpoint_id (int | None | Unset):
            guide_id (int | None | Unset):
            share (None | str | Unset):
    """

    lines: list[CartLine]
    points: int | Unset = 0
    coupon_id: int | Unset | None = UNSET
    store_id: int | Unset | None = UNSET
    touchpoint_id: int | Unset | None = UNSET
    guide_id: int | Unset | None = UNSET
    share: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        points = self.points

        coupon_id: int | Unset | None
        if isinstance(self.coupon_id, Unset):
            coupon_id = UNSET
        else:
            coupon_id = self.coupon_id

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

        guide_id: int | Unset | None
        if isinstance(self.guide_id, Unset):
            guide_id = UNSET
        else:
            guide_id = self.guide_id

        share: str | Unset | None
        if isinstance(self.share, Unset):
            share = UNSET
        else:
            share = self.share

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lines": lines,
            }
        )
        if points is not UNSET:
            field_dict["points"] = points
        if coupon_id is not UNSET:
            field_dict["coupon_id"] = coupon_id
        if store_id is not UNSET:
            field_dict["store_id"] = store_id
        if touchpoint_id is not UNSET:
            field_dict["touchpoint_id"] = touchpoint_id
        if guide_id is not UNSET:
            field_dict["guide_id"] = guide_id
        if share is not UNSET:
            field_dict["share"] = share

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

        def _parse_coupon_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        coupon_id = _parse_coupon_id(d.pop("coupon_id", UNSET))

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

        def _parse_guide_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        guide_id = _parse_guide_id(d.pop("guide_id", UNSET))

        def _parse_share(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        share = _parse_share(d.pop("share", UNSET))

        checkout_preview = cls(
            lines=lines,
            points=points,
            coupon_id=coupon_id,
            store_id=store_id,
            touchpoint_id=touchpoint_id,
            guide_id=guide_id,
            share=share,
        )

        return checkout_preview
