from enum import StrEnum


class MyAppointmentsWhen(StrEnum):
    PAST = "past"
    UPCOMING = "upcoming"

    def __str__(self) -> str:
        return str(self.value)
