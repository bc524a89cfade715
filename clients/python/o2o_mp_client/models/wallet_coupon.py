from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.wallet_coupon_state import WalletCouponState

if TYPE_CHECKING:
    from ..models.coupon_read import CouponRead


T = TypeVar("T", bound="WalletCoupon")


@_attrs_define
class WalletCoupon:
    """One coupon in the member's wallet; ``id`` is what checkout takes as ``coupon_id``.

    Attributes:
        id (int):
        state (WalletCouponState):
        order_number (None | str):
        issued_at (datetime.datetime):
        redeemed_at (datetime.datetime | None):
        coupon (CouponRead):
    """

    id: int
    state: WalletCouponState
    order_number: str | None
    issued_at: datetime.datetime
    redeemed_at: datetime.datetime | None
    coupon: CouponRead
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        state = self.state.value

        order_number: str | None
        order_number = self.order_number

        issued_at = self.issued_at.isoformat()

        redeemed_at: str | None
        if isinstance(self.redeemed_at, datetime.datetime):
            redeemed_at = self.redeemed_at.isoformat()
        else:
            redeemed_at = self.redeemed_at

        coupon = self.coupon.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "state": state,
                "order_number": order_number,
                "issued_at": issued_at,
                "redeemed_at": redeemed_at,
                "coupon": coupon,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.coupon_read import CouponRead

        d = dict(src_dict)
        id = d.pop("id")

        state = WalletCouponState(d.pop("state"))

        def _parse_order_number(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        order_number = _parse_order_number(d.pop("order_number"))

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))

        def _parse_redeemed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                redeemed_at_type_0 = datetime.datetime.fromisoformat(data)

                return redeemed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        redeemed_at = _parse_redeemed_at(d.pop("redeemed_at"))

        coupon = CouponRead.from_dict(d.pop("coupon"))

        wallet_coupon = cls(
            id=id,
            state=state,
            order_number=order_number,
            issued_at=issued_at,
            redeemed_at=redeemed_at,
            coupon=coupon,
        )

        wallet_coupon.additional_properties = d
        return wallet_coupon

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
