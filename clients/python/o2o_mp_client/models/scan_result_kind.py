from enum import StrEnum


class ScanResultKind(StrEnum):
    CAMPAIGN = "campaign"
    GUIDE_CARD = "guide_card"
    PACKAGE = "package"
    POSTER = "poster"
    SHELF = "shelf"
    STORE_ENTRANCE = "store_entrance"

    def __str__(self) -> str:
        return str(self.value)
