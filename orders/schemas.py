"""Order schemas: what shoppers send and what shoppers and guides read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from inventory.schemas import CartLine

# ``Channel`` is public here: promotions scope coupons by it (orders.states is private).
from orders.states import Channel, Fulfilment
from services.platform.examples import example_of, examples
from services.platform.inputs import BodyBigId, Id, InputModel


class DeliveryAddress(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Chen Jing",
                    "phone": "+8613800138000",
                    "city": "Shanghai",
                    "address": "Room 1202, 88 Xinhua Road, Changning District",
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=5, max_length=32)
    city: str = Field(min_length=1, max_length=100)
    address: str = Field(min_length=1, max_length=300)


class OrderCreate(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "fulfilment": "pickup",
                    "store_id": 1,
                    "lines": [{"sku_id": 101, "quantity": 1}],
                    "channel": "mini_program",
                }
            ]
        },
    )

    fulfilment: Fulfilment = "pickup"
    store_id: Id | None = None
    delivery_address: DeliveryAddress | None = None
    lines: list[CartLine] = Field(min_length=1, max_length=50)
    channel: Channel = Field(
        default="mini_program",
        description="ignored: the server derives the channel from its evidence",
    )
    touchpoint_id: Id | None = Field(
        default=None, description="credited only if this shopper scanned it recently"
    )
    guide_id: Id | None = Field(
        default=None,
        description="a guide at the pickup store or in its region (else 422); see share",
    )
    share: str | None = Field(
        default=None,
        max_length=200,
        description="a guide's share link token (GET /tablet/v1/me/share-link): credits them",
    )
    points: int = Field(
        default=0,
        ge=0,
        le=100_000_000,
        description="points to pay with, at most; the price uses what the cart allows"
        " (see points_max in POST /checkout/preview)",
    )
    coupon_id: BodyBigId | None = Field(
        default=None, description="a usable coupon of your wallet (`id` in GET /coupons)"
    )

    @model_validator(mode="after")
    def _destination(self) -> OrderCreate:
        if self.fulfilment == "pickup" and (self.store_id is None or self.delivery_address):
            raise ValueError("a pickup order needs store_id and no delivery_address")
        if self.fulfilment == "delivery" and (self.delivery_address is None or self.store_id):
            raise ValueError("a delivery order needs delivery_address and no store_id")
        return self


class OrderLineRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "sku_id": 101,
                    "product_name": "Storm Shell Pro",
                    "variant": "Black / M",
                    "unit_price_fen": 129900,
                    "quantity": 1,
                    "coupon_discount_fen": 0,
                    "points_discount_fen": 5000,
                }
            ]
        },
    )

    sku_id: int
    product_name: str
    variant: str
    unit_price_fen: int
    quantity: int
    #: This line's share of the order's discounts (orders.pricing).
    coupon_discount_fen: int
    points_discount_fen: int


class WeChatPayParams(BaseModel):
    """``wx.requestPayment``'s arguments, signed (RSA) with the merchant's key."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "appId": "wx5f1c0d2e3a4b6c7d",
                    "timeStamp": "1764403200",
                    "nonceStr": "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
                    "package": "prepay_id=wx2916302118163900f5c4a3d1b0c8e20000",
                    "signType": "RSA",
                    "paySign": "oR9d8PuhnIc+YZ8cBHFCwfgpaK9gd7vaRvkYD7rthRAZ...",
                }
            ]
        }
    )

    appId: str
    timeStamp: str
    nonceStr: str
    package: str
    signType: str
    paySign: str


class PaymentInfo(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "gateway": "offline",
                    "intent_id": "offline_pi_Oq3Zk7xPa2Lm",
                    "client_secret": "offline_pi_Oq3Zk7xPa2Lm_secret",
                    "status": "requires_payment",
                }
            ]
        }
    )

    gateway: str
    intent_id: str | None
    client_secret: str | None
    status: str
    wechat_pay: WeChatPayParams | None = Field(
        default=None,
        description="WeChat Pay only, while the order awaits payment: pass to wx.requestPayment",
    )


class PickupPass(BaseModel):
    """Shown to the shopper only: what the guide checks at the counter."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "482913",
                    "qr": "PK1.Oq3Zk7xPa2Lm.1.k1.Vb0sQx2nW9d1cT4e",
                    "collect_by": "2026-12-03T14:00:00Z",
                }
            ]
        }
    )

    code: str
    qr: str
    collect_by: datetime | None


class OrderRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "number": "Oq3Zk7xPa2Lm",
                "status": "pending_payment",
                "fulfilment": "pickup",
                "store_id": 1,
                "delivery_address": None,
                "lines": [example_of(OrderLineRead)],
                "total_fen": 124900,
                "refunded_fen": 0,
                "subtotal_fen": 129900,
                "coupon_discount_fen": 0,
                "points_spent": 5000,
                "points_discount_fen": 5000,
                "points_earned": 0,
                "points_returned": 0,
                "coupon_id": None,
                "currency": "CNY",
                "channel": "mini_program",
                "touchpoint_id": None,
                "guide_id": None,
                "hold_until": "2026-11-28T06:27:41Z",
                "collect_by": None,
                "created_at": "2026-11-28T06:12:41Z",
                "paid_at": None,
                "ready_at": None,
                "closed_at": None,
                "carrier": None,
                "tracking_number": None,
                "shipped_at": None,
                "payment": example_of(PaymentInfo),
                "pickup": None,
            }
        ),
    )

    number: str
    status: str
    fulfilment: str
    store_id: int | None
    delivery_address: DeliveryAddress | None
    lines: list[OrderLineRead]
    total_fen: int = Field(description="paid in money: subtotal_fen less the discounts")
    refunded_fen: int
    subtotal_fen: int = Field(description="what the goods cost before discounts")
    coupon_discount_fen: int
    points_spent: int
    points_discount_fen: int
    points_earned: int = Field(description="earned when the order is picked up or delivered")
    points_returned: int = Field(description="spent points given back (cancel, expiry, refund)")
    coupon_id: int | None = Field(
        default=None, description="the wallet coupon this order redeemed (given back if it lapses)"
    )
    currency: str
    channel: str
    touchpoint_id: int | None
    guide_id: int | None
    hold_until: datetime
    collect_by: datetime | None
    created_at: datetime
    paid_at: datetime | None
    ready_at: datetime | None
    closed_at: datetime | None
    carrier: str | None = None
    tracking_number: str | None = None
    shipped_at: datetime | None = None
    payment: PaymentInfo | None = None
    pickup: PickupPass | None = None


class Shipment(InputModel):
    """A delivery order leaves the warehouse with a carrier's tracking number."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"carrier": "SF Express", "tracking_number": "SF1428837465012"}]
        },
    )

    carrier: str = Field(min_length=1, max_length=40)
    tracking_number: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9-]+$")


class ReturnedLine(InputModel):
    """Units of one SKU the shopper brought back, in a state to sell again."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"sku_id": 101, "quantity": 1}]})

    sku_id: Id
    quantity: int = Field(gt=0, le=99)


class RefundCreate(InputModel):
    """Money back for part (or the rest) of a paid order: a returned line, a goodwill credit.

    ``returned`` names goods that came back (a collected or delivered order only): they go
    back on the shelf they left as ``return_restocked``. Money alone restocks nothing.
    """

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "amount_fen": 29900,
                    "reason": "returned one pair of Trek Socks",
                    "returned": [{"sku_id": 101, "quantity": 1}],
                }
            ]
        },
    )

    amount_fen: int = Field(gt=0, le=100_000_000)
    reason: str = Field(min_length=1, max_length=200)
    returned: list[ReturnedLine] = Field(default_factory=list, max_length=50)


class Handover(InputModel):
    """At the counter: the typed pickup code or the scanned pickup QR."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"code": "482913"}]})

    code: str | None = Field(default=None, pattern=r"^\s*[0-9]{6}\s*$")
    qr: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _one(self) -> Handover:
        if (self.code is None) == (self.qr is None):
            raise ValueError("give exactly one of code or qr")
        return self


class OrderActivity(BaseModel):
    """An order as it appears in a member's cross-channel history."""

    number: str
    status: str
    fulfilment: str
    store_id: int | None
    total_fen: int
    channel: str
    touchpoint_id: int | None
    created_at: datetime


class GuideSales(BaseModel):
    """Orders credited to one guide and paid in a period (refunds made since included)."""

    orders: int
    gmv_fen: int
    refunded_fen: int
    assisted_orders: int


class OrderPlacement(BaseModel):
    member_id: int
    at: datetime
    store_id: int | None


class OrderTouch(BaseModel):
    """An order as campaign results read it (``member_coupon_id``: the wallet entry redeemed)."""

    member_id: int
    store_id: int | None
    fulfilment: str
    channel: str
    touchpoint_id: int | None
    member_coupon_id: int | None


class CheckoutPreview(InputModel):
    """A cart, the points and the coupon to pay with: priced as ``POST /orders`` would price it.

    With a coupon, send what the order will send about where it is collected and who
    to credit (``store_id``; ``touchpoint_id``, ``guide_id``, ``share``): a coupon may
    hold for some stores, regions or channels only.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "lines": [{"sku_id": 101, "quantity": 1}],
                    "points": 5000,
                    "store_id": 1,
                    "coupon_id": 41,
                }
            ]
        },
    )

    lines: list[CartLine] = Field(min_length=1, max_length=50)
    points: int = Field(default=0, ge=0, le=100_000_000, description="points to pay with, at most")
    coupon_id: BodyBigId | None = Field(
        default=None, description="a usable coupon of your wallet (`id` in GET /coupons)"
    )
    store_id: Id | None = Field(default=None, description="the pickup store; none: delivery")
    touchpoint_id: Id | None = None
    guide_id: Id | None = None
    share: str | None = Field(default=None, max_length=200)


class PricedLineRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "sku_id": 101,
                    "product_name": "Storm Shell Pro",
                    "variant": "Black / M",
                    "unit_price_fen": 129900,
                    "quantity": 1,
                    "line_total_fen": 129900,
                    "coupon_discount_fen": 0,
                    "points_discount_fen": 5000,
                    "paid_fen": 124900,
                }
            ]
        }
    )

    sku_id: int
    product_name: str
    variant: str
    unit_price_fen: int
    quantity: int
    line_total_fen: int
    coupon_discount_fen: int
    points_discount_fen: int
    paid_fen: int


class PreviewWarning(BaseModel):
    """What placing this cart now would refuse, with the error ``code`` it would answer."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "code": "out_of_stock",
                "message": "the units are held for your try-on appointment at Yunshan Shanghai 1:"
                " buy them there, or cancel the appointment first",
                "details": {
                    "sku_id": 101,
                    "store_id": 1,
                    "store_name": "Yunshan Shanghai 1",
                    "reason": "held_by_your_try_on",
                },
            }
        )
    )

    code: str
    message: str
    details: dict[str, Any] | None = None


class CheckoutPriceRead(BaseModel):
    """The price an order placed now from this cart would get (orders.pricing)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "lines": [example_of(PricedLineRead)],
                "subtotal_fen": 129900,
                "coupon_discount_fen": 0,
                "points_spent": 5000,
                "points_discount_fen": 5000,
                "total_fen": 124900,
                "currency": "CNY",
                "points_balance": 12000,
                "points_max": 64950,
                "points_requested": 5000,
                "points_clamped": False,
                "points_note": None,
                "warnings": [],
            }
        )
    )

    lines: list[PricedLineRead]
    subtotal_fen: int
    coupon_discount_fen: int
    points_spent: int
    points_discount_fen: int
    total_fen: int = Field(description="to pay in money; the order's total_fen")
    currency: str
    points_balance: int
    points_max: int = Field(description="the most points this cart can use")
    points_requested: int = Field(default=0, description="`points` as sent")
    points_clamped: bool = Field(
        default=False,
        description="fewer points are used than requested (the balance or the cart's cap);"
        " `points_spent` is what is used",
    )
    points_note: str | None = Field(default=None, description="why, when clamped")
    warnings: list[PreviewWarning] = Field(
        default_factory=list,
        description="what placing this cart now would refuse, e.g. `out_of_stock` at the store",
    )
