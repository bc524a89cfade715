from enum import StrEnum


class OrderCreateChannel(StrEnum):
    CAMPAIGN = "campaign"
    GUIDE_SHARE = "guide_share"
    MINI_PROGRAM = "mini_program"
    QR = "qr"
    STORE_ASSISTED = "store_assisted"

    def __str__(self) -> str:
        return str(self.value)
