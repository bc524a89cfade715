from enum import StrEnum


class OrderCreateFulfilment(StrEnum):
    DELIVERY = "delivery"
    PICKUP = "pickup"

    def __str__(self) -> str:
        return str(self.value)
