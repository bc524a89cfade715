from enum import StrEnum


class CouponReadKind(StrEnum):
    AMOUNT_OFF = "amount_off"
    PERCENT_OFF = "percent_off"

    def __str__(self) -> str:
        return str(self.value)
