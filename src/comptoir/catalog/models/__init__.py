from comptoir.catalog.models.pricing import PriceList, PriceListItem
from comptoir.catalog.models.products import Product, ProductFamily
from comptoir.catalog.models.terms import CustomerCategory, CustomerDiscount, CustomerTerms

__all__ = [
    "CustomerCategory",
    "CustomerDiscount",
    "CustomerTerms",
    "PriceList",
    "PriceListItem",
    "Product",
    "ProductFamily",
]
