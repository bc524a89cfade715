from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scan_result_action import ScanResultAction
from ..models.scan_result_kind import ScanResultKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scan_result_availability_type_0 import ScanResultAvailabilityType0
    from ..models.scan_result_booking_type_0 import ScanResultBookingType0
    from ..models.scan_result_campaign_type_0 import ScanResultCampaignType0
    from ..models.scan_result_check_in_type_0 import ScanResultCheckInType0
    from ..models.scan_result_guide_type_0 import ScanResultGuideType0
    from ..models.scan_result_product_type_0 import ScanResultProductType0
    from ..models.scan_result_store_type_0 import ScanResultStoreType0


T = TypeVar("T", bound="ScanResult")


@_attrs_define
class ScanResult:
    """What the mini-program should do after a scan.

    Attributes:
        scan_id (int):
        touchpoint_id (int):
        kind (ScanResultKind):
        action (ScanResultAction):
        store (None | ScanResultStoreType0 | Unset):
        check_in (None | ScanResultCheckInType0 | Unset):
        points_awarded (int | Unset):  Default: 0.
        product (None | ScanResultProductType0 | Unset):
        availability (None | ScanResultAvailabilityType0 | Unset):
        guide (None | ScanResultGuideType0 | Unset):
        booking (None | ScanResultBookingType0 | Unset):
        campaign (None | ScanResultCampaignType0 | Unset):
    """

    scan_id: int
    touchpoint_id: int
    kind: ScanResultKind
    action: ScanResultAction
    store: ScanResultStoreType0 | Unset | None = UNSET
    check_in: ScanResultCheckInType0 | Unset | None = UNSET
    points_awarded: int | Unset = 0
    product: ScanResultProductType0 | Unset | None = UNSET
    availability: ScanResultAvailabilityType0 | Unset | None = UNSET
    guide: ScanResultGuideType0 | Unset | None = UNSET
    booking: ScanResultBookingType0 | Unset | None = UNSET
    campaign: ScanResultCampaignType0 | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.scan_result_availability_type_0 import ScanResultAvailabilityType0
        from ..models.scan_result_booking_type_0 import ScanResultBookingType0
        from ..models.scan_result_campaign_type_0 import ScanResultCampaignType0
        from ..models.scan_result_check_in_type_0 import ScanResultCheckInType0
        from ..models.scan_result_guide_type_0 import ScanResultGuideType0
        from ..models.scan_result_product_type_0 import ScanResultProductType0
        from ..models.scan_result_store_type_0 import ScanResultStoreType0

        scan_id = self.scan_id

        touchpoint_id = self.touchpoint_id

        kind = self.kind.value

        action = self.action.value

        store: dict[str, Any] | Unset | None
        if isinstance(self.store, Unset):
            store = UNSET
        elif isinstance(self.store, ScanResultStoreType0):
            store = self.store.to_dict()
        else:
            store = self.store

        check_in: dict[str, Any] | Unset | None
        if isinstance(self.check_in, Unset):
            check_in = UNSET
        elif isinstance(self.check_in, ScanResultCheckInType0):
            check_in = self.check_in.to_dict()
        else:
            check_in = self.check_in

        points_awarded = self.points_awarded

        product: dict[str, Any] | Unset | None
        if isinstance(self.product, Unset):
            product = UNSET
        elif isinstance(self.product, ScanResultProductType0):
            product = self.product.to_dict()
        else:
            product = self.product

        availability: dict[str, Any] | Unset | None
        if isinstance(self.availability, Unset):
            availability = UNSET
        elif isinstance(self.availability, ScanResultAvailabilityType0):
            availability = self.availability.to_dict()
        else:
            availability = self.availability

        guide: dict[str, Any] | Unset | None
        if isinstance(self.guide, Unset):
            guide = UNSET
        elif isinstance(self.guide, ScanResultGuideType0):
            guide = self.guide.to_dict()
        else:
            guide = self.guide

        booking: dict[str, Any] | Unset | None
        if isinstance(self.booking, Unset):
            booking = UNSET
        elif isinstance(self.booking, ScanResultBookingType0):
            booking = self.booking.to_dict()
        else:
            booking = self.booking

        campaign: dict[str, Any] | Unset | None
        if isinstance(self.campaign, Unset):
            campaign = UNSET
        elif isinstance(self.campaign, ScanResultCampaignType0):
            campaign = self.campaign.to_dict()
        else:
            campaign = self.campaign

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scan_id": scan_id,
                "touchpoint_id": touchpoint_id,
                "kind": kind,
                "action": action,
            }
        )
        if store is not UNSET:
            field_dict["store"] = store
        if check_in is not UNSET:
            field_dict["check_in"] = check_in
        if points_awarded is not UNSET:
            field_dict["points_awarded"] = points_awarded
        if product is not UNSET:
            field_dict["product"] = product
        if availability is not UNSET:
            field_dict["availability"] = availability
        if guide is not UNSET:
            field_dict["guide"] = guide
        if booking is not UNSET:
            field_dict["booking"] = booking
        if campaign is not UNSET:
            field_dict["campaign"] = campaign

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scan_result_availability_type_0 import ScanResultAvailabilityType0
        from ..models.scan_result_booking_type_0 import ScanResultBookingType0
        from ..models.scan_result_campaign_type_0 import ScanResultCampaignType0
        from ..models.scan_result_check_in_type_0 import ScanResultCheckInType0
        from ..models.scan_result_guide_type_0 import ScanResultGuideType0
        from ..models.scan_result_product_type_0 import ScanResultProductType0
        from ..models.scan_result_store_type_0 import ScanResultStoreType0

        d = dict(src_dict)
        scan_id = d.pop("scan_id")

        touchpoint_id = d.pop("touchpoint_id")

        kind = ScanResultKind(d.pop("kind"))

        action = ScanResultAction(d.pop("action"))

        def _parse_store(data: object) -> ScanResultStoreType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                store_type_0 = ScanResultStoreType0.from_dict(data)

                return store_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanResultStoreType0 | Unset, data)

        store = _parse_store(d.pop("store", UNSET))

        def _parse_check_in(data: object) -> ScanResultCheckInType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                check_in_type_0 = ScanResultCheckInType0.from_dict(data)

                return check_in_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanResultCheckInType0 | Unset, data)

        check_in = _parse_check_in(d.pop("check_in", UNSET))

        points_awarded = d.pop("points_awarded", UNSET)

        def _parse_product(data: object) -> ScanResultProductType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                product_type_0 = ScanResultProductType0.from_dict(data)

                return product_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanResultProductType0 | Unset, data)

        product = _parse_product(d.pop("product", UNSET))

        def _parse_availability(data: object) -> ScanResultAvailabilityType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                availability_type_0 = ScanResultAvailabilityType0.from_dict(data)

                return availability_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanResultAvailabilityType0 | Unset, data)

        availability = _parse_availability(d.pop("availability", UNSET))

        def _parse_guide(data: object) -> ScanResultGuideType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                guide_type_0 = ScanResultGuideType0.from_dict(data)

                return guide_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanResultGuideType0 | Unset, data)

        guide = _parse_guide(d.pop("guide", UNSET))

        def _parse_booking(data: object) -> ScanResultBookingType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                booking_type_0 = ScanResultBookingType0.from_dict(data)

                return booking_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanResultBookingType0 | Unset, data)

        booking = _parse_booking(d.pop("booking", UNSET))

        def _parse_campaign(data: object) -> ScanResultCampaignType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                campaign_type_0 = ScanResultCampaignType0.from_dict(data)

                return campaign_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanResultCampaignType0 | Unset, data)

        campaign = _parse_campaign(d.pop("campaign", UNSET))

        scan_result = cls(
            scan_id=scan_id,
            touchpoint_id=touchpoint_id,
            kind=kind,
            action=action,
            store=store,
            check_in=check_in,
            points_awarded=points_awarded,
            product=product,
            availability=availability,
            guide=guide,
            booking=booking,
            campaign=campaign,
        )

        scan_result.additional_properties = d
        return scan_result

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
