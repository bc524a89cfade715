from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.coupon_read_kind import CouponReadKind

T = TypeVar("T", bound="CouponRead")


@_attrs_define
class CouponRead:
    """
    Attributes:
        id (int):
        name (str):
        kind (CouponReadKind):
        amount_off_fen (int | None):
        percent_off (int | None):
        max_off_fen (int | None):
        min_spend_fen (int):
        currency (str):
        valid_from (datetime.datetime):
        valid_until (datetime.datetime):
        channels (list[str]):
        region_ids (list[int]):
        store_ids (list[int]):
        sku_ids (list[int]):
        categories (list[str]):
        created_at (datetime.datetime):
    """

    id: int
    name: str
    kind: CouponReadKind
    amount_off_fen: int | None
    percent_off: int | None
    max_off_fen: int | None
    min_spend_fen: int
    currency: str
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    channels: list[str]
    region_ids: list[int]
    store_ids: list[int]
    sku_ids: list[int]
    categories: list[str]
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        kind = self.kind.value

        amount_off_fen: int | None
        amount_off_fen = self.amount_off_fen

        percent_off: int | None
        percent_off = self.percent_off

        max_off_fen: int | None
        max_off_fen = self.max_off_fen

        min_spend_fen = self.min_spend_fen

        currency = self.currency

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        channels = self.channels

        region_ids = self.region_ids

        store_ids = self.store_ids

        sku_ids = self.sku_ids

        categories = self.categories

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "kind": kind,
                "amount_off_fen": amount_off_fen,
                "percent_off": percent_off,
                "max_off_fen": max_off_fen,
                "min_spend_fen": min_spend_fen,
                "currency": currency,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "channels": channels,
                "region_ids": region_ids,
                "store_ids": store_ids,
                "sku_ids": sku_ids,
                "categories": categories,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        kind = CouponReadKind(d.pop("kind"))

        def _parse_amount_off_fen(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_off_fen = _parse_amount_off_fen(d.pop("amount_off_fen"))

        def _parse_percent_off(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        percent_off = _parse_percent_off(d.pop("percent_off"))

        def _parse_max_off_fen(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_off_fen = _parse_max_off_fen(d.pop("max_off_fen"))

        min_spend_fen = d.pop("min_spend_fen")

        currency = d.pop("currency")

        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))

        valid_until = datetime.datetime.fromisoformat(d.pop("valid_until"))

        channels = cast(list[str], d.pop("channels"))

        region_ids = cast(list[int], d.pop("region_ids"))

        store_ids = cast(list[int], d.pop("store_ids"))

        sku_ids = cast(list[int], d.pop("sku_ids"))

        categories = cast(list[str], d.pop("categories"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        coupon_read = cls(
            id=id,
            name=name,
            kind=kind,
            amount_off_fen=amount_off_fen,
            percent_off=percent_off,
            max_off_fen=max_off_fen,
            min_spend_fen=min_spend_fen,
            currency=currency,
            valid_from=valid_from,
            valid_until=valid_until,
            channels=channels,
            region_ids=region_ids,
            store_ids=store_ids,
            sku_ids=sku_ids,
            categories=categories,
            created_at=created_at,
        )

        coupon_read.additional_properties = d
        return coupon_read

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
