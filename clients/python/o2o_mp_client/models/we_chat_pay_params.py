from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WeChatPayParams")


@_attrs_define
class WeChatPayParams:
    """``wx.requestPayment``'s arguments, signed (RSA) with the merchant's key.

    Attributes:
        app_id (str):
        time_stamp (str):
        nonce_str (str):
        package (str):
        sign_type (str):
        pay_sign (str):
    """

    app_id: str
    time_stamp: str
    nonce_str: str
    package: str
    sign_type: str
    pay_sign: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app_id = self.app_id

        time_stamp = self.time_stamp

        nonce_str = self.nonce_str

        package = self.package

        sign_type = self.sign_type

        pay_sign = self.pay_sign

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "appId": app_id,
                "timeStamp": time_stamp,
                "nonceStr": nonce_str,
                "package": package,
                "signType": sign_type,
                "paySign": pay_sign,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        app_id = d.pop("appId")

        time_stamp = d.pop("timeStamp")

        nonce_str = d.pop("nonceStr")

        package = d.pop("package")

        sign_type = d.pop("signType")

        pay_sign = d.pop("paySign")

        we_chat_pay_params = cls(
            app_id=app_id,
            time_stamp=time_stamp,
            nonce_str=nonce_str,
            package=package,
            sign_type=sign_type,
            pay_sign=pay_sign,
        )

        we_chat_pay_params.additional_properties = d
        return we_chat_pay_params

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
