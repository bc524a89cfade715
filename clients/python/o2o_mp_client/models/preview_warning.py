from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preview_warning_details_type_0 import PreviewWarningDetailsType0


T = TypeVar("T", bound="PreviewWarning")


@_attrs_define
class PreviewWarning:
    """What placing this cart now would refuse, with the error ``code`` it would answer.

    Attributes:
        code (str):
        message (str):
        details (None | PreviewWarningDetailsType0 | Unset):
    """

    code: str
    message: str
    details: PreviewWarningDetailsType0 | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_warning_details_type_0 import PreviewWarningDetailsType0

        code = self.code

        message = self.message

        details: dict[str, Any] | Unset | None
        if isinstance(self.details, Unset):
            details = UNSET
        elif isinstance(self.details, PreviewWarningDetailsType0):
            details = self.details.to_dict()
        else:
            details = self.details

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_warning_details_type_0 import PreviewWarningDetailsType0

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        def _parse_details(data: object) -> PreviewWarningDetailsType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = PreviewWarningDetailsType0.from_dict(data)

                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreviewWarningDetailsType0 | Unset, data)

        details = _parse_details(d.pop("details", UNSET))

        preview_warning = cls(
            code=code,
            message=message,
            details=details,
        )

        preview_warning.additional_properties = d
        return preview_warning

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
