from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.feedback_read_scale import FeedbackReadScale

T = TypeVar("T", bound="FeedbackRead")


@_attrs_define
class FeedbackRead:
    """
    Attributes:
        id (int):
        occasion_id (int):
        scale (FeedbackReadScale):
        score (int):
        tags (list[str]):
        comment (str):
        kind (str):
        stage (str):
        touchpoint_id (int | None):
        store_id (int | None):
        guide_id (int | None):
        needs_case (bool):
        answered_at (datetime.datetime):
    """

    id: int
    occasion_id: int
    scale: FeedbackReadScale
    score: int
    tags: list[str]
    comment: str
    kind: str
    stage: str
    touchpoint_id: int | None
    store_id: int | None
    guide_id: int | None
    needs_case: bool
    answered_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        occasion_id = self.occasion_id

        scale = self.scale.value

        score = self.score

        tags = self.tags

        comment = self.comment

        kind = self.kind

        stage = self.stage

        touchpoint_id: int | None
        touchpoint_id = self.touchpoint_id

        store_id: int | None
        store_id = self.store_id

        guide_id: int | None
        guide_id = self.guide_id

        needs_case = self.needs_case

        answered_at = self.answered_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "occasion_id": occasion_id,
                "scale": scale,
                "score": score,
                "tags": tags,
                "comment": comment,
                "kind": kind,
                "stage": stage,
                "touchpoint_id": touchpoint_id,
                "store_id": store_id,
                "guide_id": guide_id,
                "needs_case": needs_case,
                "answered_at": answered_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        occasion_id = d.pop("occasion_id")

        scale = FeedbackReadScale(d.pop("scale"))

        score = d.pop("score")

        tags = cast(list[str], d.pop("tags"))

        comment = d.pop("comment")

        kind = d.pop("kind")

        stage = d.pop("stage")

        def _parse_touchpoint_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        touchpoint_id = _parse_touchpoint_id(d.pop("touchpoint_id"))

        def _parse_store_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        store_id = _parse_store_id(d.pop("store_id"))

        def _parse_guide_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        guide_id = _parse_guide_id(d.pop("guide_id"))

        needs_case = d.pop("needs_case")

        answered_at = datetime.datetime.fromisoformat(d.pop("answered_at"))

        feedback_read = cls(
            id=id,
            occasion_id=occasion_id,
            scale=scale,
            score=score,
            tags=tags,
            comment=comment,
            kind=kind,
            stage=stage,
            touchpoint_id=touchpoint_id,
            store_id=store_id,
            guide_id=guide_id,
            needs_case=needs_case,
            answered_at=answered_at,
        )

        feedback_read.additional_properties = d
        return feedback_read

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
