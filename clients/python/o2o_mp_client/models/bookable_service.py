from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.offering_guide import OfferingGuide


T = TypeVar("T", bound="BookableService")


@_attrs_define
class BookableService:
    """
    Attributes:
        id (int):
        name (str):
        description (str):
        duration_minutes (int):
        price_fen (int):
        currency (str):
        guides (list[OfferingGuide]):
    """

    id: int
    name: str
    description: str
    duration_minutes: int
    price_fen: int
    currency: str
    guides: list[OfferingGuide]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description = self.description

        duration_minutes = self.duration_minutes

        price_fen = self.price_fen

        currency = self.currency

        guides = []
        for guides_item_data in self.guides:
            guides_item = guides_item_data.to_dict()
            guides.append(guides_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "duration_minutes": duration_minutes,
                "price_fen": price_fen,
                "currency": currency,
                "guides": guides,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offering_guide import OfferingGuide

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description")

        duration_minutes = d.pop("duration_minutes")

        price_fen = d.pop("price_fen")

        currency = d.pop("currency")

        guides = []
        _guides = d.pop("guides")
        for guides_item_data in _guides:
            guides_item = OfferingGuide.from_dict(guides_item_data)

            guides.append(guides_item)

        bookable_service = cls(
            id=id,
            name=name,
            description=description,
            duration_minutes=duration_minutes,
            price_fen=price_fen,
            currency=currency,
            guides=guides,
        )

        bookable_service.additional_properties = d
        return bookable_service

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
