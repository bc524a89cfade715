from enum import StrEnum


class FeedbackCreateScale(StrEnum):
    CSAT = "csat"
    NPS = "nps"

    def __str__(self) -> str:
        return str(self.value)
