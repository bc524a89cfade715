from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.we_chat_pay_params import WeChatPayParams


T = TypeVar("T", bound="PaymentInfo")


@_attrs_define
class PaymentInfo:
    """
    Attributes:
        gateway (str):
        intent_id (None | str):
        client_secret (None | str):
        status (str):
        wechat_pay (None | Unset | WeChatPayParams): WeChat Pay only, while the order awaits payment: pass to
            wx.requestPayment
    """

    gateway: str
    intent_id: str | None
    client_secret: str | None
    status: str
    wechat_pay: Unset | WeChatPayParams | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.we_chat_pay_params import WeChatPayParams

        gateway = self.gateway

        intent_id: str | None
        intent_id = self.intent_id

        client_secret: str | None
        client_secret = self.client_secret

        status = self.status

        wechat_pay: dict[str, Any] | Unset | None
        if isinstance(self.wechat_pay, Unset):
            wechat_pay = UNSET
        elif isinstance(self.wechat_pay, WeChatPayParams):
            wechat_pay = self.wechat_pay.to_dict()
        else:
            wechat_pay = self.wechat_pay

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "gateway": gateway,
                "intent_id": intent_id,
                "client_secret": client_secret,
                "status": status,
            }
        )
        if wechat_pay is not UNSET:
            field_dict["wechat_pay"] = wechat_pay

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.we_chat_pay_params import WeChatPayParams

        d = dict(src_dict)
        gateway = d.pop("gateway")

        def _parse_intent_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        intent_id = _parse_intent_id(d.pop("intent_id"))

        def _parse_client_secret(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        client_secret = _parse_client_secret(d.pop("client_secret"))

        status = d.pop("status")

        def _parse_wechat_pay(data: object) -> Unset | WeChatPayParams | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                wechat_pay_type_0 = WeChatPayParams.from_dict(data)

                return wechat_pay_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WeChatPayParams, data)

        wechat_pay = _parse_wechat_pay(d.pop("wechat_pay", UNSET))

        payment_info = cls(
            gateway=gateway,
            intent_id=intent_id,
            client_secret=client_secret,
            status=status,
            wechat_pay=wechat_pay,
        )

        payment_info.additional_properties = d
        return payment_info

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
