"""Contains all the data models used in inputs/outputs"""

from .account_deletion import AccountDeletion
from .appointment_create import AppointmentCreate
from .appointment_create_source import AppointmentCreateSource
from .appointment_move import AppointmentMove
from .availability import Availability
from .availability_query import AvailabilityQuery
from .bookable_service import BookableService
from .cart_line import CartLine
from .case_create import CaseCreate
from .case_create_kind import CaseCreateKind
from .case_line import CaseLine
from .case_line_read import CaseLineRead
from .case_mine import CaseMine
from .case_step_mine import CaseStepMine
from .checkout_preview import CheckoutPreview
from .checkout_price_read import CheckoutPriceRead
from .consent_event_read import ConsentEventRead
from .consents_read import ConsentsRead
from .consents_update import ConsentsUpdate
from .coupon_read import CouponRead
from .coupon_read_kind import CouponReadKind
from .delivery_address import DeliveryAddress
from .delivery_option import DeliveryOption
from .error_body import ErrorBody
from .error_detail import ErrorDetail
from .feedback_create import FeedbackCreate
from .feedback_create_scale import FeedbackCreateScale
from .feedback_read import FeedbackRead
from .feedback_read_scale import FeedbackReadScale
from .guide_profile import GuideProfile
from .history_item import HistoryItem
from .history_item_details import HistoryItemDetails
from .invitation_read import InvitationRead
from .line_availability import LineAvailability
from .line_availability_level import LineAvailabilityLevel
from .location_consent import LocationConsent
from .login_read import LoginRead
from .login_request import LoginRequest
from .member_data_export import MemberDataExport
from .member_profile import MemberProfile
from .member_read import MemberRead
from .member_update import MemberUpdate
from .my_appointments_when import MyAppointmentsWhen
from .nearby_store import NearbyStore
from .nearby_stores import NearbyStores
from .next_slots import NextSlots
from .offering_guide import OfferingGuide
from .opening_hours_read import OpeningHoursRead
from .order_create import OrderCreate
from .order_create_channel import OrderCreateChannel
from .order_create_fulfilment import OrderCreateFulfilment
from .order_line_read import OrderLineRead
from .order_read import OrderRead
from .page_order_read import PageOrderRead
from .page_product_read import PageProductRead
from .page_shopper_appointment_read import PageShopperAppointmentRead
from .pay_link_open import PayLinkOpen
from .payment_info import PaymentInfo
from .pickup_option import PickupOption
from .pickup_pass import PickupPass
from .points_entry_read import PointsEntryRead
from .preview_warning import PreviewWarning
from .preview_warning_details_type_0 import PreviewWarningDetailsType0
from .priced_line_read import PricedLineRead
from .product_page import ProductPage
from .product_read import ProductRead
from .recommendation_list import RecommendationList
from .recommendation_settings import RecommendationSettings
from .recommended import Recommended
from .recommended_why import RecommendedWhy
from .scan_create import ScanCreate
from .scan_result import ScanResult
from .scan_result_action import ScanResultAction
from .scan_result_availability_type_0 import ScanResultAvailabilityType0
from .scan_result_booking_type_0 import ScanResultBookingType0
from .scan_result_campaign_type_0 import ScanResultCampaignType0
from .scan_result_check_in_type_0 import ScanResultCheckInType0
from .scan_result_guide_type_0 import ScanResultGuideType0
from .scan_result_kind import ScanResultKind
from .scan_result_product_type_0 import ScanResultProductType0
from .scan_result_store_type_0 import ScanResultStoreType0
from .service_read import ServiceRead
from .shopper_appointment_read import ShopperAppointmentRead
from .shopper_order_read import ShopperOrderRead
from .sku_read import SkuRead
from .slot_read import SlotRead
from .store_services import StoreServices
from .try_on_item import TryOnItem
from .wallet_coupon import WalletCoupon
from .wallet_coupon_state import WalletCouponState
from .we_chat_pay_params import WeChatPayParams

__all__ = (
    "AccountDeletion",
    "AppointmentCreate",
    "AppointmentCreateSource",
    "AppointmentMove",
    "Availability",
    "AvailabilityQuery",
    "BookableService",
    "CartLine",
    "CaseCreate",
    "CaseCreateKind",
    "CaseLine",
    "CaseLineRead",
    "CaseMine",
    "CaseStepMine",
    "CheckoutPreview",
    "CheckoutPriceRead",
    "ConsentEventRead",
    "ConsentsRead",
    "ConsentsUpdate",
    "CouponRead",
    "CouponReadKind",
    "DeliveryAddress",
    "DeliveryOption",
    "ErrorBody",
    "ErrorDetail",
    "FeedbackCreate",
    "FeedbackCreateScale",
    "FeedbackRead",
    "FeedbackReadScale",
    "GuideProfile",
    "HistoryItem",
    "HistoryItemDetails",
    "InvitationRead",
    "LineAvailability",
    "LineAvailabilityLevel",
    "LocationConsent",
    "LoginRead",
    "LoginRequest",
    "MemberDataExport",
    "MemberProfile",
    "MemberRead",
    "MemberUpdate",
    "MyAppointmentsWhen",
    "NearbyStore",
    "NearbyStores",
    "NextSlots",
    "OfferingGuide",
    "OpeningHoursRead",
    "OrderCreate",
    "OrderCreateChannel",
    "OrderCreateFulfilment",
    "OrderLineRead",
    "OrderRead",
    "PageOrderRead",
    "PageProductRead",
    "PageShopperAppointmentRead",
    "PayLinkOpen",
    "PaymentInfo",
    "PickupOption",
    "PickupPass",
    "PointsEntryRead",
    "PreviewWarning",
    "PreviewWarningDetailsType0",
    "PricedLineRead",
    "ProductPage",
    "ProductRead",
    "RecommendationList",
    "RecommendationSettings",
    "Recommended",
    "RecommendedWhy",
    "ScanCreate",
    "ScanResult",
    "ScanResultAction",
    "ScanResultAvailabilityType0",
    "ScanResultBookingType0",
    "ScanResultCampaignType0",
    "ScanResultCheckInType0",
    "ScanResultGuideType0",
    "ScanResultKind",
    "ScanResultProductType0",
    "ScanResultStoreType0",
    "ServiceRead",
    "ShopperAppointmentRead",
    "ShopperOrderRead",
    "SkuRead",
    "SlotRead",
    "StoreServices",
    "TryOnItem",
    "WalletCoupon",
    "WalletCouponState",
    "WeChatPayParams",
)
