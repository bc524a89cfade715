from enum import StrEnum


class WalletCouponState(StrEnum):
    EXPIRED = "expired"
    REDEEMED = "redeemed"
    UPCOMING = "upcoming"
    USABLE = "usable"

    def __str__(self) -> str:
        return str(self.value)
