from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.recommended import Recommended
    from ..models.sku_read import SkuRead


T = TypeVar("T", bound="ProductPage")


@_attrs_define
class ProductPage:
    """A product on sale with what its buyers also bought (the same for every shopper).

    Attributes:
        id (int):
        code (str):
        name (str):
        description (str):
        category (str):
        skus (list[SkuRead]):
        image_urls (list[str] | Unset):
        bought_together (list[Recommended] | Unset): products often bought by this product's buyers
    """

    id: int
    code: str
    name: str
    description: str
    category: str
    skus: list[SkuRead]
    image_urls: list[str] | Unset = UNSET
    bought_together: list[Recommended] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code

        name = self.name

        description = self.description

        category = self.category

        skus = []
        for skus_item_data in self.skus:
            skus_item = skus_item_data.to_dict()
            skus.append(skus_item)

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        bought_together: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.bought_together, Unset):
            bought_together = []
            for bought_together_item_data in self.bought_together:
                bought_together_item = bought_together_item_data.to_dict()
                bought_together.append(bought_together_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "name": name,
                "description": description,
                "category": category,
                "skus": skus,
            }
        )
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if bought_together is not UNSET:
            field_dict["bought_together"] = bought_together

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recommended import Recommended
        from ..models.sku_read import SkuRead

        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        name = d.pop("name")

        description = d.pop("description")

        category = d.pop("category")

        skus = []
        _skus = d.pop("skus")
        for skus_item_data in _skus:
            skus_item = SkuRead.from_dict(skus_item_data)

            skus.append(skus_item)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        _bought_together = d.pop("bought_together", UNSET)
        bought_together: list[Recommended] | Unset = UNSET
        if _bought_together is not UNSET:
            bought_together = []
            for bought_together_item_data in _bought_together:
                bought_together_item = Recommended.from_dict(bought_together_item_data)

                bought_together.append(bought_together_item)

        product_page = cls(
            id=id,
            code=code,
            name=name,
            description=description,
            category=category,
            skus=skus,
            image_urls=image_urls,
            bought_together=bought_together,
        )

        product_page.additional_properties = d
        return product_page

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
