"""The demo catalog: an outdoor apparel brand, about 300 SKUs."""

from __future__ import annotations

import random
from dataclasses import dataclass

LINES = {
    "jackets": (("Storm Shell", "Down Parka", "Trail Softshell", "Wind Anorak"), (69900, 199900)),
    "fleece": (("Grid Fleece", "Alpine Hoodie", "Polar Zip"), (29900, 79900)),
    "trousers": (("Trek Pants", "Convertible Pants", "Climbing Shorts"), (29900, 69900)),
    "footwear": (("Trail Runner", "Hiking Boot", "Approach Shoe"), (49900, 129900)),
    "packs": (("Daypack 22L", "Trek Pack 45L", "City Sling"), (19900, 109900)),
    "accessories": (("Merino Beanie", "Sun Cap", "Trek Socks", "Buff Scarf"), (5900, 19900)),
}
CATEGORY_NAMES = {
    "jackets": "Jackets",
    "fleece": "Fleece",
    "trousers": "Trousers",
    "footwear": "Footwear",
    "packs": "Packs",
    "accessories": "Accessories",
}
#: Pictures by URL; the demo's are placeholders on a reserved domain.
IMAGE_BASE = "https://img.yunshan.example/p"
COLOURS = ("Black", "Navy", "Olive", "Sand", "Red", "Grey")
SIZES = {
    "jackets": ("S", "M", "L", "XL"),
    "fleece": ("S", "M", "L", "XL"),
    "trousers": ("28", "30", "32", "34"),
    "footwear": ("39", "40", "41", "42", "43"),
    "packs": ("One size",),
    "accessories": ("One size",),
}
SEASONS = ("Classic", "Pro", "Lite", "Urban", "Summit")


@dataclass(frozen=True)
class DemoSku:
    code: str
    variant: str
    price_fen: int


@dataclass(frozen=True)
class DemoProduct:
    code: str
    name: str
    description: str
    category: str
    skus: tuple[DemoSku, ...]

    @property
    def image_urls(self) -> list[str]:
        return [f"{IMAGE_BASE}/{self.code}/front.jpg", f"{IMAGE_BASE}/{self.code}/back.jpg"]


def demo_catalog(rng: random.Random, target_skus: int = 300) -> list[DemoProduct]:
    """Products in every line until about ``target_skus`` SKUs exist."""
    products: list[DemoProduct] = []
    count = 0
    n = 0
    while count < target_skus:
        for category, (names, (low, high)) in LINES.items():
            if count >= target_skus:
                break
            n += 1
            name = f"{rng.choice(names)} {SEASONS[n % len(SEASONS)]}"
            price = rng.randrange(low, high, 1000) - 100
            colours = rng.sample(COLOURS, 2 if SIZES[category][0] != "One size" else 3)
            code = f"P{n:04d}"
            skus = tuple(
                DemoSku(code=f"{code}-{ci}{si}", variant=f"{colour} / {size}", price_fen=price)
                for ci, colour in enumerate(colours)
                for si, size in enumerate(SIZES[category])
            )
            description = f"{name}: {category} from the Yunshan {SEASONS[n % 5]} line."
            products.append(DemoProduct(code, name, description, category, skus))
            count += len(skus)
    return products
