from enum import StrEnum


class RecommendedWhy(StrEnum):
    BOUGHT_TOGETHER = "bought_together"
    POPULAR_NEARBY = "popular_nearby"
    SIMILAR_MEMBERS = "similar_members"
    VIEWED = "viewed"

    def __str__(self) -> str:
        return str(self.value)
