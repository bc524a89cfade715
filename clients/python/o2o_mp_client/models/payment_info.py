from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentInfo")


@_attrs_define
class PaymentInfo:
    """
    Attributes:
        gateway (str):
        intent_id (None | str):
        client_secret (None | str):
        status (str):
    """

    gateway: str
    intent_id: str | None
    client_secret: str | None
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        gateway = self.gateway

        intent_id: str | None
        intent_id = self.intent_id

        client_secret: str | None
        client_secret = self.client_secret

        status = self.status

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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
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

        payment_info = cls(
            gateway=gateway,
            intent_id=intent_id,
            client_secret=client_secret,
            status=status,
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
