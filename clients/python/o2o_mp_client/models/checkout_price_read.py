from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preview_warning import PreviewWarning
    from ..models.priced_line_read import PricedLineRead


T = TypeVar("T", bound="CheckoutPriceRead")


@_attrs_define
class CheckoutPriceRead:
    """The price an order placed now from this cart would get (orders.pricing).

    Attributes:
        lines (list[PricedLineRead]):
        subtotal_fen (int):
        coupon_discount_fen (int):
        points_spent (int):
        points_discount_fen (int):
        total_fen (int): to pay in money; the order's total_fen
        currency (str):
        points_balance (int):
        points_max (int): the most points this cart can use
        points_requested (int | Unset): `points` as sent Default: 0.
        points_clamped (bool | Unset): fewer points are used than requested (the balance or the cart's cap);
            `points_spent` is what is used Default: False.
        points_note (None | str | Unset): why, when clamped
        warnings (list[PreviewWarning] | Unset): what placing this cart now would refuse, e.g. `out_of_stock` at the
            store
    """

    lines: list[PricedLineRead]
    subtotal_fen: int
    coupon_discount_fen: int
    points_spent: int
    points_discount_fen: int
    total_fen: int
    currency: str
    points_balance: int
    points_max: int
    points_requested: int | Unset = 0
    points_clamped: bool | Unset = False
    points_note: str | Unset | None = UNSET
    warnings: list[PreviewWarning] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        subtotal_fen = self.subtotal_fen

        coupon_discount_fen = self.coupon_discount_fen

        points_spent = self.points_spent

        points_discount_fen = self.points_discount_fen

        total_fen = self.total_fen

        currency = self.currency

        points_balance = self.points_balance

        points_max = self.points_max

        points_requested = self.points_requested

        points_clamped = self.points_clamped

        points_note: str | Unset | None
        if isinstance(self.points_note, Unset):
            points_note = UNSET
        else:
            points_note = self.points_note

        warnings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = []
            for warnings_item_data in self.warnings:
                warnings_item = warnings_item_data.to_dict()
                warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lines": lines,
                "subtotal_fen": subtotal_fen,
                "coupon_discount_fen": coupon_discount_fen,
                "points_spent": points_spent,
                "points_discount_fen": points_discount_fen,
                "total_fen": total_fen,
                "currency": currency,
                "points_balance": points_balance,
                "points_max": points_max,
            }
        )
        if points_requested is not UNSET:
            field_dict["points_requested"] = points_requested
        if points_clamped is not UNSET:
            field_dict["points_clamped"] = points_clamped
        if points_note is not UNSET:
            field_dict["points_note"] = points_note
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_warning import PreviewWarning
        from ..models.priced_line_read import PricedLineRead

        d = dict(src_dict)
        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = PricedLineRead.from_dict(lines_item_data)

            lines.append(lines_item)

        subtotal_fen = d.pop("subtotal_fen")

        coupon_discount_fen = d.pop("coupon_discount_fen")

        points_spent = d.pop("points_spent")

        points_discount_fen = d.pop("points_discount_fen")

        total_fen = d.pop("total_fen")

        currency = d.pop("currency")

        points_balance = d.pop("points_balance")

        points_max = d.pop("points_max")

        points_requested = d.pop("points_requested", UNSET)

        points_clamped = d.pop("points_clamped", UNSET)

        def _parse_points_note(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        points_note = _parse_points_note(d.pop("points_note", UNSET))

        _warnings = d.pop("warnings", UNSET)
        warnings: list[PreviewWarning] | Unset = UNSET
        if _warnings is not UNSET:
            warnings = []
            for warnings_item_data in _warnings:
                warnings_item = PreviewWarning.from_dict(warnings_item_data)

                warnings.append(warnings_item)

        checkout_price_read = cls(
            lines=lines,
            subtotal_fen=subtotal_fen,
            coupon_discount_fen=coupon_discount_fen,
            points_spent=points_spent,
            points_discount_fen=points_discount_fen,
            total_fen=total_fen,
            currency=currency,
            points_balance=points_balance,
            points_max=points_max,
            points_requested=points_requested,
            points_clamped=points_clamped,
            points_note=points_note,
            warnings=warnings,
        )

        checkout_price_read.additional_properties = d
        return checkout_price_read

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
