from enum import StrEnum


class ScanResultAction(StrEnum):
    CAMPAIGN = "campaign"
    CHECK_IN = "check_in"
    GUIDE = "guide"
    LOGIN_TO_CHECK_IN = "login_to_check_in"
    PRODUCT = "product"

    def __str__(self) -> str:
        return str(self.value)
