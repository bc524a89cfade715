from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.member_read import MemberRead


T = TypeVar("T", bound="LoginRead")


@_attrs_define
class LoginRead:
    """
    Attributes:
        access_token (str):
        expires_in (int):
        member (MemberRead):
        created (bool):
        token_type (str | Unset):  Default: 'bearer'.
        scans_joined (int | Unset):  Default: 0.
    """

    access_token: str
    expires_in: int
    member: MemberRead
    created: bool
    token_type: str | Unset = "bearer"
    scans_joined: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        expires_in = self.expires_in

        member = self.member.to_dict()

        created = self.created

        token_type = self.token_type

        scans_joined = self.scans_joined

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "expires_in": expires_in,
                "member": member,
                "created": created,
            }
        )
        if token_type is not UNSET:
            field_dict["token_type"] = token_type
        if scans_joined is not UNSET:
            field_dict["scans_joined"] = scans_joined

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_read import MemberRead

        d = dict(src_dict)
        access_token = d.pop("access_token")

        expires_in = d.pop("expires_in")

        member = MemberRead.from_dict(d.pop("member"))

        created = d.pop("created")

        token_type = d.pop("token_type", UNSET)

        scans_joined = d.pop("scans_joined", UNSET)

        login_read = cls(
            access_token=access_token,
            expires_in=expires_in,
            member=member,
            created=created,
            token_type=token_type,
            scans_joined=scans_joined,
        )

        login_read.additional_properties = d
        return login_read

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
