from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.feedback_create_scale import FeedbackCreateScale
from ..types import UNSET, Unset

T = TypeVar("T", bound="FeedbackCreate")


@_attrs_define
class FeedbackCreate:
    """One answer to one invitation: an NPS (0-10) or a CSAT (1-5) score.

    Attributes:
        occasion_id (int): the invitation's id (sent in the invitation)
        scale (FeedbackCreateScale):
        score (int):
        tags (list[str] | Unset):
        comment (str | Unset):  Default: ''.
    """

    occasion_id: int
    scale: FeedbackCreateScale
    score: int
    tags: list[str] | Unset = UNSET
    comment: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        occasion_id = self.occasion_id

        scale = self.scale.value

        score = self.score

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        comment = self.comment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "occasion_id": occasion_id,
                "scale": scale,
                "score": score,
            }
        )
        if tags is not UNSET:
            field_dict["tags"] = tags
        if comment is not UNSET:
            field_dict["comment"] = comment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        occasion_id = d.pop("occasion_id")

        scale = FeedbackCreateScale(d.pop("scale"))

        score = d.pop("score")

        tags = cast(list[str], d.pop("tags", UNSET))

        comment = d.pop("comment", UNSET)

        feedback_create = cls(
            occasion_id=occasion_id,
            scale=scale,
            score=score,
            tags=tags,
            comment=comment,
        )

        feedback_create.additional_properties = d
        return feedback_create

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
