from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PayLinkOpen")


@_attrs_define
class PayLinkOpen:
    """The ``link`` parameter of the pay page the member opened.

    Attributes:
        link (str):
    """

    link: str

    def to_dict(self) -> dict[str, Any]:
        link = self.link

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "link": link,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        link = d.pop("link")

        pay_link_open = cls(
            link=link,
        )

        return pay_link_open
