from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScanCreate")


@_attrs_define
class ScanCreate:
    """
    Attributes:
        device_id (str):
        token (None | str | Unset):
        scene (None | str | Unset):
        latitude (float | None | Unset):
        longitude (float | None | Unset):
    """

    device_id: str
    token: str | Unset | None = UNSET
    scene: str | Unset | None = UNSET
    latitude: float | Unset | None = UNSET
    longitude: float | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        token: str | Unset | None
        if isinstance(self.token, Unset):
            token = UNSET
        else:
            token = self.token

        scene: str | Unset | None
        if isinstance(self.scene, Unset):
            scene = UNSET
        else:
            scene = self.scene

        latitude: float | Unset | None
        if isinstance(self.latitude, Unset):
            latitude = UNSET
        else:
            latitude = self.latitude

        longitude: float | Unset | None
        if isinstance(self.longitude, Unset):
            longitude = UNSET
        else:
            longitude = self.longitude

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "device_id": device_id,
            }
        )
        if token is not UNSET:
            field_dict["token"] = token
        if scene is not UNSET:
            field_dict["scene"] = scene
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_id = d.pop("device_id")

        def _parse_token(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        token = _parse_token(d.pop("token", UNSET))

        def _parse_scene(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scene = _parse_scene(d.pop("scene", UNSET))

        def _parse_latitude(data: object) -> float | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        latitude = _parse_latitude(d.pop("latitude", UNSET))

        def _parse_longitude(data: object) -> float | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        longitude = _parse_longitude(d.pop("longitude", UNSET))

        scan_create = cls(
            device_id=device_id,
            token=token,
            scene=scene,
            latitude=latitude,
            longitude=longitude,
        )

        return scan_create
