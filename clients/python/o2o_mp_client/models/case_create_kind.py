from enum import StrEnum


class CaseCreateKind(StrEnum):
    COMPLAINT = "complaint"
    EXCHANGE = "exchange"
    RETURN = "return"

    def __str__(self) -> str:
        return str(self.value)
