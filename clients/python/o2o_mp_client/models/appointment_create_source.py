from enum import StrEnum


class AppointmentCreateSource(StrEnum):
    GUIDE_CARD = "guide_card"
    REMINDER = "reminder"
    STORE_PAGE = "store_page"
    TABLET = "tablet"

    def __str__(self) -> str:
        return str(self.value)
