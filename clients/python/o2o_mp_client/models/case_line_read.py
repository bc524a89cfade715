from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CaseLineRead")


@_attrs_define
class CaseLineRead:
    """A case's line with the money a guide weighs: the unit price paid and, for an
    exchange, the replacement's price now (they must match: ``exchange_price_differs``).

        Attributes:
            sku_id (int):
            quantity (int):
            exchange_sku_id (int | None | Unset):
            paid_unit_fen (int | None | Unset): unit price on the order
            exchange_price_fen (int | None | Unset): the replacement's price now (an exchange only)
    """

    sku_id: int
    quantity: int
    exchange_sku_id: int | Unset | None = UNSET
    paid_unit_fen: int | Unset | None = UNSET
    exchange_price_fen: int | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sku_id = self.sku_id

        quantity = self.quantity

        exchange_sku_id: int | Unset | None
        if isinstance(self.exchange_sku_id, Unset):
            exchange_sku_id = UNSET
        else:
            exchange_sku_id = self.exchange_sku_id

        paid_unit_fen: int | Unset | None
        if isinstance(self.paid_unit_fen, Unset):
            paid_unit_fen = UNSET
        else:
            paid_unit_fen = self.paid_unit_fen

        exchange_price_fen: int | Unset | None
        if isinstance(self.exchange_price_fen, Unset):
            exchange_price_fen = UNSET
        else:
            exchange_price_fen = self.exchange_price_fen

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sku_id": sku_id,
                "quantity": quantity,
            }
        )
        if exchange_sku_id is not UNSET:
            field_dict["exchange_sku_id"] = exchange_sku_id
        if paid_unit_fen is not UNSET:
            field_dict["paid_unit_fen"] = paid_unit_fen
        if exchange_price_fen is not UNSET:
            field_dict["exchange_price_fen"] = exchange_price_fen

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku_id = d.pop("sku_id")

        quantity = d.pop("quantity")

        def _parse_exchange_sku_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        exchange_sku_id = _parse_exchange_sku_id(d.pop("exchange_sku_id", UNSET))

        def _parse_paid_unit_fen(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        paid_unit_fen = _parse_paid_unit_fen(d.pop("paid_unit_fen", UNSET))

        def _parse_exchange_price_fen(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        exchange_price_fen = _parse_exchange_price_fen(d.pop("exchange_price_fen", UNSET))

        case_line_read = cls(
            sku_id=sku_id,
            quantity=quantity,
            exchange_sku_id=exchange_sku_id,
            paid_unit_fen=paid_unit_fen,
            exchange_price_fen=exchange_price_fen,
        )

        case_line_read.additional_properties = d
        return case_line_read

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
