from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RecommendationSettings")


@_attrs_define
class RecommendationSettings:
    """Personal suggestions on or off (PIPL Art. 24: the member may refuse them).

    Attributes:
        personalised (bool):
    """

    personalised: bool

    def to_dict(self) -> dict[str, Any]:
        personalised = self.personalised

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "personalised": personalised,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        personalised = d.pop("personalised")

        recommendation_settings = cls(
            personalised=personalised,
        )

        return recommendation_settings
