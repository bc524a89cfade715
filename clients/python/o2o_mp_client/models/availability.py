from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.delivery_option import DeliveryOption
    from ..models.pickup_option import PickupOption


T = TypeVar("T", bound="Availability")


@_attrs_define
class Availability:
    """
    Attributes:
        pickup (list[PickupOption]):
        delivery (DeliveryOption):
    """

    pickup: list[PickupOption]
    delivery: DeliveryOption
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pickup = []
        for pickup_item_data in self.pickup:
            pickup_item = pickup_item_data.to_dict()
            pickup.append(pickup_item)

        delivery = self.delivery.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pickup": pickup,
                "delivery": delivery,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_option import DeliveryOption
        from ..models.pickup_option import PickupOption

        d = dict(src_dict)
        pickup = []
        _pickup = d.pop("pickup")
        for pickup_item_data in _pickup:
            pickup_item = PickupOption.from_dict(pickup_item_data)

            pickup.append(pickup_item)

        delivery = DeliveryOption.from_dict(d.pop("delivery"))

        availability = cls(
            pickup=pickup,
            delivery=delivery,
        )

        availability.additional_properties = d
        return availability

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
